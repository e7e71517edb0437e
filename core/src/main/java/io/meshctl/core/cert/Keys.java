package io.meshctl.core.cert;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;

/** Facts about keys that hold for every algorithm. */
public final class Keys {

  private Keys() {
  }

  /**
   * Whether {@code key} is the private half of {@code pub}. Signing a random challenge and verifying
   * it works the same for RSA, EC and Ed25519 (openssl's modulus comparison is RSA-only).
   */
  public static boolean matches(PrivateKey key, PublicKey pub) {
    if (!key.getAlgorithm().equals(pub.getAlgorithm())
        && !(isEdDsa(key.getAlgorithm()) && isEdDsa(pub.getAlgorithm()))) {
      return false;
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      String alg = signatureAlgorithm(key);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(challenge);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(challenge);
      return v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The index of the certificate whose key {@code key} is, or -1: the leaf, wherever the file put it. */
  static int certificateOf(PrivateKey key, List<X509Certificate> certs) {
    for (int i = 0; i < certs.size(); i++) {
      if (matches(key, certs.get(i).getPublicKey())) {
        return i;
      }
    }
    return -1;
  }

  /** The signature algorithm a CA with this key signs with. */
  public static String signatureAlgorithm(PrivateKey key) {
    if (key instanceof ECKey ec) {
      return ec.getParams().getOrder().bitLength() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    } else if (key instanceof RSAKey) {
      return "SHA256withRSA";
    }
    return "Ed25519";
  }

  /** "EC P-256", "RSA 2048", "Ed25519": for summaries and inspect. */
  public static String describe(java.security.Key key) {
    if (key instanceof ECKey ec) {
      int bits = ec.getParams().getOrder().bitLength();
      return "EC P-" + (bits > 256 ? (bits > 384 ? 521 : 384) : 256);
    } else if (key instanceof RSAKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    } else if (isEdDsa(key.getAlgorithm())) {
      return "Ed25519";
    }
    return key.getAlgorithm();
  }

  static boolean isEdDsa(String alg) {
    return alg.equals("EdDSA") || alg.equals("Ed25519");
  }
}
