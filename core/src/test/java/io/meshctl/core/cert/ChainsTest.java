package io.meshctl.core.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain order and linkage, built from certificates issued in-process. */
class ChainsTest {

  private final CertIssuer issuer = new CertIssuer();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private Issued issue(Profile p, String cn, CaMaterial ca) {
    return issuer.issue(new IssueRequest(p, cn, null, p.ca ? List.of() : List.of(cn), List.of(), List.of(), now,
        now.plus(p.defaultLifetime), KeySpec.DEFAULT, ca, p == Profile.INTERMEDIATE_CA ? 0 : null)).issued();
  }

  @Test
  void ordersAndExplains() {
    Issued root = issue(Profile.ROOT_CA, "root", null);
    Issued mid = issue(Profile.INTERMEDIATE_CA, "mid", new CaMaterial(List.of(root.cert()), root.key()));
    Issued leaf = issue(Profile.SERVER, "a.example.com", new CaMaterial(mid.fullChain(), mid.key()));
    List<X509Certificate> good = leaf.fullChain();
    assertThat(Chains.analyse(good, List.of(), 0, "f").status()).isEqualTo(Chains.Status.OK);
    assertThat(Chains.analyse(good, List.of(), 0, "f").message()).contains("ends at a root");

    List<X509Certificate> reversed = List.of(root.cert(), mid.cert(), leaf.cert());
    Chains.Report r = Chains.analyse(reversed, List.of(), 2, "f");
    assertThat(r.status()).isEqualTo(Chains.Status.OUT_OF_ORDER);
    assertThat(r.message()).contains("[3, 2, 1]");
    assertThat(r.ordered()).containsExactlyElementsOf(good);

    // leaf directly followed by the root: the intermediate is missing
    Chains.Report gap = Chains.analyse(List.of(leaf.cert(), root.cert()), List.of(), 0, "f");
    assertThat(gap.status()).isEqualTo(Chains.Status.BROKEN);
    assertThat(gap.message()).contains("block 1 (CN=a.example.com) was not issued by block 2 (CN=root)");

    // anchored in a CA file that does not hold its issuer
    Issued otherRoot = issue(Profile.ROOT_CA, "other", null);
    assertThat(Chains.analyse(List.of(leaf.cert(), mid.cert()), List.of(otherRoot.cert()), 0, "f").status())
        .isEqualTo(Chains.Status.BROKEN);
    assertThat(Chains.analyse(List.of(leaf.cert(), mid.cert()), List.of(root.cert()), 0, "f").status())
        .isEqualTo(Chains.Status.OK);
  }

  @Test
  void keyMatchWorksForEveryAlgorithm() {
    for (KeySpec spec : List.of(KeySpec.of(KeySpec.Kty.EC, "P-384", null), KeySpec.of(KeySpec.Kty.RSA, null, 2048),
        KeySpec.of(KeySpec.Kty.ED25519, null, null))) {
      Issued a = issuer.issue(new IssueRequest(Profile.ROOT_CA, "a", null, List.of(), List.of(), List.of(), now,
          now.plusSeconds(60), spec, null, null)).issued();
      Issued b = issuer.issue(new IssueRequest(Profile.ROOT_CA, "b", null, List.of(), List.of(), List.of(), now,
          now.plusSeconds(60), spec, null, null)).issued();
      assertThat(Keys.matches(a.key(), a.cert().getPublicKey())).as(spec.toString()).isTrue();
      assertThat(Keys.matches(b.key(), a.cert().getPublicKey())).as(spec.toString()).isFalse();
    }
  }
}
