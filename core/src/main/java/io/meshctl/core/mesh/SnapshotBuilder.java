package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link MeshSnapshot} from Kubernetes objects: manifest documents or lists read from the cluster. */
public final class SnapshotBuilder {

  private final String defaultNamespace;
  private final String istioNamespace;
  private final String domain;
  private final List<JsonNode> pods = new ArrayList<>();
  private final List<JsonNode> workloads = new ArrayList<>();
  private final List<JsonNode> services = new ArrayList<>();
  private final Map<String, MeshSnapshot.Namespace> namespaces = new HashMap<>();
  private final List<JsonNode> meshPolicies = new ArrayList<>();
  private final List<JsonNode> policies = new ArrayList<>();
  private final List<JsonNode> peerAuthentications = new ArrayList<>();
  private final List<JsonNode> destinationRules = new ArrayList<>();
  private final List<JsonNode> meshConfigMaps = new ArrayList<>();

  /** @param defaultNamespace where objects without {@code metadata.namespace} live (-n, else {@code default}) */
  public SnapshotBuilder(String defaultNamespace, String istioNamespace, String domain) {
    this.defaultNamespace = defaultNamespace;
    this.istioNamespace = istioNamespace == null ? MeshConfig.DEFAULT_ROOT : istioNamespace;
    this.domain = domain == null ? Hosts.DEFAULT_DOMAIN : domain;
  }

  /** Every object added, by kind/namespace/name, in first-seen order (a re-put keeps the place, takes the value). */
  private final Map<String, JsonNode> added = new LinkedHashMap<>();

  /**
   * Files the object by kind; kinds that play no part in mTLS are ignored. The same object given
   * twice (kind, namespace, name) counts once, the later definition winning as a second
   * {@code kubectl apply} would.
   */
  public SnapshotBuilder add(JsonNode o) {
    JsonNode meta = o.path("metadata");
    String id = Manifests.text(o, "kind") + "/" + Manifests.text(meta, "namespace") + "/" + Manifests.text(meta, "name");
    added.put(id, o);
    return this;
  }

  private void file(JsonNode o) {
    String kind = Manifests.text(o, "kind");
    String apiVersion = Manifests.text(o, "apiVersion");
    if (kind == null) {
      return;
    }
    IstioKind istio = IstioKind.of(apiVersion, kind);
    if (istio != null) {
      switch (istio) {
        case MESH_POLICY -> meshPolicies.add(o);
        case POLICY -> policies.add(withNamespace(o));
        case PEER_AUTHENTICATION -> peerAuthentications.add(withNamespace(o));
        case DESTINATION_RULE -> destinationRules.add(withNamespace(o));
        default -> { }
      }
      return;
    }
    switch (kind) {
      case "Pod" -> pods.add(o);
      case "Service" -> services.add(o);
      case "Namespace" -> {
        MeshSnapshot.Namespace n = MeshSnapshot.namespace(o);
        namespaces.put(n.name(), n);
      }
      case "ConfigMap" -> {
        if ("istio".equals(Manifests.text(o.path("metadata"), "name"))) {
          meshConfigMaps.add(o);
        }
      }
      default -> {
        if (template(o) != null) {
          workloads.add(o);
        }
      }
    }
  }

  public SnapshotBuilder addAll(Iterable<? extends JsonNode> objects) {
    objects.forEach(this::add);
    return this;
  }

  /** Istio objects without a namespace live in the default namespace, as {@code kubectl apply} would put them. */
  private JsonNode withNamespace(JsonNode o) {
    if (Manifests.text(o.path("metadata"), "namespace") == null && o.path("metadata").isObject()) {
      JsonNode copy = o.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("metadata")).put("namespace", defaultNamespace);
      return copy;
    }
    return o;
  }

  private static JsonNode template(JsonNode o) {
    JsonNode spec = o.path("spec");
    JsonNode t = spec.path("template");
    if (t.path("spec").path("containers").isArray()) {
      return t;
    }
    t = spec.path("jobTemplate").path("spec").path("template");
    return t.path("spec").path("containers").isArray() ? t : null;
  }

  /**
   * @param offline pods may be stand-ins for workloads and sidecars are predicted
   * @param apis which authentication APIs the cluster serves; null offline (then: which kinds the manifests contain)
   */
  public MeshSnapshot build(boolean offline, MeshSnapshot.ApiFlavours apis) {
    added.values().forEach(this::file);
    List<MeshSnapshot.Pod> podRecords = new ArrayList<>();
    for (JsonNode p : pods) {
      podRecords.add(MeshSnapshot.pod(p, defaultNamespace, namespaces, offline));
    }
    if (offline) {
      for (JsonNode w : workloads) {
        JsonNode meta = w.path("metadata");
        String ns = Optional.ofNullable(Manifests.text(meta, "namespace")).orElse(defaultNamespace);
        JsonNode t = template(w);
        podRecords.add(MeshSnapshot.fromTemplate(Manifests.text(meta, "name"), ns, t.path("metadata"),
            t.path("spec"), Manifests.text(w, "kind") + "/" + Manifests.text(meta, "name"), namespaces, true));
      }
    }
    List<MeshSnapshot.Service> svcs = new ArrayList<>();
    for (JsonNode s : services) {
      svcs.add(MeshSnapshot.service(s, defaultNamespace, domain));
    }
    MeshConfig config = MeshConfig.absent(istioNamespace);
    JsonNode cm = meshConfigMaps.stream()
        .filter(c -> istioNamespace.equals(Manifests.text(c.path("metadata"), "namespace")))
        .findFirst().orElse(meshConfigMaps.isEmpty() ? null : meshConfigMaps.get(0));
    if (cm != null) {
      config = MeshConfig.fromConfigMap(cm, istioNamespace);
    }
    if (apis == null) {
      apis = new MeshSnapshot.ApiFlavours(!meshPolicies.isEmpty() || !policies.isEmpty(),
          !peerAuthentications.isEmpty());
    }
    return new MeshSnapshot(List.copyOf(podRecords), List.copyOf(svcs), Map.copyOf(namespaces),
        List.copyOf(meshPolicies), List.copyOf(policies), List.copyOf(peerAuthentications),
        List.copyOf(destinationRules), config, apis, domain, offline);
  }
}
