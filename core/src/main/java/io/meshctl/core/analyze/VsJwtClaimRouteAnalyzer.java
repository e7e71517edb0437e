package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code virtualservice.JWTClaimRouteAnalyzer} (analyze.md §8.6): routing on JWT claims at a gateway
 * needs a RequestAuthentication that applies to the gateway's pods, or the claims are never there.
 */
final class VsJwtClaimRouteAnalyzer extends AbstractAnalyzer {

  private static final Pattern CLAIM = Pattern.compile(
      "(?i)^@request\\.auth\\.claims(?:(?:\\.[^.\\[\\]]+){1,2}|(?:\\[[^\\[\\]]+\\]){1,2})$");

  VsJwtClaimRouteAnalyzer() {
    super("virtualservice.JWTClaimRouteAnalyzer",
        "Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication",
        Set.of(Code.JWT_CLAIM_BASED_ROUTING_WITHOUT_REQUEST_AUTHN), Set.of(Kinds.VIRTUAL_SERVICE, Kinds.POD));
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource vs : ctx.all(Kinds.VIRTUAL_SERVICE)) {
      String key = claimKey(vs);
      if (key == null) {
        continue;
      }
      for (String g : ServiceRegistry.strings(vs.spec().path("gateways"))) {
        if (g.equals("mesh")) {
          continue;
        }
        int slash = g.indexOf('/');
        String ns = slash < 0 ? vs.namespace() : g.substring(0, slash);
        Optional<Resource> gw = ctx.get(Kinds.GATEWAY, ns, slash < 0 ? g : g.substring(slash + 1));
        if (gw.isEmpty()) {
          continue;
        }
        Map<String, String> selector = Resource.stringMap(gw.get().spec().path("selector"));
        for (Resource pod : ctx.all(Kinds.POD)) {
          if (Context.selects(selector, pod.labels()) && !authenticated(ctx, pod)) {
            ctx.report(Code.JWT_CLAIM_BASED_ROUTING_WITHOUT_REQUEST_AUTHN, vs, null, key, gw.get().ref(), pod.name());
          }
        }
      }
    }
  }

  /** The first header match key that routes on a claim, or null. */
  static String claimKey(Resource vs) {
    for (JsonNode http : vs.spec().path("http")) {
      for (JsonNode match : http.path("match")) {
        for (String section : List.of("headers", "withoutHeaders")) {
          for (Iterator<String> it = match.path(section).fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (CLAIM.matcher(k).matches()) {
              return k;
            }
          }
        }
      }
    }
    return null;
  }

  /** A RequestAuthentication in istio-system (istioctl's hard-coded root) or the pod's namespace selects it. */
  private static boolean authenticated(Context ctx, Resource pod) {
    for (String ns : List.of("istio-system", pod.namespace())) {
      for (Resource ra : ctx.in(Kinds.REQUEST_AUTHENTICATION, ns)) {
        if (Context.selects(Resource.stringMap(ra.spec().path("selector").path("matchLabels")), pod.labels())) {
          return true;
        }
      }
    }
    return false;
  }
}
