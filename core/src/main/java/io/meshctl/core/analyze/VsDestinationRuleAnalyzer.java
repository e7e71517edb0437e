package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code virtualservice.DestinationRuleAnalyzer} (analyze.md §8.3): a destination's subset must be
 * defined by a DestinationRule for its host (matched by service name and namespace; wildcard rule
 * hosts, exportTo and workloadSelector play no part, as in istioctl).
 */
final class VsDestinationRuleAnalyzer extends AbstractAnalyzer {

  VsDestinationRuleAnalyzer() {
    super("virtualservice.DestinationRuleAnalyzer",
        "Checks the destination rules associated with each virtual service",
        Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND), Set.of(Kinds.VIRTUAL_SERVICE));
  }

  @Override
  public void analyze(Context ctx) {
    Set<String> subsets = new HashSet<>();
    for (Resource dr : ctx.all(Kinds.DESTINATION_RULE)) {
      String[] name = ServiceRegistry.nameOf(ServiceRegistry.text(dr.spec(), "host"), dr.namespace());
      for (JsonNode s : dr.spec().path("subsets")) {
        subsets.add(name[0] + "\n" + name[1] + "\n" + ServiceRegistry.text(s, "name"));
      }
    }
    for (Resource vs : ctx.all(Kinds.VIRTUAL_SERVICE)) {
      for (Destinations.Dest d : Destinations.routes(vs)) {
        check(ctx, subsets, vs, d, "host+subset in destinationrule");
      }
      for (Destinations.Dest d : Destinations.mirrors(vs)) {
        check(ctx, subsets, vs, d, "mirror+subset in destinationrule");
      }
    }
  }

  private static void check(Context ctx, Set<String> subsets, Resource vs, Destinations.Dest d, String refType) {
    if (d.subset().isEmpty()) {
      return;
    }
    String[] name = ServiceRegistry.nameOf(d.host(), vs.namespace());
    if (!subsets.contains(name[0] + "\n" + name[1] + "\n" + d.subset())) {
      ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, vs, d.field(), refType, d.host() + "+" + d.subset());
    }
  }
}
