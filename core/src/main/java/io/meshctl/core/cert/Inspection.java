package io.meshctl.core.cert;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code cert inspect} reports: each certificate, the chain's status, whether a key found next
 * to it belongs to it, and whether anything expires within the threshold (the CI gate).
 */
public record Inspection(String source, List<CertInfo> certificates, String chainStatus, String chain,
    Boolean keyMatches, String expiresFirst, boolean expiring) {

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
