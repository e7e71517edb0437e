package io.meshctl.core.cert;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** Facts about keys that hold for every algorithm. */
public final class Keys {

  private Keys() {
  }

  /**
   * Whether {@code key} is the private half of {@code pub}, decided by what the keys are: the public
   * point d·G of an EC key, the modulus and exponent of an RSA key, the public key an Ed25519 seed
   * derives, compared with {@code pub}. Provider names play no part: the same EC key is "EC" from the
   * JDK and "ECDSA" from BouncyCastle, and a native image may parse with either.
   */
  public static boolean matches(PrivateKey key, PublicKey pub) {
    if (key.getEncoded() == null || pub.getEncoded() == null) {
      return false; // a key held in hardware: nothing to compare here
    }
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(key.getEncoded());
      AsymmetricKeyParameter pubKey = PublicKeyFactory.createKey(pub.getEncoded());
      if (priv instanceof ECPrivateKeyParameters ec && pubKey instanceof ECPublicKeyParameters q) {
        ECPoint derived = new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD());
        return ec.getParameters().getCurve().equals(q.getParameters().getCurve())
            && Arrays.equals(derived.getEncoded(false), q.getQ().getEncoded(false));
      } else if (priv instanceof RSAKeyParameters rsa && pubKey instanceof RSAKeyParameters n) {
        return rsa.getModulus().equals(n.getModulus())
            && (!(rsa instanceof RSAPrivateCrtKeyParameters crt) || crt.getPublicExponent().equals(n.getExponent()));
      } else if (priv instanceof Ed25519PrivateKeyParameters ed && pubKey instanceof Ed25519PublicKeyParameters p) {
        return Arrays.equals(ed.generatePublicKey().getEncoded(), p.getEncoded());
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false; // not a key BouncyCastle can read: it cannot be shown to match
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
