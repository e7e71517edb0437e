package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.analyze.Kinds;
import io.meshctl.core.analyze.MeshObjects;
import io.meshctl.core.describe.DescribeInput;
import io.meshctl.core.describe.PodDescriber;
import io.meshctl.core.inject.InjectionCheck;
import io.meshctl.core.inject.InjectorConfigMaps;
import io.meshctl.core.inject.InjectorSettings;
import io.meshctl.core.inject.InjectorWebhook;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshConfig;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster reads of {@code check-inject} and {@code describe pod}: namespace-scoped where the
 * question allows, and a list RBAC forbids (webhook configurations, namespaces, a secret, a
 * mesh-wide list) becomes a note and a narrower answer instead of a failure.
 */
public final class DataPlaneReader {

  static final ResourceType WEBHOOKS_V1 = new ResourceType("admissionregistration.k8s.io", "v1",
      "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false);
  /** Kubernetes before 1.16 served only v1beta1. */
  static final ResourceType WEBHOOKS_V1BETA1 = new ResourceType("admissionregistration.k8s.io", "v1beta1",
      "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false);

  private DataPlaneReader() {
  }

  // ---- check-inject ----------------------------------------------------------------------------

  /**
   * What {@link InjectionCheck} needs for pods of {@code namespaces}: their labels, Istio's injector
   * webhooks, and the injector ConfigMap of every revision those webhooks (or the pods) name.
   */
  public static InjectionCheck.Cluster injection(Kube kube, String istioNamespace, Set<String> namespaces,
      boolean allNamespaces, Set<String> podRevisions, List<String> notes) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    try {
      List<ObjectNode> found = new ArrayList<>();
      if (allNamespaces) {
        found.addAll(kube.list(ResourceType.NAMESPACE, null));
      } else {
        namespaces.forEach(ns -> kube.get(ResourceType.NAMESPACE, null, ns).ifPresent(found::add));
      }
      found.forEach(n -> labels.put(Manifests.text(n.path("metadata"), "name"),
          MeshSnapshot.stringMap(n.path("metadata").path("labels"))));
    } catch (MeshctlException.Forbidden e) {
      notes.add("cannot read namespaces " + (allNamespaces ? "" : namespaces + " ") + "(forbidden): their labels "
          + "are taken as absent");
    }
    List<InjectorWebhook> webhooks = webhooks(kube, notes);
    Set<String> revisions = new LinkedHashSet<>();
    revisions.add("default");
    if (webhooks != null) {
      webhooks.forEach(w -> revisions.add(w.revision()));
    }
    labels.values().forEach(l -> Optional.ofNullable(l.get("istio.io/rev")).ifPresent(revisions::add));
    revisions.addAll(podRevisions);
    Map<String, InjectorSettings> injectors = new LinkedHashMap<>();
    for (String rev : revisions) {
      String what = "ConfigMap " + istioNamespace + "/" + InjectorConfigMaps.name(InjectorConfigMaps.INJECTOR, rev);
      try {
        injectors.put(rev, InjectorSettings.of(InjectorConfigMaps.read(kube, istioNamespace, rev), rev));
      } catch (MeshctlException.NotFound e) {
        if (rev.equals("default") || webhooks != null && webhooks.stream().anyMatch(w -> w.revision().equals(rev))) {
          notes.add("no " + what + ": the injector of revision " + rev + " is taken to be "
              + InjectorSettings.bundled(rev).source());
        }
      } catch (MeshctlException.Forbidden e) {
        notes.add("cannot read " + what + " (forbidden): the injector of revision " + rev + " is taken to be "
            + InjectorSettings.bundled(rev).source());
      }
    }
    return new InjectionCheck.Cluster(labels, webhooks, injectors);
  }

  /**
   * Istio's injector webhooks, from {@code admissionregistration.k8s.io/v1} (v1beta1 on clusters
   * before 1.16); null with a note when RBAC forbids the list.
   */
  static List<InjectorWebhook> webhooks(Kube kube, List<String> notes) {
    try {
      Optional<JsonNode> list = kube.getPath(WEBHOOKS_V1.path(null));
      if (list.isEmpty()) {
        list = kube.getPath(WEBHOOKS_V1BETA1.path(null));
      }
      List<JsonNode> items = new ArrayList<>();
      list.ifPresent(l -> l.path("items").forEach(items::add));
      return InjectorWebhook.istio(items);
    } catch (MeshctlException.Forbidden e) {
      notes.add("cannot list MutatingWebhookConfigurations (" + e.getMessage() + "): Istio's standard injector "
          + "selectors are assumed");
      return null;
    }
  }

  // ---- describe pod ----------------------------------------------------------------------------

  /**
   * One load for {@code describe pod}: the mesh config; pods, Services, policies and DestinationRules
   * of the pod's namespace and the root namespace (and the pods of the Istio namespace, where the
   * gateways run); VirtualServices and Gateways mesh-wide (a route to the pod may live anywhere),
   * or of those namespaces when RBAC forbids the mesh-wide list; then the secrets of the Gateways
   * that expose the pod.
   */
  public static DescribeInput describe(Kube kube, String istioNamespace, String podNamespace, String podName,
      Reporter reporter) {
    List<String> notes = new ArrayList<>();
    IstioApis apis = kube.istio();
    SnapshotBuilder b = new SnapshotBuilder(podNamespace, istioNamespace, null);
    // the analyzers judge the same objects, as trees: what was read once feeds both
    MeshObjects.Builder objects = MeshObjects.builder(podNamespace, istioNamespace);
    Optional<ObjectNode> meshCm = kube.get(ResourceType.CONFIG_MAP, istioNamespace, "istio");
    meshCm.ifPresent(b::add);
    meshCm.ifPresent(c -> objects.add(c, null));
    String root = meshCm.map(c -> MeshConfig.fromConfigMap(c, istioNamespace).rootNamespace())
        .orElse(MeshConfig.absent(istioNamespace).rootNamespace());
    try {
      // the injection findings are about the pod's namespace: its labels decide them
      objects.addCluster(Kinds.NAMESPACE, kube.get(ResourceType.NAMESPACE, null, podNamespace).stream().toList());
    } catch (MeshctlException.Forbidden e) {
      notes.add("cannot read namespace " + podNamespace + " (forbidden): findings about its injection labels are "
          + "left out");
    }
    Set<String> scoped = new LinkedHashSet<>(List.of(podNamespace, root));
    Set<String> podNamespaces = new LinkedHashSet<>(scoped);
    podNamespaces.add(istioNamespace);
    ObjectNode pod = null;
    List<ObjectNode> pods = new ArrayList<>();
    for (String ns : podNamespaces) {
      for (ObjectNode p : kube.list(ResourceType.POD, ns)) {
        pods.add(p);
        if (ns.equals(podNamespace) && podName.equals(Manifests.text(p.path("metadata"), "name"))) {
          pod = p;
        }
      }
    }
    if (pod == null) {
      throw new MeshctlException.NotFound("pod \"" + podName + "\" not found in namespace \"" + podNamespace + "\"");
    }
    read(b, objects, Kinds.POD, pods);
    read(b, objects, Kinds.SERVICE, kube.list(ResourceType.SERVICE, podNamespace));
    apis.find(IstioKind.MESH_POLICY).ifPresent(t -> read(b, objects, t.kind(), kube.list(t, null)));
    apis.find(IstioKind.POLICY).ifPresent(t -> read(b, objects, t.kind(), kube.list(t, podNamespace)));
    for (IstioKind k : List.of(IstioKind.PEER_AUTHENTICATION, IstioKind.DESTINATION_RULE)) {
      apis.find(k).ifPresent(t -> {
        List<ObjectNode> list = new ArrayList<>();
        scoped.forEach(ns -> list.addAll(kube.list(t, ns)));
        read(b, objects, t.kind(), list);
      });
    }
    apis.find(IstioKind.VIRTUAL_SERVICE).ifPresent(t -> read(b, objects, t.kind(), meshWide(kube, t, scoped, notes)));
    List<JsonNode> gateways = new ArrayList<>(apis.find(IstioKind.GATEWAY)
        .map(t -> meshWide(kube, t, scoped, notes)).orElse(List.of()));
    apis.find(IstioKind.GATEWAY).ifPresent(t -> objects.addCluster(t.kind(), gateways));
    MeshSnapshot snapshot = b.build(false, new MeshSnapshot.ApiFlavours(apis.legacyAuthentication(),
        apis.find(IstioKind.PEER_AUTHENTICATION).isPresent()));
    objects.apis(snapshot.apis());
    DescribeInput first = new DescribeInput(snapshot, objects.build(), pod, gateways, Map.of(), notes);
    Map<String, JsonNode> secrets = new LinkedHashMap<>();
    boolean allSecrets = true;
    for (String s : PodDescriber.of(first, reporter).secretsToRead()) {
      String[] nsName = s.split("/", 2);
      try {
        secrets.put(s, kube.get(ResourceType.SECRET, nsName[0], nsName[1]).orElse(null));
      } catch (MeshctlException.Forbidden e) {
        allSecrets = false;
        notes.add("cannot read secret " + s + " (forbidden): its certificate is not shown");
      }
    }
    if (allSecrets) {
      // only when every credential was read is a missing one a finding rather than a guess
      objects.addCluster(Kinds.SECRET, secrets.values().stream().filter(java.util.Objects::nonNull).toList());
    }
    return new DescribeInput(snapshot, objects.build(), pod, gateways, secrets, notes);
  }

  /** An object list read once, for both the snapshot and the analyzers. */
  private static void read(SnapshotBuilder b, MeshObjects.Builder objects, String kind, List<ObjectNode> list) {
    b.addAll(list);
    objects.addCluster(kind, list);
  }

  /** Every namespace's objects, or (RBAC) those of {@code namespaces} with a note. */
  private static List<ObjectNode> meshWide(Kube kube, ResourceType t, Set<String> namespaces, List<String> notes) {
    try {
      return kube.list(t, null);
    } catch (MeshctlException.Forbidden e) {
      notes.add("cannot list " + t.plural() + " in all namespaces (forbidden): only those of " + namespaces
          + " are shown");
      List<ObjectNode> out = new ArrayList<>();
      namespaces.forEach(ns -> out.addAll(kube.list(t, ns)));
      return out;
    }
  }
}
