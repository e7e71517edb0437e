package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the mesh config (ConfigMap {@code istio}, key {@code mesh}) that decide mTLS.
 * {@code enableAutoMtls} is null when unset: its default depends on the Istio release (false in
 * 1.4, true from 1.6), so the caller picks it by API flavour.
 */
public record MeshConfig(String rootNamespace, Boolean enableAutoMtls, List<String> defaultDestinationRuleExportTo,
    boolean present) {

  public static final String DEFAULT_ROOT = "istio-system";

  public static MeshConfig absent(String istioNamespace) {
    return new MeshConfig(istioNamespace == null ? DEFAULT_ROOT : istioNamespace, null, List.of(), false);
  }

  /** Parses the ConfigMap; errors name the ConfigMap and the field. */
  public static MeshConfig fromConfigMap(JsonNode configMap, String fallbackRoot) {
    String where = "ConfigMap " + Manifests.text(configMap.path("metadata"), "namespace") + "/istio";
    String text = Manifests.text(configMap.path("data"), "mesh");
    if (text == null || text.isBlank()) {
      return new MeshConfig(fallbackRoot, null, List.of(), true);
    }
    JsonNode mesh;
    try {
      var docs = ManifestReader.parse(text, where + " data.mesh");
      mesh = docs.isEmpty() ? null : docs.get(0).tree();
    } catch (MeshctlException e) {
      throw new MeshctlException.InvalidInput(where + ": data.mesh is not valid YAML: " + e.getMessage());
    }
    if (mesh == null || !mesh.isObject()) {
      return new MeshConfig(fallbackRoot, null, List.of(), true);
    }
    String root = Manifests.text(mesh, "rootNamespace");
    Boolean auto = null;
    JsonNode a = mesh.get("enableAutoMtls");
    if (a != null && !a.isNull()) {
      String s = a.asText();
      if (!s.equals("true") && !s.equals("false")) {
        throw new MeshctlException.InvalidInput(where + ": data.mesh enableAutoMtls must be true or false, not '"
            + s + "'");
      }
      auto = Boolean.valueOf(s);
    }
    List<String> export = new ArrayList<>();
    JsonNode e = mesh.get("defaultDestinationRuleExportTo");
    if (e != null && e.isArray()) {
      e.forEach(x -> export.add(x.asText()));
    } else if (e != null && e.isTextual()) {
      export.add(e.asText());
    }
    return new MeshConfig(root == null || root.isBlank() ? fallbackRoot : root, auto, List.copyOf(export), true);
  }
}
