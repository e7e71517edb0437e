package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * The kind of key to generate. The JDK's own providers do the work (EC, RSA and Ed25519 are all in
 * JDK 17), so generating a key costs no BouncyCastle provider start-up.
 */
public record KeySpec(Kty kty, String curve, int size) {

  public enum Kty { EC, RSA, ED25519 }

  public static final KeySpec DEFAULT = new KeySpec(Kty.EC, "P-256", 0);

  /** Fills the defaults (P-256, RSA 2048) and refuses combinations that make no sense (exit 64). */
  public static KeySpec of(Kty kty, String curve, Integer size) {
    switch (kty) {
      case EC -> {
        if (size != null) {
          throw new MeshctlException.Usage("--size applies to RSA keys; for EC choose --curve P-256 or P-384");
        }
        String c = curve == null ? "P-256" : curve.toUpperCase(java.util.Locale.ROOT);
        if (!c.equals("P-256") && !c.equals("P-384")) {
          throw new MeshctlException.Usage("--curve " + curve + " is not supported: use P-256 (default) or P-384, "
              + "the curves Envoy and istiod accept");
        }
        return new KeySpec(kty, c, 0);
      }
      case RSA -> {
        if (curve != null) {
          throw new MeshctlException.Usage("--curve applies to EC keys; for RSA choose --size 2048, 3072 or 4096");
        }
        int s = size == null ? 2048 : size;
        if (s != 2048 && s != 3072 && s != 4096) {
          throw new MeshctlException.Usage("--size " + s + " is not supported: use 2048 (default), 3072 or 4096");
        }
        return new KeySpec(kty, null, s);
      }
      default -> {
        if (size != null || (curve != null && !curve.equalsIgnoreCase("Ed25519"))) {
          throw new MeshctlException.Usage("ED25519 keys take neither --size nor --curve");
        }
        return new KeySpec(kty, null, 0);
      }
    }
  }

  public KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g;
      switch (kty) {
        case EC -> {
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec(curve.equals("P-384") ? "secp384r1" : "secp256r1"), random);
        }
        case RSA -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(size, random);
        }
        default -> g = KeyPairGenerator.getInstance("Ed25519");
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate " + this + " keys", e);
    }
  }

  @Override
  public String toString() {
    return switch (kty) {
      case EC -> "EC " + curve;
      case RSA -> "RSA " + size;
      default -> "Ed25519";
    };
  }
}
