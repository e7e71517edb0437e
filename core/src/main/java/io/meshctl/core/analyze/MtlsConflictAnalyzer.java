package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.analyze.schema.SchemaValidator;
import io.meshctl.core.authn.TlsCheck;
import io.meshctl.core.authn.TlsCheckRow;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.List;
import java.util.Set;

/**
 * meshctl's MSH0001: every CONFLICT of the mesh-wide {@code authn tls-check} (the same decision,
 * {@link TlsCheck#meshWide}), one message per host:port (and subset) and client group. Istio has
 * had no such analyzer since 1.5's {@code auth.MTLSAnalyzer} was removed (analyze.md §9). The
 * message sits on the DestinationRule that set the client side when there is one (what a user
 * usually edits, and where a suppression annotation belongs), else on the Service.
 */
final class MtlsConflictAnalyzer implements Analyzer {

  private static final Set<String> POLICY_KINDS = Set.of(Kinds.DESTINATION_RULE, Kinds.PEER_AUTHENTICATION,
      Kinds.MESH_POLICY, Kinds.POLICY);

  @Override
  public String name() {
    return "auth.MTLSConflictAnalyzer";
  }

  @Override
  public String description() {
    return "Checks that every client sidecar's TLS (DestinationRules, auto mTLS) matches what the server side "
        + "accepts (PeerAuthentication, or MeshPolicy/Policy): tls-check's CONFLICTs";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.MTLS_CONFLICT);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.SERVICE);
  }

  @Override
  public void analyze(Context ctx) {
    TlsCheck check;
    try {
      check = TlsCheck.of(ctx.snapshot(), Reporter.SILENT);
    } catch (MeshctlException.InvalidInput e) {
      // an invalid policy or rule is reported by schema validation (IST0106); judge the mesh without it
      check = TlsCheck.of(withoutInvalid(ctx), Reporter.SILENT);
    }
    for (TlsCheckRow row : check.meshWide(Reporter.SILENT)) {
      if (row.status() != TlsCheckRow.Status.CONFLICT) {
        continue;
      }
      String host = row.host().contains("|") ? row.host().substring(0, row.host().indexOf('|')) : row.host();
      String subset = row.host().contains("|") ? " subset " + row.host().substring(row.host().indexOf('|') + 1) : "";
      Resource on = null;
      String field = null;
      if (!"-".equals(row.destinationRule())) {
        String[] id = row.destinationRule().split("/", 2);
        on = ctx.get(Kinds.DESTINATION_RULE, id[0], id[1]).orElse(null);
        field = on != null && on.spec().path("trafficPolicy").path("tls").has("mode")
            ? "{.spec.trafficPolicy.tls.mode}" : null;
      }
      if (on == null) {
        String[] svc = Hosts.service(host);
        on = svc == null ? null : ctx.get(Kinds.SERVICE, svc[1], svc[0]).orElse(null);
      }
      String clients = row.source() == null || row.source().equals("*") ? "" : " (clients in " + row.source() + ")";
      ctx.report(Code.MTLS_CONFLICT, on, field, "mTLS conflict for " + host + ":" + row.port() + subset + clients
          + ": " + row.reason() + "; requests fail. Fix: " + row.fix());
    }
  }

  /** The snapshot without the policies and rules tls-check refuses one by one. */
  private static MeshSnapshot withoutInvalid(Context ctx) {
    MeshObjects objects = ctx.objects();
    SnapshotBuilder b = new SnapshotBuilder(objects.namespace(), objects.istioNamespace(), null);
    for (List<Resource> list : objects.byKind().values()) {
      for (Resource r : list) {
        JsonNode tree = r.tree();
        if (!POLICY_KINDS.contains(r.key()) || SchemaValidator.tlsCheckAccepts(tree, objects.apis())) {
          b.add(tree);
        }
      }
    }
    return b.build(!objects.live(), objects.apis());
  }
}
