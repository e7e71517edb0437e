package io.meshctl.core.cert;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What {@code cert inspect} shows of one certificate; a plain record so JSON and YAML render it directly. */
public record CertInfo(String subject, String issuer, String serial, List<String> dnsNames, List<String> ipAddresses,
    List<String> uris, String spiffeId, String notBefore, String notAfter, long daysRemaining, String sha256,
    boolean ca, Integer pathLen, List<String> keyUsage, List<String> extendedKeyUsage, String publicKey,
    boolean selfSigned) {

  private static final String[] KEY_USAGE = {"digitalSignature", "nonRepudiation", "keyEncipherment",
      "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

  public static CertInfo of(X509Certificate c, Instant now) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    sans(c, dns, ips, uris);
    String spiffe = uris.stream().filter(u -> u.startsWith("spiffe://")).findFirst().orElse(null);
    int bc = c.getBasicConstraints();
    List<String> ku = new ArrayList<>();
    boolean[] bits = c.getKeyUsage();
    if (bits != null) {
      for (int i = 0; i < bits.length && i < KEY_USAGE.length; i++) {
        if (bits[i]) {
          ku.add(KEY_USAGE[i]);
        }
      }
    }
    List<String> eku = new ArrayList<>();
    try {
      if (c.getExtendedKeyUsage() != null) {
        for (String oid : c.getExtendedKeyUsage()) {
          eku.add(switch (oid) {
            case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
            case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
            default -> oid;
          });
        }
      }
    } catch (CertificateParsingException e) {
      eku.add("(unreadable)");
    }
    Instant end = c.getNotAfter().toInstant();
    return new CertInfo(name(c.getSubjectX500Principal().getName()), name(c.getIssuerX500Principal().getName()),
        c.getSerialNumber().toString(16), dns, ips, uris, spiffe, c.getNotBefore().toInstant().toString(),
        end.toString(), Math.floorDiv(Duration.between(now, end).getSeconds() + 43_200, 86_400), fingerprint(c), bc >= 0,
        bc >= 0 && bc != Integer.MAX_VALUE ? bc : null, ku, eku, Keys.describe(c.getPublicKey()), Chains.selfSigned(c));
  }

  /** DNS names and IP addresses, the names a TLS client matches against. */
  public static List<String> hostNames(X509Certificate c) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    sans(c, dns, ips, new ArrayList<>());
    dns.addAll(ips);
    return dns;
  }

  private static void sans(X509Certificate c, List<String> dns, List<String> ips, List<String> uris) {
    try {
      if (c.getSubjectAlternativeNames() == null) {
        return;
      }
      for (List<?> san : c.getSubjectAlternativeNames()) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        switch (type) {
          case 2 -> dns.add(value);
          case 7 -> ips.add(value);
          case 6 -> uris.add(value);
          default -> { }
        }
      }
    } catch (CertificateParsingException e) {
      // an unreadable SAN extension shows as no SANs; the coverage check then names the host
    }
  }

  /** "(empty)" rather than nothing: Istio workload certificates have an empty subject. */
  static String name(String rfc2253) {
    return rfc2253.isEmpty() ? "(empty)" : rfc2253;
  }

  /** SHA-256 of the DER, colon-separated upper-case hex, as {@code openssl x509 -fingerprint -sha256} prints it. */
  public static String fingerprint(X509Certificate c) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names for a summary line: DNS:a, IP:b, URI:c. */
  public String sanSummary() {
    List<String> all = new ArrayList<>();
    dnsNames.forEach(d -> all.add("DNS:" + d));
    ipAddresses.forEach(i -> all.add("IP:" + i));
    uris.forEach(u -> all.add("URI:" + u));
    return all.isEmpty() ? "(none)" : String.join(", ", all);
  }

}
