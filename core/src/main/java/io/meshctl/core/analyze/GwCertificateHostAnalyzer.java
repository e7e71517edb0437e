package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.cert.CertInfo;
import io.meshctl.core.cert.GatewayTls;
import io.meshctl.core.cert.SanNames;
import io.meshctl.core.cert.SecretLayout;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * meshctl's look inside a Gateway's credential (no istioctl counterpart): the certificate has expired
 * or is not yet valid (MSH0002, with the date, where IST0161 only says "invalid"), or does not cover
 * a host the server answers for (MSH0003), which clients reject during the handshake.
 */
final class GwCertificateHostAnalyzer extends AbstractAnalyzer {

  GwCertificateHostAnalyzer() {
    super("meshctl.GatewayCertificateAnalyzer",
        "Checks the certificate in each Gateway credential secret: validity dates and the server's hosts",
        Set.of(Code.GATEWAY_CERTIFICATE_EXPIRED, Code.GATEWAY_CERTIFICATE_HOST_MISMATCH),
        Set.of(Kinds.GATEWAY, Kinds.POD, Kinds.SECRET));
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource gw : ctx.all(Kinds.GATEWAY)) {
      List<Resource> pods = Pods.of(ctx).selected(Resource.stringMap(gw.spec().path("selector")));
      if (pods.isEmpty()) {
        continue; // gateway.SecretAnalyzer reports the selector
      }
      List<GwSecretAnalyzer.Credential> credentials = new ArrayList<>(
          GwSecretAnalyzer.credentials(ctx, gw, pods.get(0).namespace()));
      credentials.addAll(legacyMounts(ctx, gw, pods.get(0).namespace()));
      for (GwSecretAnalyzer.Credential c : credentials) {
        if (c.secret().isEmpty()) {
          continue;
        }
        X509Certificate cert = GwSecretAnalyzer.servedCertificate(c.secret().get());
        if (cert == null) {
          continue; // IST0161 says so
        }
        JsonNode server = gw.spec().path("servers").get(c.server());
        List<String> hosts = hosts(server);
        Instant now = ctx.now();
        if (now.isAfter(cert.getNotAfter().toInstant())) {
          ctx.report(Code.GATEWAY_CERTIFICATE_EXPIRED, gw, c.field(), c.secret().get().ref(), hosts,
              "expired on " + cert.getNotAfter().toInstant());
        } else if (now.isBefore(cert.getNotBefore().toInstant())) {
          ctx.report(Code.GATEWAY_CERTIFICATE_EXPIRED, gw, c.field(), c.secret().get().ref(), hosts,
              "is not valid before " + cert.getNotBefore().toInstant());
        }
        List<String> names = CertInfo.hostNames(cert);
        for (String h : hosts) {
          if (!h.equals("*") && !SanNames.covered(h, names)) {
            ctx.report(Code.GATEWAY_CERTIFICATE_HOST_MISMATCH, gw, c.field(), c.secret().get().ref(), h, names);
          }
        }
      }
    }
  }

  /**
   * Servers of a pre-SDS gateway (Istio 1.0-1.5) reading their certificate from the file mount of
   * secret {@code istio-ingressgateway-certs} in the gateway pods' namespace: the same certificate,
   * delivered another way, so the same checks.
   */
  private static List<GwSecretAnalyzer.Credential> legacyMounts(Context ctx, Resource gw, String ns) {
    JsonNode servers = gw.spec().path("servers");
    List<GwSecretAnalyzer.Credential> out = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      JsonNode tls = servers.get(i).path("tls");
      if (ServiceRegistry.text(tls, "credentialName").isEmpty()
          && ServiceRegistry.text(tls, "serverCertificate").startsWith(GatewayTls.LEGACY_MOUNT)) {
        String secret = SecretLayout.TLS.defaultName;
        out.add(new GwSecretAnalyzer.Credential(i, secret, ctx.get(Kinds.SECRET, ns, secret), "serverCertificate"));
      }
    }
    return out;
  }

  /** The server's hosts without their {@code namespace/} part. */
  private static List<String> hosts(JsonNode server) {
    List<String> out = new ArrayList<>();
    for (String h : ServiceRegistry.strings(server.path("hosts"))) {
      out.add(h.contains("/") ? h.substring(h.indexOf('/') + 1) : h);
    }
    return out;
  }
}
