package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gateway.ConflictingGatewayAnalyzer} (analyze.md §8.8): two Gateways on the same workloads
 * and port must not both claim the same host (identical string, same bind address). Wildcard
 * overlaps are not conflicts, as in istioctl.
 */
final class GwConflictingGatewayAnalyzer extends AbstractAnalyzer {

  GwConflictingGatewayAnalyzer() {
    super("gateway.ConflictingGatewayAnalyzer", "Checks a gateway's selector, port number and hosts",
        Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND, Code.CONFLICTING_GATEWAYS), Set.of(Kinds.GATEWAY, Kinds.POD));
  }

  @Override
  public void analyze(Context ctx) {
    // "<selector>~<port>" -> gateway ns/name -> host -> bind
    Map<String, Map<String, Map<String, String>>> index = new LinkedHashMap<>();
    Map<String, Map<String, String>> selectors = new HashMap<>();
    for (Resource gw : ctx.all(Kinds.GATEWAY)) {
      Map<String, String> selector = Resource.stringMap(gw.spec().path("selector"));
      String s = Context.selectorString(selector);
      selectors.put(s, selector);
      for (JsonNode server : gw.spec().path("servers")) {
        Map<String, String> hosts = index.computeIfAbsent(s + "~" + server.path("port").path("number").asInt(),
            k -> new LinkedHashMap<>()).computeIfAbsent(gw.ref(), k -> new HashMap<>());
        for (String h : ServiceRegistry.strings(server.path("hosts"))) {
          hosts.put(h, ServiceRegistry.text(server, "bind"));
        }
      }
    }
    for (Resource gw : ctx.all(Kinds.GATEWAY)) {
      String s = Context.selectorString(Resource.stringMap(gw.spec().path("selector")));
      List<String> same = new ArrayList<>();
      for (String key : index.keySet()) {
        String x = key.substring(0, key.lastIndexOf('~'));
        if (!same.contains(x) && same(ctx, x, s, selectors)) {
          same.add(x);
        }
      }
      if (!s.isEmpty() && same.isEmpty()) {
        ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, gw, null, "selector", s);
        continue;
      }
      for (JsonNode server : gw.spec().path("servers")) {
        int port = server.path("port").path("number").asInt();
        String bind = ServiceRegistry.text(server, "bind");
        List<String> hosts = ServiceRegistry.strings(server.path("hosts"));
        List<String> conflicts = new ArrayList<>();
        for (String x : same) {
          for (Map.Entry<String, Map<String, String>> other : index.getOrDefault(x + "~" + port, Map.of()).entrySet()) {
            if (other.getKey().equals(gw.ref())) {
              continue;
            }
            for (String h : hosts) {
              if (other.getValue().containsKey(h) && other.getValue().get(h).equals(bind)) {
                conflicts.add(other.getKey());
              }
            }
          }
        }
        if (!conflicts.isEmpty()) {
          conflicts.sort(null);
          ctx.report(Code.CONFLICTING_GATEWAYS, gw, null, String.join(",", conflicts), s, String.valueOf(port),
              String.join(",", hosts));
        }
      }
    }
  }

  /** Equal selector strings, or one containing the other and some pod matched by both. */
  private static boolean same(Context ctx, String x, String s, Map<String, Map<String, String>> selectors) {
    if (x.equals(s)) {
      return true;
    }
    if (!x.contains(s) && !s.contains(x)) {
      return false;
    }
    Map<String, String> both = new HashMap<>(selectors.get(x));
    Map<String, String> mine = selectors.get(s);
    for (Map.Entry<String, String> e : mine.entrySet()) {
      if (both.containsKey(e.getKey()) && !both.get(e.getKey()).equals(e.getValue())) {
        return false;
      }
      both.put(e.getKey(), e.getValue());
    }
    return !Pods.of(ctx).selected(both).isEmpty();
  }
}
