package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code deployment.MultiServiceAnalyzer} (analyze.md §8.11): an in-mesh Deployment selected by
 * several Services that use one port with different protocols (IST0116), or one targetPort behind
 * different ports (IST0137): the sidecar builds one listener per port and cannot serve both.
 */
final class MultiServiceAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "deployment.MultiServiceAnalyzer";
  }

  @Override
  public String description() {
    return "Checks association between services and pods";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.DEPLOYMENT_ASSOCIATED_TO_MULTIPLE_SERVICES, Code.DEPLOYMENT_CONFLICTING_PORTS);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.SERVICE, Kinds.DEPLOYMENT);
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource d : ctx.all(Kinds.DEPLOYMENT)) {
      JsonNode template = d.spec().path("template");
      Map<String, String> labels = MeshSnapshot.stringMap(template.path("metadata").path("labels"));
      if ("istio.io-mesh-controller".equals(labels.get("gateway.istio.io/managed"))
          || "istio.io-mesh-controller".equals(d.label("gateway.istio.io/managed")) || !inMesh(ctx, d, template)) {
        continue;
      }
      // port -> protocol -> services; targetPort -> port -> services
      Map<Integer, Map<String, Set<String>>> protocols = new TreeMap<>();
      Map<String, Map<Integer, Set<String>>> targets = new TreeMap<>();
      Map<String, List<Resource>> index = bySelectorPair(ctx, d.namespace());
      List<Resource> candidates = new ArrayList<>();
      labels.forEach((k, v) -> candidates.addAll(index.getOrDefault(k + "=" + v, List.of())));
      candidates.sort(java.util.Comparator.comparing(Resource::name));
      for (Resource svc : candidates) {
        Map<String, String> selector = MeshSnapshot.stringMap(svc.spec().path("selector"));
        if (!Context.selects(selector, labels)) {
          continue;
        }
        for (JsonNode p : svc.spec().path("ports")) {
          int port = p.path("port").asInt();
          String protocol = Manifests.text(p, "protocol");
          protocols.computeIfAbsent(port, k -> new TreeMap<>())
              .computeIfAbsent(protocol == null || protocol.isEmpty() ? "TCP" : protocol, k -> new TreeSet<>())
              .add(svc.ref());
          String tp = p.hasNonNull("targetPort") ? p.get("targetPort").asText() : "";
          if (tp.isEmpty() || tp.equals("0")) {
            tp = String.valueOf(port);
          }
          targets.computeIfAbsent(tp, k -> new TreeMap<>()).computeIfAbsent(port, k -> new TreeSet<>()).add(svc.ref());
        }
      }
      protocols.forEach((port, byProtocol) -> {
        if (byProtocol.size() > 1) {
          Set<String> svcs = new TreeSet<>();
          byProtocol.values().forEach(svcs::addAll);
          ctx.report(Code.DEPLOYMENT_ASSOCIATED_TO_MULTIPLE_SERVICES, d, "{.metadata.name}", d.name(), port,
              new ArrayList<>(svcs));
        }
      });
      targets.forEach((tp, byPort) -> {
        if (byPort.size() > 1) {
          Set<String> svcs = new TreeSet<>();
          byPort.values().forEach(svcs::addAll);
          ctx.report(Code.DEPLOYMENT_CONFLICTING_PORTS, d, "{.metadata.name}", d.name(), new ArrayList<>(svcs), tp,
              new ArrayList<>(byPort.keySet()));
        }
      });
    }
  }

  /**
   * The namespace's Services with a selector, each under its smallest {@code key=value} pair: a
   * workload's candidates are the buckets of its own labels, so a mesh of thousands of Services is
   * not scanned once per Deployment.
   */
  private static Map<String, List<Resource>> bySelectorPair(Context ctx, String namespace) {
    return ctx.memo("MultiServiceAnalyzer.selectors:" + namespace, k -> {
      Map<String, List<Resource>> out = new java.util.HashMap<>();
      for (Resource svc : ctx.in(Kinds.SERVICE, namespace)) {
        Map<String, String> selector = new TreeMap<>(MeshSnapshot.stringMap(svc.spec().path("selector")));
        if (!selector.isEmpty()) {
          var first = selector.entrySet().iterator().next();
          out.computeIfAbsent(first.getKey() + "=" + first.getValue(), x -> new ArrayList<>()).add(svc);
        }
      }
      return out;
    });
  }

  /** The pod template's mesh membership, by the rule {@link Context#inMesh} applies to pods. */
  static boolean inMesh(Context ctx, Resource workload, JsonNode template) {
    if (InjectionAnalyzer.proxyImage(template.path("spec")) != null) {
      return true;
    }
    JsonNode meta = template.path("metadata");
    String inject = Manifests.text(meta.path("labels"), "sidecar.istio.io/inject");
    if (inject == null) {
      inject = Manifests.text(meta.path("annotations"), "sidecar.istio.io/inject");
    }
    if (inject != null) {
      return inject.equals("true");
    }
    return ctx.get(Kinds.NAMESPACE, "", workload.namespace())
        .map(ns -> "enabled".equals(ns.label("istio-injection"))).orElse(false);
  }
}
