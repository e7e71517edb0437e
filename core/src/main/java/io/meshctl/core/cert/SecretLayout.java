package io.meshctl.core.cert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The secrets gateways and istiod read (mesh-policy.md section 4):
 * TLS = {@code kubernetes.io/tls} mounted by the legacy gateway at /etc/istio/ingressgateway-certs;
 * CREDENTIAL = the same keys read over SDS via a Gateway's credentialName; CACERTS = istiod's plug-in CA.
 */
public enum SecretLayout {
  TLS("istio-ingressgateway-certs"),
  CACERTS("cacerts"),
  CREDENTIAL(null);

  /** Data keys that hold private keys: never printed unless asked for. */
  public static final Set<String> PRIVATE_KEYS = Set.of("tls.key", "key", "ca-key.pem");

  public final String defaultName;

  SecretLayout(String defaultName) {
    this.defaultName = defaultName;
  }

  /**
   * The data of the secret, PEM text per key. {@code legacySds}: Istio 1.1-1.3's SDS agent reads the
   * client CA only from key {@code cacert}, not {@code ca.crt}.
   */
  public Map<String, String> data(Checked c, boolean legacySds) {
    Map<String, String> data = new LinkedHashMap<>();
    switch (this) {
      case CACERTS -> {
        data.put("ca-cert.pem", Pem.certificate(c.chain().get(0)));
        data.put("ca-key.pem", c.keyPem());
        data.put("root-cert.pem", Pem.certificate(c.root()));
        data.put("cert-chain.pem", Pem.certificates(c.chainToRoot()));
      }
      default -> {
        data.put("tls.crt", Pem.certificates(c.chain()));
        data.put("tls.key", c.keyPem());
        if (!c.ca().isEmpty()) {
          data.put(this == CREDENTIAL && legacySds ? "cacert" : "ca.crt", Pem.certificates(c.ca()));
        }
      }
    }
    return data;
  }

  public String type() {
    return this == CACERTS ? "Opaque" : "kubernetes.io/tls";
  }

  public ObjectNode secret(String name, String namespace, Map<String, String> data) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("apiVersion", "v1");
    s.put("kind", "Secret");
    ObjectNode md = s.putObject("metadata");
    md.put("name", name);
    md.put("namespace", namespace);
    md.putObject("labels").put("app.kubernetes.io/managed-by", "meshctl");
    s.put("type", type());
    ObjectNode d = s.putObject("data");
    data.forEach((k, v) -> d.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return s;
  }

  /** A copy safe to print: private key values replaced by a marker. */
  public static ObjectNode redacted(ObjectNode secret) {
    ObjectNode copy = secret.deepCopy();
    ObjectNode data = (ObjectNode) copy.path("data");
    for (String k : PRIVATE_KEYS) {
      if (data.has(k)) {
        data.put(k, "REDACTED (pass --show-secrets to print it)");
      }
    }
    return copy;
  }
}
