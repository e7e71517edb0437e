package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code authn.BlockedCIDRsAnalyzer} (analyze.md §8.13, IST0175): with RequestAuthentications in
 * the mesh, istiod fetches JWKS from URIs users write; without {@code BLOCKED_CIDRS_IN_JWKS_URIS} it
 * fetches from any address, internal ones included.
 */
final class BlockedCidrsAnalyzer implements Analyzer {

  private static final String ENV = "BLOCKED_CIDRS_IN_JWKS_URIS";

  @Override
  public String name() {
    return "authn.BlockedCIDRsAnalyzer";
  }

  @Override
  public String description() {
    return "Checks that istiod restricts JWKS URI fetches when RequestAuthentication resources exist";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.JWKS_URI_FETCH_UNRESTRICTED);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.DEPLOYMENT);
  }

  @Override
  public void analyze(Context ctx) {
    List<Resource> ras = ctx.all(Kinds.REQUEST_AUTHENTICATION);
    if (ras.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    ras.forEach(r -> names.add(r.ref()));
    names.sort(null);
    String listed = String.join(", ", names.subList(0, Math.min(5, names.size())))
        + (names.size() > 5 ? ", and " + (names.size() - 5) + " more" : "");
    for (Resource d : ctx.all(Kinds.DEPLOYMENT)) {
      if (!"istiod".equals(d.label("app")) || configured(d)) {
        continue;
      }
      ctx.report(Code.JWKS_URI_FETCH_UNRESTRICTED, d, null, ras.size(), listed);
    }
  }

  private static boolean configured(Resource d) {
    for (JsonNode c : d.spec().path("template").path("spec").path("containers")) {
      for (JsonNode env : c.path("env")) {
        String value = Manifests.text(env, "value");
        if (ENV.equals(Manifests.text(env, "name")) && value != null && !value.isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }
}
