package io.meshctl.core.analyze;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code virtualservice.ConflictingMeshGatewayHostsAnalyzer} (analyze.md §8.5): two VirtualServices
 * bound to the mesh gateway must not define the same host for the same namespaces; each VS is
 * reported once. Keys are visited in sorted order so the reported host is deterministic (istioctl's
 * depends on map order).
 */
final class VsConflictingMeshGatewayHostsAnalyzer extends AbstractAnalyzer {

  VsConflictingMeshGatewayHostsAnalyzer() {
    super("virtualservice.ConflictingMeshGatewayHostsAnalyzer",
        "Checks if multiple virtual services associated with the mesh gateway have conflicting hosts",
        Set.of(Code.CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS), Set.of(Kinds.VIRTUAL_SERVICE));
  }

  @Override
  public void analyze(Context ctx) {
    Map<String, List<Resource>> byKey = new TreeMap<>();
    for (Resource vs : ctx.all(Kinds.VIRTUAL_SERVICE)) {
      List<String> gateways = ServiceRegistry.strings(vs.spec().path("gateways"));
      if (!gateways.isEmpty() && !gateways.contains("mesh")) {
        continue;
      }
      List<String> exportTo = ServiceRegistry.strings(vs.spec().path("exportTo"));
      Set<String> scopes = new TreeSet<>();
      if (exportTo.isEmpty() || exportTo.contains("*")) {
        scopes.add("*");
      } else {
        exportTo.forEach(e -> scopes.add(e.equals(".") ? vs.namespace() : e));
      }
      for (String scope : scopes) {
        for (String host : ServiceRegistry.strings(vs.spec().path("hosts"))) {
          List<Resource> list = byKey.computeIfAbsent(scope + "/" + ServiceRegistry.fqdn(host, vs.namespace()),
              k -> new ArrayList<>());
          if (list.isEmpty() || list.get(list.size() - 1) != vs) {
            list.add(vs);
          }
        }
      }
    }
    // '*'-scoped keys a namespace-scoped key is also compared with: exact hosts by map, wildcards by scan
    List<String> starWildcards = new ArrayList<>();
    for (String key : byKey.keySet()) {
      if (key.startsWith("*/*")) {
        starWildcards.add(key);
      }
    }
    Set<Resource> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, List<Resource>> e : byKey.entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      String scope = key.substring(0, slash);
      String host = key.substring(slash + 1);
      Map<String, Resource> vss = new LinkedHashMap<>();
      e.getValue().forEach(v -> vss.put(v.ref(), v));
      if (!scope.equals("*")) {
        byKey.getOrDefault("*/" + host, List.of()).forEach(v -> vss.put(v.ref(), v));
        for (String other : starWildcards) {
          if (ServiceRegistry.overlap(other.substring(2), host)) {
            byKey.get(other).forEach(v -> vss.put(v.ref(), v));
          }
        }
        if (host.startsWith("*")) {
          // a wildcard host also overlaps the exact '*'-scoped hosts under it
          for (Map.Entry<String, List<Resource>> other : byKey.entrySet()) {
            if (other.getKey().startsWith("*/") && ServiceRegistry.overlap(other.getKey().substring(2), host)) {
              other.getValue().forEach(v -> vss.put(v.ref(), v));
            }
          }
        }
      }
      if (vss.size() < 2) {
        continue;
      }
      String names = String.join(",", new TreeSet<>(vss.keySet()));
      for (Resource vs : vss.values()) {
        if (reported.add(vs)) {
          ctx.report(Code.CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS, vs, "{.metadata.name}", names, key);
        }
      }
    }
  }
}
