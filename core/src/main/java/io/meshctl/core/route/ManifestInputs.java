package io.meshctl.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Route inputs read from manifests ({@code -f}). Pods are those the manifests would create: Pod
 * objects and the pod templates of workloads that run at least one replica.
 */
public final class ManifestInputs implements RouteInputs {

  private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
      "ReplicationController", "Job", "Rollout", "DeploymentConfig");

  private final List<JsonNode> objects;
  private final String namespace;
  private final String rootNamespace;

  public ManifestInputs(List<JsonNode> objects, String namespace, String rootNamespace) {
    this.objects = List.copyOf(objects);
    this.namespace = namespace;
    this.rootNamespace = rootNamespace;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public String rootNamespace() {
    return rootNamespace;
  }

  /** As tls-check decides offline: legacy policy objects and no PeerAuthentication. */
  @Override
  public boolean legacy() {
    boolean legacy = false;
    for (JsonNode o : objects) {
      IstioKind k = IstioKind.of(Manifests.text(o, "apiVersion"), Manifests.text(o, "kind"));
      if (k == IstioKind.PEER_AUTHENTICATION) {
        return false;
      }
      legacy |= k == IstioKind.MESH_POLICY || k == IstioKind.POLICY;
    }
    return legacy;
  }

  private List<JsonNode> of(String kind, String group, String ns) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode o : objects) {
      String apiVersion = Manifests.text(o, "apiVersion");
      if (kind.equals(Manifests.text(o, "kind")) && apiVersion != null
          && (group.isEmpty() ? !apiVersion.contains("/") : apiVersion.startsWith(group + "/"))
          && ns.equals(RouteInputs.namespaceOf(o, namespace))) {
        out.add(o);
      }
    }
    return out;
  }

  @Override
  public List<ObjectNode> virtualServices() {
    return of("VirtualService", "networking.istio.io", namespace).stream()
        .filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast).toList();
  }

  @Override
  public List<JsonNode> destinationRules(String ns) {
    return of("DestinationRule", "networking.istio.io", ns);
  }

  @Override
  public Optional<JsonNode> service(String ns, String name) {
    return of("Service", "", ns).stream().filter(s -> name.equals(RouteInputs.nameOf(s))).findFirst();
  }

  @Override
  public List<Map<String, String>> podLabels(String ns) {
    List<Map<String, String>> out = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = Manifests.text(o, "kind");
      if (kind == null || !ns.equals(RouteInputs.namespaceOf(o, namespace))) {
        continue;
      }
      if (kind.equals("Pod")) {
        out.add(MeshSnapshot.stringMap(o.path("metadata").path("labels")));
      } else if (TEMPLATE_KINDS.contains(kind) && o.path("spec").path("replicas").asInt(1) > 0) {
        out.add(MeshSnapshot.stringMap(o.path("spec").path("template").path("metadata").path("labels")));
      } else if (kind.equals("CronJob")) {
        out.add(MeshSnapshot.stringMap(o.path("spec").path("jobTemplate").path("spec").path("template").path("metadata").path("labels")));
      }
    }
    return out;
  }

  @Override
  public List<JsonNode> rollouts(String ns) {
    return of("Rollout", "argoproj.io", ns);
  }
}
