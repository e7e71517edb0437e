package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code virtualservice.DestinationHostAnalyzer} (analyze.md §8.2): every destination and mirror host
 * must be a service of the mesh visible from the VirtualService, with the port it names (or one
 * port only); and subset routing has no effect on requests through an ingress gateway VirtualService
 * whose route names no subset (IST0140).
 */
final class VsDestinationHostAnalyzer extends AbstractAnalyzer {

  VsDestinationHostAnalyzer() {
    super("virtualservice.DestinationHostAnalyzer",
        "Checks the destination hosts associated with each virtual service",
        Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND, Code.VIRTUAL_SERVICE_DESTINATION_PORT_SELECTOR_REQUIRED,
            Code.INGRESS_ROUTE_RULES_NOT_AFFECTED),
        Set.of(Kinds.SERVICE, Kinds.VIRTUAL_SERVICE));
  }

  @Override
  public void analyze(Context ctx) {
    ServiceRegistry registry = ServiceRegistry.of(ctx);
    List<Resource> vss = ctx.all(Kinds.VIRTUAL_SERVICE);
    for (Resource vs : vss) {
      List<String> exportTo = ServiceRegistry.strings(vs.spec().path("exportTo"));
      for (Destinations.Dest d : Destinations.routes(vs)) {
        check(ctx, registry, vs, exportTo, d, "host");
      }
      for (Destinations.Dest d : Destinations.mirrors(vs)) {
        check(ctx, registry, vs, exportTo, d, "mirror host");
      }
    }
    ingressSubsets(ctx, vss);
  }

  private static void check(Context ctx, ServiceRegistry registry, Resource vs, List<String> exportTo,
      Destinations.Dest d, String refType) {
    ServiceRegistry.Entry s = registry.lookup(d.host(), vs.namespace(), exportTo);
    if (s == null) {
      ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, vs, d.field(), refType, d.host());
      return;
    }
    Integer port = d.port();
    if (port == null) {
      if (s.ports().size() > 1) {
        ctx.report(Code.VIRTUAL_SERVICE_DESTINATION_PORT_SELECTOR_REQUIRED, vs, d.field(), d.host(), s.ports());
      }
      return;
    }
    if (!s.ports().contains(port)) {
      ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, vs, d.field(), "host:port", d.host() + ":" + port);
    }
  }

  /** IST0140: literal host strings, no FQDN normalisation, as istioctl. */
  private static void ingressSubsets(Context ctx, List<Resource> vss) {
    record Subset(Resource vs, String host) {
    }
    List<Subset> withSubset = null;
    for (Resource v : vss) {
      if (ServiceRegistry.strings(v.spec().path("gateways")).isEmpty()) {
        continue;
      }
      if (withSubset == null) {
        withSubset = new ArrayList<>();
        for (Resource other : vss) {
          List<String> hosts = ServiceRegistry.strings(other.spec().path("hosts"));
          for (Destinations.Dest d : Destinations.routes(other)) {
            if (!d.subset().isEmpty() && hosts.contains(d.host())) {
              withSubset.add(new Subset(other, d.host()));
            }
          }
        }
      }
      JsonNode http = v.spec().path("http");
      for (int i = 0; i < http.size(); i++) {
        JsonNode routes = http.get(i).path("route");
        for (int j = 0; j < routes.size(); j++) {
          JsonNode dest = routes.get(j).path("destination");
          if (!ServiceRegistry.text(dest, "subset").isEmpty()) {
            continue;
          }
          String host = ServiceRegistry.text(dest, "host");
          for (Subset s : withSubset) {
            if (s.host().equals(host)) {
              // istioctl keys this by the route's name, a key that never exists: the document line
              ctx.report(Code.INGRESS_ROUTE_RULES_NOT_AFFECTED, v, null, s.vs().ref(), v.ref());
            }
          }
        }
      }
    }
  }
}
