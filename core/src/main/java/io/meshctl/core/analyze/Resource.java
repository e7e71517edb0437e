package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.Map;

/**
 * One object an analyzer looks at, from a file or the cluster, as a Jackson tree.
 *
 * @param kind the object's kind as written ({@code VirtualService}); {@link #key()} tells same-named kinds apart
 * @param namespace empty for cluster-scoped kinds
 * @param location where the object was written, null for the cluster's objects
 */
public record Resource(String apiVersion, String kind, String namespace, String name, JsonNode tree,
    Location location) {

  /**
   * A file position: the document's line, and every scalar field's line under istioctl's key
   * ({@code {.spec.gateways[2]}}, analyze.md §6).
   *
   * @param json a {@code .json} file: istioctl names it without a line
   */
  public record Location(String file, int line, Map<String, Integer> fields, boolean json) {

    /** {@code file:line}, the line of {@code field} when the file has it, else the document's. */
    public String reference(String field) {
      if (json) {
        return file;
      }
      Integer l = field == null ? null : fields.get(field);
      return file + ":" + (l != null ? l : line);
    }
  }

  /** The index key of the kind: Istio and Kubernetes built-in kinds by name, others as {@code group/Kind}. */
  public String key() {
    return Kinds.key(apiVersion, kind);
  }

  /** istioctl's friendly name: {@code VirtualService default/reviews}, {@code Namespace default}. */
  public String friendlyName() {
    return namespace.isEmpty() ? kind + " " + name : kind + " " + namespace + "/" + name;
  }

  /** {@code namespace/name}, as messages name other objects. */
  public String ref() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** The file reference of a message on this object pointing at {@code field}; null for cluster objects. */
  public String reference(String field) {
    return location == null ? null : location.reference(field);
  }

  public JsonNode metadata() {
    return tree.path("metadata");
  }

  public JsonNode spec() {
    return tree.path("spec");
  }

  public Map<String, String> labels() {
    return MeshSnapshot.stringMap(metadata().path("labels"));
  }

  public Map<String, String> annotations() {
    return MeshSnapshot.stringMap(metadata().path("annotations"));
  }

  /** A {@code map<string,string>} field (labels, a selector); empty when absent. */
  public static Map<String, String> stringMap(JsonNode node) {
    return MeshSnapshot.stringMap(node);
  }

  public String label(String key) {
    return Manifests.text(metadata().path("labels"), key);
  }

  public String annotation(String key) {
    return Manifests.text(metadata().path("annotations"), key);
  }
}
