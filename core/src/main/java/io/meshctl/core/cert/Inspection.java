package io.meshctl.core.cert;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What {@code cert inspect} reports: each certificate, the chain's status, whether a key found next
 * to it belongs to it, and whether anything expires within the threshold (the CI gate).
 */
public record Inspection(String source, List<CertInfo> certificates, String chainStatus, String chain,
    Boolean keyMatches, String expiresFirst, boolean expiring) {

  /** Where each layout keeps its certificate, root and key (mesh-policy.md 4.2-4.5), in order of preference. */
  private static final List<String> CERT_KEYS = List.of("tls.crt", "cert", "cert-chain.pem", "ca-cert.pem");
  private static final List<String> ROOT_KEYS = List.of("ca.crt", "cacert", "root-cert.pem");
  private static final List<String> KEY_KEYS = List.of("tls.key", "key", "ca-key.pem");

  /**
   * Inspects a secret of any layout that {@link SecretLayout} writes: its certificate, anchored by
   * {@code roots} and the root it stores, and the key it stores checked against it.
   * {@code where} names the secret ("secret ns/name").
   */
  public static Inspection ofSecret(JsonNode secret, String where, List<X509Certificate> roots, Instant now,
      Duration minRemaining) {
    JsonNode data = secret.path("data");
    String certKey = CERT_KEYS.stream().filter(data::has).findFirst().orElseThrow(() ->
        new MeshctlException.InvalidInput(where + " holds no certificate: expected one of " + CERT_KEYS
            + ", found " + fieldNames(data)));
    List<X509Certificate> anchors = new ArrayList<>(roots);
    for (String k : ROOT_KEYS) {
      if (data.has(k) && !k.equals(certKey)) {
        anchors.addAll(Pem.certificates(decode(data, k), where + " " + k));
        break;
      }
    }
    String keyText = KEY_KEYS.stream().filter(data::has).findFirst().map(k -> decode(data, k)).orElse(null);
    return of(decode(data, certKey), where + " " + certKey, anchors, keyText, now, minRemaining);
  }

  private static String decode(JsonNode data, String key) {
    try {
      return new String(Base64.getMimeDecoder().decode(data.path(key).asText()), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      throw new MeshctlException.InvalidInput("secret data " + key + " is not base64", e);
    }
  }

  private static List<String> fieldNames(JsonNode data) {
    List<String> names = new ArrayList<>();
    data.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * {@code roots} anchors the chain (a secret's ca.crt, may be empty); {@code keyText} is a key
   * stored alongside (a secret's tls.key), checked but never shown, or null.
   */
  public static Inspection of(String certText, String source, List<X509Certificate> roots, String keyText,
      Instant now, Duration minRemaining) {
    List<X509Certificate> certs = Pem.certificates(certText, source);
    Boolean keyMatches = null;
    int leaf = -1;
    if (keyText != null) {
      Pem.KeyFile key = Pem.privateKey(keyText, source + " key", null);
      if (!key.encrypted()) {
        leaf = Keys.certificateOf(key.key(), certs);
        keyMatches = leaf >= 0;
      }
    }
    Chains.Report report = Chains.analyse(certs, roots, leaf, source);
    List<CertInfo> infos = new ArrayList<>();
    X509Certificate first = null;
    for (X509Certificate c : certs) {
      infos.add(CertInfo.of(c, now));
      if (first == null || c.getNotAfter().before(first.getNotAfter())) {
        first = c;
      }
    }
    Instant end = first.getNotAfter().toInstant();
    boolean expiring = Duration.between(now, end).compareTo(minRemaining) < 0;
    return new Inspection(source, infos, report.status().name(), report.message(), keyMatches,
        Chains.subject(first) + " on " + end, expiring);
  }
}
