package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which version of each Istio kind the cluster serves, found by API discovery.
 *
 * <p>Real API servers answer {@code /apis} with the groups and versions they serve; fabric8's mock
 * server does not, but answers {@code /apis/<group>/<version>} with the resources registered there.
 * So {@code /apis} narrows the candidates when it answers, and each candidate group/version is then
 * asked for its resource list; the newest version that lists a kind serves it.
 */
public record IstioApis(Map<IstioKind, ResourceType> served) {

  public IstioApis {
    EnumMap<IstioKind, ResourceType> copy = new EnumMap<>(IstioKind.class);
    copy.putAll(served);
    served = Collections.unmodifiableMap(copy);
  }

  public Optional<ResourceType> find(IstioKind kind) {
    return Optional.ofNullable(served.get(kind));
  }

  /** The served type, or a {@link MeshctlException.NotFound} that says what is missing and why it matters. */
  public ResourceType require(IstioKind kind) {
    return find(kind).orElseThrow(() -> new MeshctlException.NotFound("the cluster serves no " + kind.kind
        + " API (" + kind.group.name + " " + String.join(", ", kind.group.versions)
        + "): is Istio installed, and is the kubeconfig context the right cluster?"));
  }

  /** True when the legacy authentication API (MeshPolicy/Policy) is served. */
  public boolean legacyAuthentication() {
    return served.containsKey(IstioKind.MESH_POLICY) || served.containsKey(IstioKind.POLICY);
  }

  /**
   * Discovers served versions. {@code get} fetches an API path and returns the JSON body, or empty
   * when the server answers 404.
   */
  public static IstioApis discover(Function<String, Optional<JsonNode>> get) {
    Map<String, Set<String>> advertised = advertisedGroups(get.apply("/apis").orElse(null));
    Map<IstioKind, ResourceType> found = new EnumMap<>(IstioKind.class);
    for (IstioKind.Group group : IstioKind.Group.values()) {
      List<String> candidates = new ArrayList<>(group.versions);
      if (advertised != null) {
        candidates.retainAll(advertised.getOrDefault(group.name, Set.of()));
      }
      for (String version : candidates) {
        Optional<JsonNode> list = get.apply("/apis/" + group.name + "/" + version);
        if (list.isEmpty()) {
          continue;
        }
        Map<String, Boolean> kinds = new HashMap<>();
        for (JsonNode r : list.get().path("resources")) {
          String name = Manifests.text(r, "name");
          String kind = Manifests.text(r, "kind");
          if (kind != null && name != null && !name.contains("/")) {
            kinds.put(kind, r.path("namespaced").asBoolean(true));
          }
        }
        for (IstioKind k : IstioKind.values()) {
          if (k.group == group && !found.containsKey(k) && kinds.containsKey(k.kind)) {
            found.put(k, k.at(version));
          }
        }
      }
    }
    return new IstioApis(found);
  }

  /** group → versions from an APIGroupList, or null when the answer is not one (the mock server). */
  private static Map<String, Set<String>> advertisedGroups(JsonNode apis) {
    if (apis == null || !"APIGroupList".equals(Manifests.text(apis, "kind")) || !apis.path("groups").isArray()) {
      return null;
    }
    Map<String, Set<String>> groups = new HashMap<>();
    for (JsonNode g : apis.path("groups")) {
      Set<String> versions = new HashSet<>();
      for (JsonNode v : g.path("versions")) {
        versions.add(v.path("version").asText());
      }
      groups.put(g.path("name").asText(), versions);
    }
    return groups;
  }
}
