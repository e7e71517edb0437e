package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.Pem;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gateway.SecretAnalyzer} (analyze.md §8.8): each {@code credentialName} of a Gateway must be a
 * Secret in the namespace of the gateway's pods (istioctl takes the first selected pod's) holding a
 * certificate and key, the certificate parsable and currently valid.
 */
final class GwSecretAnalyzer extends AbstractAnalyzer {

  GwSecretAnalyzer() {
    super("gateway.SecretAnalyzer", "Checks a gateway's referenced secrets for correctness",
        Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND, Code.INVALID_GATEWAY_CREDENTIAL),
        Set.of(Kinds.GATEWAY, Kinds.POD, Kinds.SECRET));
  }

  /**
   * A server's credential: the server's index, the name as written, the Secret if found, and the
   * {@code tls} field that names it ({@code credentialName}, or a legacy mount's {@code serverCertificate}).
   */
  record Credential(int server, String name, Optional<Resource> secret, String key) {
    String field() {
      return "{.spec.servers[" + server + "].tls." + key + "}";
    }
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource gw : ctx.all(Kinds.GATEWAY)) {
      Map<String, String> selector = Resource.stringMap(gw.spec().path("selector"));
      List<Resource> pods = Pods.of(ctx).selected(selector);
      if (pods.isEmpty()) {
        ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, gw, GwIngressGatewayPortAnalyzer.selectorField(selector),
            "selector", Context.selectorString(selector));
        continue;
      }
      String ns = pods.get(0).namespace();
      for (Credential c : credentials(ctx, gw, ns)) {
        if (c.secret().isEmpty()) {
          ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, gw, c.field(), "credentialName", c.name());
        } else if (!valid(c.secret().get(), ctx.now())) {
          ctx.report(Code.INVALID_GATEWAY_CREDENTIAL, gw, c.field(), gw.name(), ns);
        }
      }
    }
  }

  /** The credentials of the Gateway's servers, looked up in {@code ns} unless written {@code ns/name}. */
  static List<Credential> credentials(Context ctx, Resource gw, String ns) {
    JsonNode servers = gw.spec().path("servers");
    List<Credential> out = new java.util.ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      String name = ServiceRegistry.text(servers.get(i).path("tls"), "credentialName");
      if (name.isEmpty()) {
        continue;
      }
      int slash = name.indexOf('/');
      Optional<Resource> secret = slash < 0 ? ctx.get(Kinds.SECRET, ns, name)
          : ctx.get(Kinds.SECRET, name.substring(0, slash), name.substring(slash + 1));
      out.add(new Credential(i, name, secret, "credentialName"));
    }
    return out;
  }

  /** A non-empty certificate and key ({@code cert}/{@code key} or {@code tls.crt}/{@code tls.key}), the certificate valid now. */
  static boolean valid(Resource secret, Instant now) {
    String cert;
    if (!data(secret, "cert").isEmpty() && !data(secret, "key").isEmpty()) {
      cert = data(secret, "cert");
    } else if (!data(secret, "tls.crt").isEmpty() && !data(secret, "tls.key").isEmpty()) {
      cert = data(secret, "tls.crt");
    } else {
      return false;
    }
    X509Certificate c = certificate(cert);
    return c != null && !now.isBefore(c.getNotBefore().toInstant()) && !now.isAfter(c.getNotAfter().toInstant());
  }

  /** The certificate a secret serves ({@code tls.crt}, else {@code cert}), or null when none parses. */
  static X509Certificate servedCertificate(Resource secret) {
    String cert = data(secret, "tls.crt");
    return certificate(cert.isEmpty() ? data(secret, "cert") : cert);
  }

  /** The first PEM block as an X.509 certificate, or null. */
  static X509Certificate certificate(String pem) {
    List<Pem.Block> blocks = Pem.blocks(pem);
    if (blocks.isEmpty()) {
      return null;
    }
    try {
      return Pem.certificates(blocks.get(0).text(), "secret").get(0);
    } catch (MeshctlException e) {
      return null;
    }
  }

  /** A data key decoded ({@code data} is base64, {@code stringData} as written in a file); "" when absent. */
  static String data(Resource secret, String key) {
    String b64 = ServiceRegistry.text(secret.tree().path("data"), key);
    if (!b64.isEmpty()) {
      try {
        return new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return "";
      }
    }
    return ServiceRegistry.text(secret.tree().path("stringData"), key);
  }
}
