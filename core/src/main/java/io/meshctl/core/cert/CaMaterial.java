package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** An issuing CA: its certificate first, then the chain up to the root as the file held it, and its key. */
public record CaMaterial(List<X509Certificate> chain, PrivateKey key) {

  public CaMaterial {
    chain = List.copyOf(chain);
  }

  /**
   * Reads the CA from its certificate file (CA first, then its chain) and its key file. A CA that is
   * not valid at {@code now} is refused (exit 65): what it signs verifies nowhere, and the run would
   * otherwise succeed and leave a useless leaf behind. {@code allowInvalid} signs anyway (tests of
   * expiry handling, back-dated fixtures); the issuer then warns.
   */
  public static CaMaterial load(Path certFile, Path keyFile, char[] password, Instant now, boolean allowInvalid) {
    List<X509Certificate> chain = Pem.certificates(CertFiles.read(certFile, "--ca-cert"), certFile.toString());
    X509Certificate ca = chain.get(0);
    Instant from = ca.getNotBefore().toInstant();
    Instant until = ca.getNotAfter().toInstant();
    if (!allowInvalid && (now.isBefore(from) || now.isAfter(until))) {
      throw new MeshctlException.InvalidInput("--ca-cert " + certFile + ": the CA " + Chains.subject(ca)
          + (now.isAfter(until) ? " expired on " + until : " is not valid before " + from) + " (valid " + from
          + " to " + until + "), so certificates it signs will not verify: renew the CA, or pass "
          + "--allow-invalid-ca to sign anyway");
    }
    Pem.KeyFile key = Pem.privateKey(CertFiles.read(keyFile, "--ca-key"), keyFile.toString(), password);
    if (key.encrypted()) {
      throw new MeshctlException.InvalidInput("--ca-key " + keyFile + " is encrypted: give its password with "
          + "--ca-password-file FILE or --ca-password-env VAR");
    }
    return new CaMaterial(chain, key.key());
  }

  public X509Certificate cert() {
    return chain.get(0);
  }
}
