package io.meshctl.core.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

/**
 * Key matching across providers: a native image may read a key file through BouncyCastle (which
 * names an EC key "ECDSA") while the certificate's key comes from the JDK ("EC"); the pair must
 * still match, and a key of another pair must not.
 */
class KeysTest {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private static Issued issue(KeySpec spec) {
    Instant now = Instant.now();
    return new CertIssuer().issue(new IssueRequest(Profile.ROOT_CA, "k", null, List.of(), List.of(), List.of(), now,
        now.plusSeconds(60), spec, null, null)).issued();
  }

  /** The key as BouncyCastle's provider reads a PEM file, the way JcaPEMKeyConverter does with BC registered. */
  private static PrivateKey viaBouncyCastle(PrivateKey key) throws Exception {
    return new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(PrivateKeyInfo.getInstance(key.getEncoded()));
  }

  @Test
  void aKeyReadByEitherProviderMatchesItsCertificate() throws Exception {
    for (KeySpec spec : List.of(KeySpec.DEFAULT, KeySpec.of(KeySpec.Kty.EC, "P-384", null),
        KeySpec.of(KeySpec.Kty.RSA, null, 2048), KeySpec.of(KeySpec.Kty.ED25519, null, null))) {
      Issued a = issue(spec);
      Issued b = issue(spec);
      PrivateKey bcKey = viaBouncyCastle(a.key());
      assertThat(bcKey.getClass().getName()).as(spec.toString()).startsWith("org.bouncycastle.");
      assertThat(Keys.matches(a.key(), a.cert().getPublicKey())).as("JDK key, %s", spec).isTrue();
      assertThat(Keys.matches(bcKey, a.cert().getPublicKey())).as("BouncyCastle key, %s", spec).isTrue();
      assertThat(Keys.matches(viaBouncyCastle(b.key()), a.cert().getPublicKey())).as("other key, %s", spec).isFalse();
      assertThat(Keys.matches(b.key(), a.cert().getPublicKey())).as("other JDK key, %s", spec).isFalse();
    }
  }

  @Test
  void providersNameTheSameEcKeyDifferently() throws Exception {
    // the premise of the test above: a name comparison would call this pair a mismatch
    Issued a = issue(KeySpec.DEFAULT);
    assertThat(viaBouncyCastle(a.key()).getAlgorithm()).isNotEqualTo(a.cert().getPublicKey().getAlgorithm());
  }

  @Test
  void keysOfDifferentTypesOrCurvesNeverMatch() throws Exception {
    Issued ec = issue(KeySpec.DEFAULT);
    Issued p384 = issue(KeySpec.of(KeySpec.Kty.EC, "P-384", null));
    Issued rsa = issue(KeySpec.of(KeySpec.Kty.RSA, null, 2048));
    Issued ed = issue(KeySpec.of(KeySpec.Kty.ED25519, null, null));
    assertThat(Keys.matches(rsa.key(), ec.cert().getPublicKey())).isFalse();
    assertThat(Keys.matches(ec.key(), p384.cert().getPublicKey())).isFalse();
    assertThat(Keys.matches(viaBouncyCastle(ed.key()), rsa.cert().getPublicKey())).isFalse();
  }
}
