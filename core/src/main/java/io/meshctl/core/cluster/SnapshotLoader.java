package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshConfig;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a mesh question needs from the cluster into a {@link MeshSnapshot}, at the versions the
 * cluster serves (discovery, never an assumed {@code v1}), and only from the namespaces the
 * question involves (mesh-policy.md §1.3, §1.5, §2.1, §2.2): a sidecar's DestinationRule comes from
 * its own namespace, the service's or the root namespace; a server's policy from the service's
 * namespace (and the root's). Cluster-wide lists are for questions that span the mesh.
 */
public final class SnapshotLoader {

  static final ResourceType ROLLOUT = new ResourceType("argoproj.io", "v1alpha1", "Rollout", "rollouts", true);

  private SnapshotLoader() {
  }

  /** tls-check {@code --all}, or a pod against every service it can reach: every namespace. */
  public static MeshSnapshot meshWide(Kube kube, String istioNamespace) {
    return tlsCheck(kube, istioNamespace, null, null);
  }

  /**
   * tls-check of one client pod against the services of one namespace: the client's pods and
   * DestinationRules, the service namespace's services, pods, policies and rules, the root's
   * PeerAuthentications and rules, and the cluster-scoped MeshPolicy.
   */
  public static MeshSnapshot forService(Kube kube, String istioNamespace, String clientNs, String serviceNs) {
    return tlsCheck(kube, istioNamespace, clientNs, serviceNs);
  }

  private static MeshSnapshot tlsCheck(Kube kube, String istioNamespace, String clientNs, String serviceNs) {
    IstioApis apis = kube.istio();
    SnapshotBuilder b = new SnapshotBuilder(kube.namespace(), istioNamespace, null);
    String root = meshConfig(kube, istioNamespace, b);
    boolean all = clientNs == null;
    Set<String> podNamespaces = all ? null : set(clientNs, serviceNs);
    list(b, kube, ResourceType.POD, podNamespaces);
    list(b, kube, ResourceType.SERVICE, all ? null : set(serviceNs));
    apis.find(IstioKind.MESH_POLICY).ifPresent(t -> b.addAll(kube.list(t, null)));
    apis.find(IstioKind.POLICY).ifPresent(t -> list(b, kube, t, all ? null : set(serviceNs)));
    apis.find(IstioKind.PEER_AUTHENTICATION).ifPresent(t -> list(b, kube, t, all ? null : set(serviceNs, root)));
    apis.find(IstioKind.DESTINATION_RULE).ifPresent(t -> list(b, kube, t, all ? null : set(clientNs, serviceNs, root)));
    return b.build(false, flavours(apis));
  }

  /**
   * {@code route} in the kubeconfig's namespace: its VirtualServices and Rollouts; DestinationRules,
   * services and pods of that namespace, of the root namespace, and of every namespace the
   * VirtualServices (or the host itself, for {@code --create}) send traffic to.
   */
  public static MeshSnapshot forRoute(Kube kube, String istioNamespace, String host, Reporter reporter) {
    IstioApis apis = kube.istio();
    String ns = kube.namespace();
    SnapshotBuilder b = new SnapshotBuilder(ns, istioNamespace, null);
    String root = meshConfig(kube, istioNamespace, b);
    List<ObjectNode> vss = kube.list(apis.require(IstioKind.VIRTUAL_SERVICE), ns);
    b.addAll(vss);
    Set<String> namespaces = set(ns, root);
    addNamespace(namespaces, Hosts.resolve(host, ns, Hosts.DEFAULT_DOMAIN));
    for (ObjectNode vs : vss) {
      String vsNs = Optional.ofNullable(Manifests.text(vs.path("metadata"), "namespace")).orElse(ns);
      for (JsonNode section : List.of(vs.path("spec").path("http"), vs.path("spec").path("tcp"), vs.path("spec").path("tls"))) {
        for (JsonNode route : section) {
          for (JsonNode d : route.path("route")) {
            addNamespace(namespaces, Hosts.resolve(Manifests.text(d.path("destination"), "host"), vsNs, Hosts.DEFAULT_DOMAIN));
          }
        }
      }
    }
    list(b, kube, apis.require(IstioKind.DESTINATION_RULE), namespaces);
    list(b, kube, ResourceType.SERVICE, namespaces);
    list(b, kube, ResourceType.POD, namespaces);
    try {
      b.addAll(kube.list(ROLLOUT, ns));
    } catch (MeshctlException.Forbidden | MeshctlException.InvalidInput e) {
      reporter.debug("cannot list Argo Rollouts in " + ns + " (" + e.getMessage() + "); ownership is judged "
          + "from the VirtualService alone");
    }
    return b.build(false, flavours(apis));
  }

  /**
   * {@code route show}: the VirtualServices of {@code namespace}, or of every namespace when it is
   * null, and nothing else (a split is read from the VirtualService alone). The snapshot's namespace
   * is {@code namespace}, else the kubeconfig's.
   */
  public static MeshSnapshot virtualServices(Kube kube, String namespace) {
    IstioApis apis = kube.istio();
    SnapshotBuilder b = new SnapshotBuilder(namespace == null ? kube.namespace() : namespace, null, null);
    b.addAll(kube.list(apis.require(IstioKind.VIRTUAL_SERVICE), namespace));
    return b.build(false, flavours(apis));
  }

  /** The mesh config ConfigMap, added to the snapshot; returns the root namespace it names. */
  private static String meshConfig(Kube kube, String istioNamespace, SnapshotBuilder b) {
    Optional<ObjectNode> cm = kube.get(ResourceType.CONFIG_MAP, istioNamespace, "istio");
    cm.ifPresent(b::add);
    return cm.map(c -> MeshConfig.fromConfigMap(c, istioNamespace).rootNamespace())
        .orElse(MeshConfig.absent(istioNamespace).rootNamespace());
  }

  /** By the served APIs: which policy objects exist is known only where we listed. */
  private static MeshSnapshot.ApiFlavours flavours(IstioApis apis) {
    return new MeshSnapshot.ApiFlavours(apis.legacyAuthentication(), apis.find(IstioKind.PEER_AUTHENTICATION).isPresent());
  }

  /** Lists in each namespace, or once cluster-wide when {@code namespaces} is null. */
  private static void list(SnapshotBuilder b, Kube kube, ResourceType type, Set<String> namespaces) {
    if (namespaces == null) {
      b.addAll(kube.list(type, null));
      return;
    }
    for (String n : namespaces) {
      b.addAll(kube.list(type, n));
    }
  }

  private static void addNamespace(Set<String> namespaces, String fqdn) {
    String[] svc = Hosts.service(fqdn);
    if (svc != null) {
      namespaces.add(svc[1]);
    }
  }

  private static Set<String> set(String... namespaces) {
    return new LinkedHashSet<>(List.of(namespaces));
  }
}
