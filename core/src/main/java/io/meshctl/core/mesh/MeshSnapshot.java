package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects a mesh question (tls-check, route) needs, from the cluster or from manifests: the
 * same decisions run over either. Kubernetes objects are reduced to small records; Istio objects
 * stay Jackson trees (with the kind that produced them) so the authn code can validate them field
 * by field, and a VirtualService can be edited and written back as it was.
 *
 * @param namespace where objects that name no namespace live: {@code -n}, the kubeconfig's, or {@code default}
 * @param virtualServices as written (a manifest's namespace-less object stays namespace-less)
 * @param rollouts Argo Rollouts: they may drive a VirtualService's weights without owning it
 * @param offline built from manifests: pods may be stand-ins built from workload templates, and
 *     sidecars are predicted from injection labels instead of observed
 */
public record MeshSnapshot(String namespace, List<Pod> pods, List<Service> services, Map<String, Namespace> namespaces,
    List<JsonNode> meshPolicies, List<JsonNode> policies, List<JsonNode> peerAuthentications,
    List<JsonNode> destinationRules, List<ObjectNode> virtualServices, List<JsonNode> rollouts, MeshConfig meshConfig,
    ApiFlavours apis, String domain, boolean offline) {

  /** Which authentication APIs the source has: served by the cluster, or present in the manifests. */
  public record ApiFlavours(boolean legacy, boolean current) {
  }

  /**
   * A pod (or, offline, a workload's pod template standing in for its pods).
   *
   * @param runs it is (or would be) running: not Succeeded or Failed; a workload with at least one replica
   */
  public record Pod(String name, String namespace, Map<String, String> labels, boolean sidecar,
      Map<String, Integer> containerPorts, String standInFor, boolean runs) {

    /** {@code name.namespace}, istioctl's proxy id. */
    public String id() {
      return name + "." + namespace;
    }
  }

  /** @param appProtocol Kubernetes' {@code appProtocol}; null when unset (see {@link #istioProtocol()}) */
  public record ServicePort(String name, int port, Integer targetPort, String targetPortName, String protocol,
      String appProtocol) {

    /** The protocol Istio gives the port. */
    public PortProtocol istioProtocol() {
      return PortProtocol.of(name, protocol, appProtocol, port);
    }

    /** The workload port: a named targetPort resolves against the pod's container ports. */
    public int targetPortFor(Pod pod) {
      if (targetPortName != null) {
        Integer p = pod == null ? null : pod.containerPorts().get(targetPortName);
        return p == null ? port : p;
      }
      return targetPort == null ? port : targetPort;
    }
  }

  /** @param selector null for a Service without selector (its endpoints are managed elsewhere) */
  public record Service(String name, String namespace, String host, Map<String, String> selector,
      List<ServicePort> ports) {
  }

  public record Namespace(String name, Map<String, String> labels) {
  }

  /** The object's own namespace, else the one it would be applied to. */
  public String namespaceOf(JsonNode object) {
    String ns = Manifests.text(object.path("metadata"), "namespace");
    return ns == null || ns.isEmpty() ? namespace : ns;
  }

  /** Whether a 1.1-1.5 mesh decides (the legacy authentication API and no PeerAuthentication). */
  public boolean legacy() {
    return apis.legacy() && !apis.current();
  }

  /** The same snapshot with only these DestinationRules. */
  public MeshSnapshot withDestinationRules(List<JsonNode> rules) {
    return new MeshSnapshot(namespace, pods, services, namespaces, meshPolicies, policies, peerAuthentications,
        List.copyOf(rules), virtualServices, rollouts, meshConfig, apis, domain, offline);
  }

  public Optional<Pod> pod(String name, String namespace) {
    for (Pod p : pods) {
      if (p.name().equals(name) && p.namespace().equals(namespace)) {
        return Optional.of(p);
      }
    }
    if (offline) {
      // a pod name from kubectl (wordpress-77f7f9c485-k7tt9) stands for its workload's template
      Pod best = null;
      for (Pod p : pods) {
        if (p.standInFor() != null && p.namespace().equals(namespace) && name.startsWith(p.name() + "-")
            && (best == null || p.name().length() > best.name().length())) {
          best = p;
        }
      }
      return Optional.ofNullable(best);
    }
    return Optional.empty();
  }

  /** Offline: the stand-in of a workload, its pod template, by kind ({@code Deployment}) and name; empty live. */
  public Optional<Pod> standIn(String kind, String name, String namespace) {
    String id = kind + "/" + name;
    return pods.stream().filter(p -> id.equals(p.standInFor()) && p.namespace().equals(namespace)).findFirst();
  }

  /** The pods (offline also workload stand-ins) of {@code namespace} (null: every namespace) the selector selects. */
  public List<Pod> select(LabelSelector selector, String namespace) {
    List<Pod> out = new ArrayList<>();
    for (Pod p : pods) {
      if ((namespace == null || p.namespace().equals(namespace)) && selector.matches(p.labels())) {
        out.add(p);
      }
    }
    return out;
  }

  /** Pods by namespace, for selecting a service's endpoints without scanning the whole mesh. */
  public Map<String, List<Pod>> podsByNamespace() {
    Map<String, List<Pod>> out = new HashMap<>();
    for (Pod p : pods) {
      out.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
    }
    return out;
  }

  public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    if (selector == null || selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  public static Map<String, String> stringMap(JsonNode node) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return Collections.unmodifiableMap(out);
  }

  // ---- building from Kubernetes objects -------------------------------------------------------

  static final String SIDECAR_CONTAINER = "istio-proxy";
  static final String SIDECAR_STATUS = "sidecar.istio.io/status";
  static final String INJECT = "sidecar.istio.io/inject";

  /** A Pod object as the cluster (or a manifest) has it; {@code predict} guesses injection for un-injected manifests. */
  public static Pod pod(JsonNode pod, String defaultNamespace, Map<String, Namespace> namespaces, boolean predict) {
    JsonNode meta = pod.path("metadata");
    String ns = Optional.ofNullable(Manifests.text(meta, "namespace")).orElse(defaultNamespace);
    String phase = Manifests.text(pod.path("status"), "phase");
    return fromTemplate(Manifests.text(meta, "name"), ns, meta, pod.path("spec"), null, namespaces, predict,
        !"Succeeded".equals(phase) && !"Failed".equals(phase));
  }

  static Pod fromTemplate(String name, String ns, JsonNode meta, JsonNode spec, String standIn,
      Map<String, Namespace> namespaces, boolean predict, boolean runs) {
    Map<String, String> labels = stringMap(meta.path("labels"));
    Map<String, String> annotations = stringMap(meta.path("annotations"));
    Map<String, Integer> ports = new HashMap<>();
    boolean sidecar = annotations.containsKey(SIDECAR_STATUS) || "istio".equals(labels.get("security.istio.io/tlsMode"));
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : spec.path(list)) {
        sidecar |= SIDECAR_CONTAINER.equals(Manifests.text(c, "name"));
        for (JsonNode p : c.path("ports")) {
          String pn = Manifests.text(p, "name");
          if (pn != null && p.path("containerPort").canConvertToInt()) {
            ports.put(pn, p.path("containerPort").asInt());
          }
        }
      }
    }
    if (!sidecar && predict) {
      sidecar = predictInjection(ns, labels, annotations, namespaces);
    }
    return new Pod(name, ns, labels, sidecar, Map.copyOf(ports), standIn, runs);
  }

  /**
   * Manifests are usually checked before the webhook injects them, so offline a workload counts as
   * having a sidecar when injection would give it one: an explicit {@code sidecar.istio.io/inject}
   * decides, else the namespace's {@code istio-injection}/{@code istio.io/rev} label; a namespace that
   * is not among the manifests is assumed to be injection-enabled (the mesh is why you run this).
   */
  static boolean predictInjection(String ns, Map<String, String> labels, Map<String, String> annotations,
      Map<String, Namespace> namespaces) {
    String explicit = labels.getOrDefault(INJECT, annotations.get(INJECT));
    if (explicit != null) {
      return explicit.equals("true");
    }
    Namespace n = namespaces.get(ns);
    if (n == null) {
      return true;
    }
    return "enabled".equals(n.labels().get("istio-injection"))
        || (n.labels().containsKey("istio.io/rev") && !"disabled".equals(n.labels().get("istio-injection")));
  }

  public static Service service(JsonNode svc, String defaultNamespace, String domain) {
    JsonNode meta = svc.path("metadata");
    String name = Manifests.text(meta, "name");
    String ns = Optional.ofNullable(Manifests.text(meta, "namespace")).orElse(defaultNamespace);
    JsonNode spec = svc.path("spec");
    List<ServicePort> ports = new ArrayList<>();
    for (JsonNode p : spec.path("ports")) {
      if (!p.path("port").canConvertToInt()) {
        continue;
      }
      JsonNode tp = p.get("targetPort");
      Integer tpNum = null;
      String tpName = null;
      if (tp != null && !tp.isNull()) {
        if (tp.canConvertToInt() || tp.asText().matches("\\d{1,9}")) {
          tpNum = Integer.parseInt(tp.asText());
        } else {
          tpName = tp.asText();
        }
      }
      ports.add(new ServicePort(Manifests.text(p, "name"), p.path("port").asInt(), tpNum, tpName,
          Optional.ofNullable(Manifests.text(p, "protocol")).orElse("TCP"), Manifests.text(p, "appProtocol")));
    }
    Map<String, String> selector = spec.has("selector") ? stringMap(spec.get("selector")) : null;
    return new Service(name, ns, Hosts.fqdn(name, ns, domain), selector, List.copyOf(ports));
  }

  public static Namespace namespace(JsonNode ns) {
    return new Namespace(Manifests.text(ns.path("metadata"), "name"), stringMap(ns.path("metadata").path("labels")));
  }
}
