package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * {@code destinationrule.CaCertificateAnalyzer} (analyze.md §8.7): TLS origination (SIMPLE, MUTUAL)
 * without {@code caCertificates} does not verify the server. Not reported when the certificate comes
 * from {@code credentialName} of a rule with a workloadSelector (the secret may carry the CA).
 */
final class DrCaCertificateAnalyzer extends AbstractAnalyzer {

  DrCaCertificateAnalyzer() {
    super("destinationrule.CaCertificateAnalyzer",
        "Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL",
        Set.of(Code.NO_SERVER_CERTIFICATE_VERIFICATION_DESTINATION_LEVEL,
            Code.NO_SERVER_CERTIFICATE_VERIFICATION_PORT_LEVEL),
        Set.of(Kinds.DESTINATION_RULE));
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource dr : ctx.all(Kinds.DESTINATION_RULE)) {
      boolean selector = dr.spec().path("workloadSelector").isObject();
      String host = ServiceRegistry.text(dr.spec(), "host");
      JsonNode policy = dr.spec().path("trafficPolicy");
      String mode = unverified(policy.path("tls"), selector);
      if (mode != null) {
        ctx.report(Code.NO_SERVER_CERTIFICATE_VERIFICATION_DESTINATION_LEVEL, dr,
            "{.spec.trafficPolicy.tls.caCertificates}", dr.ref(), dr.namespace(), mode, host);
      }
      JsonNode ports = policy.path("portLevelSettings");
      for (int i = 0; i < ports.size(); i++) {
        mode = unverified(ports.get(i).path("tls"), selector);
        if (mode != null) {
          JsonNode number = ports.get(i).path("port").path("number");
          ctx.report(Code.NO_SERVER_CERTIFICATE_VERIFICATION_PORT_LEVEL, dr,
              "{.spec.trafficPolicy.portLevelSettings[" + i + "].tls.caCertificates}", dr.ref(), dr.namespace(), mode,
              host, number.isMissingNode() ? "" : "number:" + number.asText());
        }
      }
    }
  }

  /** The mode when it originates TLS without a CA to verify with; else null. */
  private static String unverified(JsonNode tls, boolean selector) {
    String mode = ServiceRegistry.text(tls, "mode");
    if (!mode.equals("SIMPLE") && !mode.equals("MUTUAL")) {
      return null;
    }
    if (!ServiceRegistry.text(tls, "caCertificates").isEmpty()) {
      return null;
    }
    if (!ServiceRegistry.text(tls, "credentialName").isEmpty() && selector) {
      return null;
    }
    return mode;
  }
}
