package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.Set;

/**
 * {@code deprecation.DeprecationAnalyzer} (analyze.md §8.14, IST0002): fields and kinds Istio no
 * longer honours. meshctl adds one Istio 1.6+ dropped without a word: v1alpha1 MeshPolicy/Policy
 * objects in a mesh that has PeerAuthentication, where they no longer decide anything.
 */
final class DeprecationAnalyzer implements Analyzer {

  private static final Set<String> RBAC_KINDS = Set.of("ClusterRbacConfig", "RbacConfig", "ServiceRole",
      "ServiceRoleBinding");

  @Override
  public String name() {
    return "deprecation.DeprecationAnalyzer";
  }

  @Override
  public String description() {
    return "Checks for deprecated Istio types and fields";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.DEPRECATED);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource vs : ctx.all(Kinds.VIRTUAL_SERVICE)) {
      JsonNode http = vs.spec().path("http");
      for (int i = 0; i < http.size(); i++) {
        if (http.get(i).path("fault").path("delay").path("percent").asInt(0) > 0) {
          ctx.report(Code.DEPRECATED, vs, "{.spec.http[" + i + "].fault.delay.percent}",
              "HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage");
        }
      }
    }
    for (Resource sc : ctx.all(Kinds.SIDECAR)) {
      JsonNode proxy = sc.spec().path("outboundTrafficPolicy").path("egressProxy");
      if (!proxy.isMissingNode() && !proxy.isNull()) {
        ctx.report(Code.DEPRECATED, sc, "{.spec.outboundTrafficPolicy.egressProxy.host}",
            "OutboundTrafficPolicy.EgressProxy ignored");
      }
    }
    for (Resource crd : ctx.all(Kinds.CRD)) {
      String kind = Manifests.text(crd.spec().path("names"), "kind");
      if ("rbac.istio.io".equals(Manifests.text(crd.spec(), "group")) && kind != null && RBAC_KINDS.contains(kind)) {
        ctx.report(Code.DEPRECATED, crd, null, "Custom resource type rbac.istio.io " + kind + " is removed");
      }
    }
    if (!ctx.all(Kinds.PEER_AUTHENTICATION).isEmpty()) {
      for (String kind : new String[] {Kinds.MESH_POLICY, Kinds.POLICY}) {
        for (Resource p : ctx.all(kind)) {
          ctx.report(Code.DEPRECATED, p, null, "authentication.istio.io/v1alpha1 " + kind + " is ignored since Istio "
              + "1.6, and PeerAuthentication is in use here; move its mTLS mode to a PeerAuthentication");
        }
      }
    }
  }
}
