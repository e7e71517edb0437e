package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.analyze.Analyzer;
import io.meshctl.core.analyze.Analyzers;
import io.meshctl.core.analyze.Kinds;
import io.meshctl.core.analyze.MeshObjects;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshConfig;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.ObjectRef;
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
  static final ResourceType NODE = new ResourceType("", "v1", "Node", "nodes", false);
  static final ResourceType DEPLOYMENT = PodResolver.type(ObjectRef.Kind.DEPLOYMENT);
  static final ResourceType MUTATING_WEBHOOK = new ResourceType("admissionregistration.k8s.io", "v1",
      "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false);
  static final ResourceType K8S_GATEWAY = new ResourceType("gateway.networking.k8s.io", "v1", "Gateway", "gateways",
      true);
  /** Secrets istioctl analyze never fetches: they are large and never a gateway credential. */
  private static final Set<String> SKIPPED_SECRET_TYPES = Set.of("helm.sh/release.v1",
      "kubernetes.io/service-account-token");

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
   * {@code analyze}: every object the analyzers read, from all namespaces (an analyzer follows
   * references across namespaces; {@code -n} only filters the output, as in istioctl), one list
   * request per kind. Istio configuration labelled {@code istio.io/rev} counts only for
   * {@code revision}. Secrets are read only in the namespaces of gateway pods and of
   * {@code ns/name} credentials, ConfigMaps only in the Istio namespace. Kinds the user may not list
   * (nodes, webhooks, deployments, secrets) are left out with a warning: the analyzers that need them
   * are then skipped rather than reporting false positives.
   */
  public static void forAnalysis(Kube kube, String istioNamespace, String revision, MeshObjects.Builder b,
      Reporter reporter) {
    IstioApis apis = kube.istio();
    List<ObjectNode> pods = kube.list(ResourceType.POD, null);
    b.addCluster(Kinds.POD, pods);
    b.addCluster(Kinds.SERVICE, kube.list(ResourceType.SERVICE, null));
    b.addCluster(Kinds.NAMESPACE, kube.list(ResourceType.NAMESPACE, null));
    List<ObjectNode> gateways = List.of();
    for (IstioKind k : IstioKind.values()) {
      Optional<ResourceType> t = apis.find(k);
      if (t.isPresent()) {
        List<ObjectNode> list = revision(kube.list(t.get(), null), revision);
        if (k == IstioKind.GATEWAY) {
          gateways = list;
        }
        b.addCluster(k.kind, list);
      }
    }
    optional(b, Kinds.K8S_GATEWAY, () -> kube.list(K8S_GATEWAY, null), reporter);
    optional(b, Kinds.NODE, () -> kube.list(NODE, null), reporter);
    optional(b, Kinds.DEPLOYMENT, () -> revision(kube.list(DEPLOYMENT, null), revision), reporter);
    optional(b, Kinds.MUTATING_WEBHOOK, () -> revision(kube.list(MUTATING_WEBHOOK, null), revision), reporter);
    optional(b, Kinds.CONFIG_MAP, () -> revision(kube.list(ResourceType.CONFIG_MAP, istioNamespace), revision).stream()
        .filter(c -> Optional.ofNullable(Manifests.text(c.path("metadata"), "name")).orElse("").startsWith("istio"))
        .toList(), reporter);
    Set<String> secretNamespaces = gatewayNamespaces(gateways, pods);
    optional(b, Kinds.SECRET, () -> {
      List<ObjectNode> secrets = new java.util.ArrayList<>();
      for (String ns : secretNamespaces) {
        for (ObjectNode s : kube.list(ResourceType.SECRET, ns)) {
          if (!SKIPPED_SECRET_TYPES.contains(Optional.ofNullable(Manifests.text(s, "type")).orElse(""))) {
            secrets.add(s);
          }
        }
      }
      return secrets;
    }, reporter);
    b.apis(flavours(apis));
  }

  private static void optional(MeshObjects.Builder b, String kind, java.util.function.Supplier<List<ObjectNode>> list,
      Reporter reporter) {
    try {
      b.addCluster(kind, list.get());
    } catch (MeshctlException.Forbidden e) {
      List<String> skipped = Analyzers.all().stream().filter(a -> a.requires().contains(kind)).map(Analyzer::name)
          .toList();
      reporter.warn("cannot list " + kind + " objects (" + e.getMessage() + "): "
          + (skipped.isEmpty() ? "the analyzers that read them judge without them"
              : "skipped " + String.join(", ", skipped)));
    }
  }

  /** Istio's revision filter: objects labelled {@code istio.io/rev} count only for their revision. */
  private static List<ObjectNode> revision(List<ObjectNode> objects, String revision) {
    return objects.stream().filter(o -> {
      String rev = Manifests.text(o.path("metadata").path("labels"), "istio.io/rev");
      return rev == null || rev.equals(revision);
    }).toList();
  }

  /** Where gateway credentials live: the namespaces of the pods gateways select, and of {@code ns/name} credentials. */
  private static Set<String> gatewayNamespaces(List<ObjectNode> gateways, List<ObjectNode> pods) {
    Set<String> out = new java.util.TreeSet<>();
    for (ObjectNode gw : gateways) {
      var selector = MeshSnapshot.stringMap(gw.path("spec").path("selector"));
      for (ObjectNode p : pods) {
        var labels = MeshSnapshot.stringMap(p.path("metadata").path("labels"));
        String ns = Manifests.text(p.path("metadata"), "namespace");
        if (ns != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
          out.add(ns);
        }
      }
      for (var server : gw.path("spec").path("servers")) {
        String cn = Manifests.text(server.path("tls"), "credentialName");
        if (cn != null && cn.contains("/")) {
          out.add(cn.substring(0, cn.indexOf('/')));
        }
      }
    }
    return out;
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
