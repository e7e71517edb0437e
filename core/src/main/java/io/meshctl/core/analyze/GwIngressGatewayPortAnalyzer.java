package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code gateway.IngressGatewayPortAnalyzer} (analyze.md §8.8): a Gateway must select gateway pods,
 * and each server port must be a (target) port of a TCP port of a Service in front of those pods.
 */
final class GwIngressGatewayPortAnalyzer extends AbstractAnalyzer {

  GwIngressGatewayPortAnalyzer() {
    super("gateway.IngressGatewayPortAnalyzer",
        "Checks a gateway's ports against the gateway's Kubernetes service ports",
        Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND, Code.GATEWAY_PORT_NOT_DEFINED_ON_SERVICE),
        Set.of(Kinds.GATEWAY, Kinds.POD, Kinds.SERVICE));
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource gw : ctx.all(Kinds.GATEWAY)) {
      Map<String, String> selector = Resource.stringMap(gw.spec().path("selector"));
      String field = selectorField(selector);
      List<Resource> pods = Pods.of(ctx).selected(selector);
      if (pods.isEmpty()) {
        ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, gw, field, "selector", Context.selectorString(selector));
        continue;
      }
      Set<Integer> accepted = new HashSet<>();
      for (Resource pod : pods) {
        for (Resource svc : ctx.in(Kinds.SERVICE, pod.namespace())) {
          if (!Context.selects(Resource.stringMap(svc.spec().path("selector")), pod.labels())) {
            continue;
          }
          for (JsonNode p : svc.spec().path("ports")) {
            // the API server defaults the protocol to TCP; a file may leave it out
            String protocol = ServiceRegistry.text(p, "protocol");
            if (!protocol.isEmpty() && !protocol.equals("TCP")) {
              continue;
            }
            JsonNode target = p.path("targetPort");
            if (target.isInt() && target.asInt() != 0) {
              accepted.add(target.asInt());
            }
            accepted.add(p.path("port").asInt());
          }
        }
      }
      for (JsonNode server : gw.spec().path("servers")) {
        int port = server.path("port").path("number").asInt();
        if (!accepted.contains(port)) {
          ctx.report(Code.GATEWAY_PORT_NOT_DEFINED_ON_SERVICE, gw, field, port, Context.selectorString(selector));
        }
      }
    }
  }

  /** {@code {.spec.selector.<first key>}}, keys sorted; null without a selector. */
  static String selectorField(Map<String, String> selector) {
    return selector.isEmpty() ? null : "{.spec.selector." + new TreeMap<>(selector).firstKey() + "}";
  }
}
