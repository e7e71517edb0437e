package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The injector settings a cluster runs, read as {@code istioctl kube-inject} reads them: the
 * {@code values} and {@code config} keys of ConfigMap {@code istio-sidecar-injector[-<rev>]} and the
 * {@code mesh} key of ConfigMap {@code istio[-<rev>]}, both in the Istio namespace. The one place
 * meshctl reads these ConfigMaps; {@link #values()} also gives the injector's hub, tag and proxy image.
 */
public final class InjectorConfigMaps {

  public static final String INJECTOR = "istio-sidecar-injector";
  public static final String MESH = "istio";

  private InjectorConfigMaps() {
  }

  /** {@code base} or {@code base-<rev>}; the revision {@code default} is the unsuffixed one, as in istioctl. */
  public static String name(String base, String revision) {
    return revision == null || revision.isEmpty() || revision.equals("default") ? base : base + "-" + revision;
  }

  /**
   * The inputs of the named revision (null: the default one). A missing injector ConfigMap is
   * {@link MeshctlException.NotFound} saying what to do; a missing mesh ConfigMap leaves MeshConfig
   * at Istio's defaults, as the injector itself does.
   */
  public static IstioInputs read(Kube kube, String istioNamespace, String revision) {
    String injector = name(INJECTOR, revision);
    ObjectNode cm = kube.get(ResourceType.CONFIG_MAP, istioNamespace, injector).orElseThrow(() -> new MeshctlException.NotFound(
        "ConfigMap " + istioNamespace + "/" + injector + " not found at " + kube.server() + ": "
            + (revision == null ? "is Istio installed in " + istioNamespace + "? (-i names its namespace, --revision a revision)"
            : "is revision " + revision + " installed in " + istioNamespace + "?")
            + " To inject without the cluster's settings, pass --use-kube=false", null));
    return of(cm, kube.get(ResourceType.CONFIG_MAP, istioNamespace, name(MESH, revision)), istioNamespace, revision);
  }

  /** The inputs from the ConfigMaps as read: the injector's, and the mesh's when there is one. */
  public static IstioInputs of(ObjectNode cm, Optional<ObjectNode> meshCm, String istioNamespace, String revision) {
    String injector = name(INJECTOR, revision);
    String where = "ConfigMap " + istioNamespace + "/" + injector;
    JsonNode data = cm.path("data");
    List<String> notes = new ArrayList<>();
    ObjectNode values = data.hasNonNull("values") ? IstioInputs.parse(data.get("values").asText(), where + " key values")
        : Trees.F.objectNode();
    ObjectNode config = data.hasNonNull("config") ? IstioInputs.parse(data.get("config").asText(), where + " key config")
        : Trees.F.objectNode();
    if (!data.hasNonNull("values")) {
      notes.add(where + " has no 'values' key: images and proxy settings are meshctl's bundled ones");
    }
    boolean single = config.has("template") && !config.has("templates");
    String meshName = name(MESH, revision);
    ObjectNode mesh = Trees.F.objectNode();
    if (meshCm.isPresent() && meshCm.get().path("data").hasNonNull("mesh")) {
      mesh = IstioInputs.parse(meshCm.get().path("data").path("mesh").asText(), "ConfigMap " + istioNamespace + "/" + meshName
          + " key mesh");
    } else {
      notes.add("ConfigMap " + istioNamespace + "/" + meshName + (meshCm.isPresent() ? " has no 'mesh' key" : " not found")
          + ": MeshConfig at Istio's defaults");
    }
    String release = IstioSettings.release(values);
    return new IstioInputs(values, mesh, config, single, new SettingsOrigin(release, where, null), notes);
  }
}
