package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check {@code cert upload} runs before anything is sent: the classic mistakes that kubectl
 * and Istio let through (cli-ux.md 4.4-4.5). All checks run, so one attempt shows every problem.
 */
public final class CertChecks {

  private CertChecks() {
  }

  /**
   * What to check. {@code caText} may be null, and so is {@code gateway} when no Gateway was named.
   */
  public record Input(String certText, String certSource, String keyText, String keySource, String caText,
      String caSource, SecretLayout layout, Duration minRemaining, Instant now, boolean fixOrder,
      GatewayTls.Target gateway) {
  }

  public static Checked run(Input in) {
    List<Finding> f = new ArrayList<>();
    List<X509Certificate> certs = parse(f, in.certText(), in.certSource());
    List<X509Certificate> ca = in.caText() == null ? List.of() : parse(f, in.caText(), in.caSource());
    Pem.KeyFile key = null;
    try {
      key = Pem.privateKey(in.keyText(), in.keySource(), null);
      if (key.encrypted()) {
        f.add(Finding.error("key-encrypted", in.keySource() + " is encrypted (" + key.format() + "): a gateway or "
            + "istiod cannot read an encrypted key (Envoy fails with 'NO_START_LINE'); decrypt it first: "
            + "openssl pkey -in " + in.keySource() + " -out plain-key.pem"));
        key = null;
      }
    } catch (MeshctlException.InvalidInput e) {
      f.add(Finding.error("pem", e.getMessage()));
    }
    if (certs == null || certs.isEmpty()) {
      return new Checked(List.of(), null, ca == null ? List.of() : ca, f);
    }
    if (ca == null) {
      ca = List.of();
    }
    int leaf = key == null ? -1 : Keys.certificateOf(key.key(), certs);
    if (key != null && leaf < 0) {
      f.add(Finding.error("key-match", in.keySource() + " is not the private key of " + in.certSource()
          + " (leaf " + Chains.subject(certs.get(0)) + ", " + Keys.describe(certs.get(0).getPublicKey())
          + "; the key is " + Keys.describe(key.key()) + "): pass the key that was generated with this certificate"));
    }
    Chains.Report chain = Chains.analyse(certs, ca, leaf, in.certSource());
    List<X509Certificate> ordered = certs;
    switch (chain.status()) {
      case OUT_OF_ORDER -> {
        if (in.fixOrder()) {
          f.add(Finding.warning("chain-order", chain.message() + "; reordered as --fix-chain-order asks"));
          ordered = chain.ordered();
        } else {
          f.add(Finding.error("chain-order", chain.message() + ": reorder the file, or pass --fix-chain-order"));
        }
      }
      case BROKEN -> f.add(Finding.error("chain", chain.message()));
      default -> { }
    }
    validity(f, ordered, in);
    for (X509Certificate c : ca) {
      validity(f, c, in.caSource(), in);
    }
    X509Certificate top = ordered.get(0);
    if (in.layout() == SecretLayout.CACERTS) {
      caChecks(f, ordered, ca, in);
    } else {
      if (Keys.isEdDsa(top.getPublicKey().getAlgorithm())) {
        f.add(Finding.error("key-type", in.certSource() + ": Envoy cannot serve an Ed25519 certificate; issue one "
            + "with --kty EC or --kty RSA"));
      }
      List<String> names = CertInfo.hostNames(top);
      if (names.isEmpty()) {
        f.add(Finding.error("san", in.certSource() + " (" + Chains.subject(top) + ") has no DNS or IP subject "
            + "alternative name: clients reject certificates that rely on the Common Name (Go since 1.15); reissue "
            + "it with the host names as SANs"));
      }
      if (in.gateway() != null && in.gateway().hosts().isEmpty()) {
        f.add(Finding.error("gateway", in.gateway().note()));
      } else if (in.gateway() != null) {
        for (GatewayTls.Host h : in.gateway().hosts()) {
          if (h.host().equals("*")) {
            f.add(Finding.warning("san", "the Gateway's " + h.server() + " accepts any host (*); no certificate "
                + "covers every name, so clients may see a name mismatch"));
          } else if (!SanNames.covered(h.host(), names)) {
            f.add(Finding.error("san", "host " + h.host() + " of the Gateway's " + h.server() + " is not covered "
                + "by the certificate's SANs " + names + ": reissue it with --host " + h.host()));
          }
        }
      }
    }
    String keyPem = key == null ? null : keyBlock(in.keyText());
    return new Checked(ordered, keyPem, ca, f);
  }

  private static List<X509Certificate> parse(List<Finding> f, String text, String source) {
    List<X509Certificate> certs = new ArrayList<>();
    List<Pem.Block> blocks = Pem.blocks(text);
    if (blocks.isEmpty()) {
      try {
        Pem.certificates(text, source);
      } catch (MeshctlException.InvalidInput e) {
        f.add(Finding.error("pem", e.getMessage()));
      }
      return null;
    }
    boolean ok = true;
    for (Pem.Block b : blocks) {
      try {
        certs.add(Pem.certificate(b, source));
      } catch (MeshctlException.InvalidInput e) {
        f.add(Finding.error("pem", e.getMessage()));
        ok = false;
      }
    }
    return ok ? certs : null;
  }

  private static void validity(List<Finding> f, List<X509Certificate> chain, CertChecks.Input in) {
    for (X509Certificate c : chain) {
      validity(f, c, in.certSource(), in);
    }
    X509Certificate leaf = chain.get(0);
    Instant end = leaf.getNotAfter().toInstant();
    Duration left = Duration.between(in.now(), end);
    if (!left.isNegative() && left.compareTo(in.minRemaining()) < 0) {
      f.add(Finding.warning("validity", in.certSource() + " (" + Chains.subject(leaf) + ") expires on " + end
          + ", in " + left.toDays() + " days, less than --min-remaining " + in.minRemaining().toDays()
          + " days: renew it soon"));
    }
  }

  private static void validity(List<Finding> f, X509Certificate c, String source, CertChecks.Input in) {
    Instant end = c.getNotAfter().toInstant();
    Instant start = c.getNotBefore().toInstant();
    if (end.isBefore(in.now())) {
      f.add(Finding.error("validity", source + ": " + Chains.subject(c) + " expired on " + end
          + ": issue or obtain a new certificate"));
    } else if (start.isAfter(in.now())) {
      f.add(Finding.error("validity", source + ": " + Chains.subject(c) + " is not valid before " + start
          + " (now " + in.now() + "): check this machine's clock or wait"));
    }
  }

  private static void caChecks(List<Finding> f, List<X509Certificate> chain, List<X509Certificate> ca, Input in) {
    X509Certificate signing = chain.get(0);
    boolean[] ku = signing.getKeyUsage();
    if (signing.getBasicConstraints() < 0 || (ku != null && !ku[5])) {
      f.add(Finding.error("ca", in.certSource() + " (" + Chains.subject(signing) + ") is not a CA certificate: "
          + "istiod signs workload certificates with ca-cert.pem, so it must be a CA; issue one with "
          + "'meshctl cert issue intermediate-ca'"));
    }
    X509Certificate top = chain.get(chain.size() - 1);
    if (ca.isEmpty() && !Chains.selfSigned(top)) {
      f.add(Finding.error("ca", "cacerts needs the root certificate for root-cert.pem: pass --ca root-cert.pem"));
    }
  }

  /** The key as the user gave it (one block), so its format is kept; it was checked unencrypted. */
  private static String keyBlock(String text) {
    for (Pem.Block b : Pem.blocks(text)) {
      if (b.type().endsWith("PRIVATE KEY")) {
        return b.text() + "\n";
      }
    }
    return null;
  }
}
