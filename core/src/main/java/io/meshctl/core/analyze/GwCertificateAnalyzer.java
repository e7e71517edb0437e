package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gateway.CertificateAnalyzer} (analyze.md §8.8): two Gateways on the same workloads serving
 * the same certificate make HTTP/2 clients reuse a connection for the other's hosts (404s).
 */
final class GwCertificateAnalyzer extends AbstractAnalyzer {

  GwCertificateAnalyzer() {
    super("gateway.CertificateAnalyzer", "Checks a gateway certificate", Set.of(Code.GATEWAY_DUPLICATE_CERTIFICATE),
        Set.of(Kinds.GATEWAY));
  }

  @Override
  public void analyze(Context ctx) {
    boolean sameNamespaceOnly = "true".equals(System.getenv("PILOT_SCOPE_GATEWAY_TO_NAMESPACE"));
    List<Resource> gateways = ctx.all(Kinds.GATEWAY);
    for (Resource gw : gateways) {
      Map<String, String> selector = Resource.stringMap(gw.spec().path("selector"));
      for (Resource other : gateways) {
        if (other == gw || (sameNamespaceOnly && !other.namespace().equals(gw.namespace()))
            || !Context.selects(selector, Resource.stringMap(other.spec().path("selector")))) {
          continue;
        }
        for (JsonNode a : gw.spec().path("servers")) {
          for (JsonNode b : other.spec().path("servers")) {
            if (sameCertificate(a.path("tls"), b.path("tls"))) {
              ctx.report(Code.GATEWAY_DUPLICATE_CERTIFICATE, gw, "{.metadata.name}", List.of(gw.ref(), other.ref()));
            }
          }
        }
      }
    }
  }

  private static boolean sameCertificate(JsonNode a, JsonNode b) {
    if (!a.isObject() || !b.isObject()) {
      return false;
    }
    String ca = ServiceRegistry.text(a, "credentialName");
    String cb = ServiceRegistry.text(b, "credentialName");
    if (!ca.isEmpty() || !cb.isEmpty()) {
      return ca.equals(cb);
    }
    String certA = ServiceRegistry.text(a, "serverCertificate");
    String keyA = ServiceRegistry.text(a, "privateKey");
    return !certA.isEmpty() && !keyA.isEmpty() && certA.equals(ServiceRegistry.text(b, "serverCertificate"))
        && keyA.equals(ServiceRegistry.text(b, "privateKey"));
  }
}
