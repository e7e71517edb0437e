package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.Duplicates;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link MeshSnapshot} from Kubernetes objects: manifest documents ({@code -f}) or lists
 * read from the cluster. Kinds that play no part in mTLS or routing are ignored.
 */
public final class SnapshotBuilder {

  /** Workloads whose pod template stands in for their pods offline, even when it lists no containers. */
  private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
      "ReplicationController", "Job", "Rollout", "DeploymentConfig");

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
  private final List<ObjectNode> virtualServices = new ArrayList<>();
  private final List<JsonNode> rollouts = new ArrayList<>();
  private final List<JsonNode> meshConfigMaps = new ArrayList<>();

  /** @param defaultNamespace where objects without {@code metadata.namespace} live (-n, else {@code default}) */
  public SnapshotBuilder(String defaultNamespace, String istioNamespace, String domain) {
    this.defaultNamespace = defaultNamespace;
    this.istioNamespace = istioNamespace == null ? MeshConfig.DEFAULT_ROOT : istioNamespace;
    this.domain = domain == null ? Hosts.DEFAULT_DOMAIN : domain;
  }

  /**
   * Manifests: every object of the documents. The same object twice (kind, namespace as it would
   * be applied, name) is taken once when identical and is invalid input when not: no verdict may
   * depend on the order of the files.
   */
  public SnapshotBuilder addDocuments(Iterable<Document> documents) {
    for (Duplicates.Located o : new Duplicates(defaultNamespace).objects(documents)) {
      add(o.object(), o.source());
    }
    return this;
  }

  /** Objects the cluster listed. */
  public SnapshotBuilder addAll(Iterable<? extends JsonNode> objects) {
    objects.forEach(o -> add(o, null));
    return this;
  }

  public SnapshotBuilder add(JsonNode o) {
    return add(o, null);
  }

  /** Files the object by kind; {@code source} (null for the cluster's objects) names it in errors. */
  private SnapshotBuilder add(JsonNode o, Source source) {
    String kind = Manifests.text(o, "kind");
    String apiVersion = Manifests.text(o, "apiVersion");
    if (kind == null) {
      return this;
    }
    IstioKind istio = IstioKind.of(apiVersion, kind);
    if (istio != null) {
      switch (istio) {
        case MESH_POLICY -> meshPolicies.add(named(o, source));
        case POLICY -> policies.add(withNamespace(named(o, source)));
        case PEER_AUTHENTICATION -> peerAuthentications.add(withNamespace(named(o, source)));
        case DESTINATION_RULE -> destinationRules.add(withNamespace(named(o, source)));
        // kept as written: route edits it and prints it back
        case VIRTUAL_SERVICE -> virtualServices.add((ObjectNode) named(o, source));
        default -> { }
      }
      return this;
    }
    if (kind.equals("Rollout") && apiVersion != null && apiVersion.startsWith("argoproj.io/")) {
      rollouts.add(named(o, source));
    }
    switch (kind) {
      case "Pod" -> pods.add(named(o, source));
      case "Service" -> services.add(named(o, source));
      case "Namespace" -> {
        MeshSnapshot.Namespace n = MeshSnapshot.namespace(named(o, source));
        namespaces.put(n.name(), n);
      }
      case "ConfigMap" -> {
        if ("istio".equals(Manifests.text(o.path("metadata"), "name"))) {
          meshConfigMaps.add(o);
        }
      }
      default -> {
        if (podTemplate(o) != null) {
          workloads.add(named(o, source));
        }
      }
    }
    return this;
  }

  /** The decisions name objects by name (pods, services, rules): one without is invalid input, not a crash. */
  private JsonNode named(JsonNode o, Source source) {
    String name = Manifests.text(o.path("metadata"), "name");
    if (name == null || name.isBlank()) {
      String ns = Manifests.text(o.path("metadata"), "namespace");
      throw new MeshctlException.InvalidInput((source == null ? "" : source + ": ")
          + Manifests.text(o, "kind") + (ns == null ? "" : " in namespace " + ns)
          + " has no metadata.name: give it a name");
    }
    return o;
  }

  /** Istio objects without a namespace live in the default namespace, as {@code kubectl apply} would put them. */
  private JsonNode withNamespace(JsonNode o) {
    if (Manifests.text(o.path("metadata"), "namespace") == null && o.path("metadata").isObject()) {
      JsonNode copy = o.deepCopy();
      ((ObjectNode) copy.get("metadata")).put("namespace", defaultNamespace);
      return copy;
    }
    return o;
  }

  /** A workload's pod template: {@code spec.template}, a CronJob's {@code spec.jobTemplate.spec.template}; null for none. */
  public static JsonNode podTemplate(JsonNode o) {
    JsonNode spec = o.path("spec");
    JsonNode t = spec.path("template");
    if (t.path("spec").path("containers").isArray() || t.isObject() && TEMPLATE_KINDS.contains(Manifests.text(o, "kind"))) {
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
    List<MeshSnapshot.Pod> podRecords = new ArrayList<>();
    for (JsonNode p : pods) {
      podRecords.add(MeshSnapshot.pod(p, defaultNamespace, namespaces, offline));
    }
    if (offline) {
      for (JsonNode w : workloads) {
        JsonNode meta = w.path("metadata");
        String ns = Optional.ofNullable(Manifests.text(meta, "namespace")).orElse(defaultNamespace);
        JsonNode t = podTemplate(w);
        boolean runs = w.path("spec").path("replicas").asInt(1) > 0;
        podRecords.add(MeshSnapshot.fromTemplate(Manifests.text(meta, "name"), ns, t.path("metadata"),
            t.path("spec"), Manifests.text(w, "kind") + "/" + Manifests.text(meta, "name"), namespaces, true, runs));
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
    return new MeshSnapshot(defaultNamespace, List.copyOf(podRecords), List.copyOf(svcs), Map.copyOf(namespaces),
        List.copyOf(meshPolicies), List.copyOf(policies), List.copyOf(peerAuthentications),
        List.copyOf(destinationRules), List.copyOf(virtualServices), List.copyOf(rollouts), config, apis, domain,
        offline);
  }
}
