package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Source;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects one analysis runs over: files overlaid on the cluster (a file's object replaces the
 * cluster's of the same kind, namespace and name, analyze.md §1.1), indexed by kind and by
 * namespace/name. Objects in the Kubernetes system namespaces are left out, as istioctl does.
 *
 * @param clusterKinds the kinds read from the cluster (all of them: "none found" is then a fact)
 * @param apis the authentication API flavours the cluster serves; null when no cluster was read
 * @param namespace where file objects without a namespace live (-n, else the context's, else default)
 */
public record MeshObjects(Map<String, List<Resource>> byKind, Set<String> clusterKinds, MeshSnapshot.ApiFlavours apis,
    String namespace, String istioNamespace) {

  /** The Kubernetes namespaces istioctl analyze never looks at. */
  public static final Set<String> EXCLUDED_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease",
      "local-path-storage");

  public List<Resource> all(String kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  /** Whether the analysis knows this kind: read from the cluster, or present in the files. */
  public boolean knows(String kind) {
    return clusterKinds.contains(kind) || byKind.containsKey(kind);
  }

  /** Whether a cluster was read (alone or under files). */
  public boolean live() {
    return apis != null;
  }

  public int size() {
    return byKind.values().stream().mapToInt(List::size).sum();
  }

  public static Builder builder(String namespace, String istioNamespace) {
    return new Builder(namespace, istioNamespace);
  }

  /** Collects files first, then the cluster: the first object with a kind/namespace/name wins. */
  public static final class Builder {
    private final String namespace;
    private final String istioNamespace;
    private final Map<String, Resource> objects = new LinkedHashMap<>();
    private final Set<String> clusterKinds = new LinkedHashSet<>();
    private MeshSnapshot.ApiFlavours apis;

    Builder(String namespace, String istioNamespace) {
      this.namespace = namespace;
      this.istioNamespace = istioNamespace;
    }

    /** One document of a file; List documents add each item, at its own line. */
    public Builder addDocument(Document d, boolean json) {
      if (d.isEmpty() || !d.isObject()) {
        return this;
      }
      // istioctl names standard input "-"
      String file = d.source().file().equals(Source.STDIN) ? "-" : d.source().file();
      if (Manifests.isList(d.tree())) {
        JsonNode items = d.tree().get("items");
        for (int i = 0; i < items.size(); i++) {
          String prefix = "{.items[" + i + "]";
          Map<String, Integer> lines = new HashMap<>();
          int first = Integer.MAX_VALUE;
          for (Map.Entry<String, Integer> e : d.lines().entrySet()) {
            if (e.getKey().startsWith(prefix + ".") || e.getKey().startsWith(prefix + "[")) {
              lines.put("{" + e.getKey().substring(prefix.length()), e.getValue());
              first = Math.min(first, e.getValue());
            }
          }
          add(items.get(i), new Resource.Location(file,
              first == Integer.MAX_VALUE ? d.source().line() : first, lines, json));
        }
        return this;
      }
      return add(d.tree(), new Resource.Location(file, d.source().line(), d.lines(), json));
    }

    /** Objects of one kind the cluster listed; the kind counts as read even when the list is empty. */
    public Builder addCluster(String kindKey, Iterable<? extends JsonNode> list) {
      clusterKinds.add(kindKey);
      list.forEach(o -> add(o, null));
      return this;
    }

    public Builder apis(MeshSnapshot.ApiFlavours apis) {
      this.apis = apis;
      return this;
    }

    /** An object (a test's, or another command's); {@code location} null for the cluster's. */
    public Builder add(JsonNode o, Resource.Location location) {
      if (o == null || !o.isObject()) {
        return this;
      }
      String kind = Manifests.text(o, "kind");
      String apiVersion = Manifests.text(o, "apiVersion");
      String name = Manifests.text(o.path("metadata"), "name");
      if (kind == null || name == null) {
        return this;
      }
      String ns = "";
      if (!Kinds.clusterScoped(kind)) {
        ns = Manifests.text(o.path("metadata"), "namespace");
        if (ns == null || ns.isEmpty()) {
          ns = namespace;
          // analyzers read the namespace from the tree too; keep both the same
          o = o.deepCopy();
          if (o.path("metadata").isObject()) {
            ((ObjectNode) o.get("metadata")).put("namespace", ns);
          }
        }
      }
      if (EXCLUDED_NAMESPACES.contains(kind.equals(Kinds.NAMESPACE) ? name : ns)) {
        return this;
      }
      Resource r = new Resource(apiVersion == null ? "" : apiVersion, kind, ns, name, o, location);
      objects.putIfAbsent(r.key() + " " + ns + "/" + name, r);
      return this;
    }

    public MeshObjects build() {
      Map<String, List<Resource>> byKind = new HashMap<>();
      for (Resource r : objects.values()) {
        byKind.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
      }
      byKind.replaceAll((k, v) -> Collections.unmodifiableList(v));
      return new MeshObjects(Map.copyOf(byKind), Set.copyOf(clusterKinds), apis, namespace, istioNamespace);
    }
  }
}
