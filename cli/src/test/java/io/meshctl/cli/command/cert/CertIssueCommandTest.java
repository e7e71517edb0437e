package io.meshctl.cli.command.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every profile of {@code cert issue}, checked by openssl rather than by our own parser. */
class CertIssueCommandTest {

  @TempDir
  Path dir;

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  private CommandRun root(String... extra) {
    String[] args = concat(new String[] {"cert", "issue", "root-ca", "--cert", p("root.pem"), "--key", p("root.key"),
        "--common-name", "Test Root"}, extra);
    return Cli.run(args);
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void rootCaIsASelfSignedCaWithTenYears() throws IOException {
    CommandRun run = root().assertOk();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("subject:  CN=Test Root", "(self-signed)", "EC P-256", "(in 3650 days)");
    String text = OpenSsl.text(dir, "root.pem");
    assertThat(text).contains("Subject: CN = Test Root", "Issuer: CN = Test Root", "CA:TRUE",
        "Certificate Sign, CRL Sign", "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier",
        "ASN1 OID: prime256v1", "ecdsa-with-SHA256");
    assertThat(text).containsPattern("Basic Constraints: critical");
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "root.pem").output()).contains("root.pem: OK");
    assertKeyFile(dir.resolve("root.key"));
    assertThat(OpenSsl.keyPublicKey(dir, "root.key")).isEqualTo(OpenSsl.certPublicKey(dir, "root.pem"));
  }

  @Test
  void intermediateCaWritesIstioCacertsLayout() throws IOException {
    root().assertOk();
    Cli.run("cert", "issue", "intermediate-ca", "--ca-cert", p("root.pem"), "--ca-key", p("root.key"),
        "--out-dir", p("cluster1"), "--kty", "RSA", "--size", "3072").assertOk();
    Path out = dir.resolve("cluster1");
    assertThat(Files.readString(out.resolve("root-cert.pem"))).isEqualTo(Files.readString(dir.resolve("root.pem")));
    String text = OpenSsl.text(out, "ca-cert.pem");
    assertThat(text).contains("Issuer: CN = Test Root", "CA:TRUE, pathlen:0", "Certificate Sign, CRL Sign",
        "Public-Key: (3072 bit)", "ecdsa-with-SHA256" /* signed by the EC root */, "X509v3 Authority Key Identifier");
    assertThat(OpenSsl.run(out, "verify", "-CAfile", "root-cert.pem", "ca-cert.pem").output()).contains("OK");
    // cert-chain.pem = signing cert, then up to the root
    assertThat(Files.readString(out.resolve("cert-chain.pem")))
        .startsWith(Files.readString(out.resolve("ca-cert.pem")))
        .endsWith(Files.readString(out.resolve("root-cert.pem")));
    assertKeyFile(out.resolve("ca-key.pem"));
    assertThat(OpenSsl.keyPublicKey(out, "ca-key.pem")).isEqualTo(OpenSsl.certPublicKey(out, "ca-cert.pem"));
    // pathLen 0: the intermediate cannot sign another CA
    CommandRun again = Cli.run("cert", "issue", "intermediate-ca", "--ca-cert", p("cluster1/ca-cert.pem"),
        "--ca-key", p("cluster1/ca-key.pem"), "--out-dir", p("nested")).assertExit(65);
    assertThat(again.err()).contains("pathLen 0");
    assertThat(dir.resolve("nested")).doesNotExist();
  }

  @Test
  void serverSignedByIntermediateVerifiesWithOpenssl() {
    root().assertOk();
    Cli.run("cert", "issue", "intermediate-ca", "--ca-cert", p("root.pem"), "--ca-key", p("root.key"),
        "--out-dir", p("ca")).assertOk();
    CommandRun run = Cli.run("cert", "issue", "server", "--host", "blog.datadoc.info", "--host", "*.datadoc.info",
        "--host", "10.0.0.7", "--ca-cert", p("ca/ca-cert.pem"), "--ca-key", p("ca/ca-key.pem"),
        "--cert", p("fullchain.pem"), "--key", p("privkey.pem")).assertOk();
    assertThat(run.err()).contains("DNS:blog.datadoc.info, DNS:*.datadoc.info, IP:10.0.0.7",
        "issuer:   CN=meshctl Intermediate CA", "(in 90 days)");
    String text = OpenSsl.text(dir, "fullchain.pem");
    assertThat(text).contains("DNS:blog.datadoc.info, DNS:*.datadoc.info, IP Address:10.0.0.7", "CA:FALSE",
        "TLS Web Server Authentication", "Digital Signature", "Subject: CN = blog.datadoc.info");
    assertThat(text).doesNotContain("Key Encipherment", "Client Authentication");
    // fullchain.pem = leaf + intermediate; openssl builds the path to the root
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "-untrusted", "fullchain.pem", "-purpose",
        "sslserver", "fullchain.pem").output()).contains("fullchain.pem: OK");
    assertThat(OpenSsl.keyPublicKey(dir, "privkey.pem")).isEqualTo(OpenSsl.certPublicKey(dir, "fullchain.pem"));
  }

  @Test
  void selfSignedServerWithRsaKey() throws IOException {
    Cli.run("cert", "issue", "server", "--host", "blog.datadoc.info", "--kty", "RSA", "--size", "2048",
        "--cert", p("c.pem"), "--key", p("k.pem")).assertOk();
    String text = OpenSsl.text(dir, "c.pem");
    assertThat(text).contains("Public-Key: (2048 bit)", "Digital Signature, Key Encipherment", "CA:FALSE",
        "sha256WithRSAEncryption");
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "c.pem", "c.pem").output()).contains("c.pem: OK");
    assertThat(OpenSsl.keyPublicKey(dir, "k.pem")).isEqualTo(OpenSsl.certPublicKey(dir, "c.pem"));
    assertKeyFile(dir.resolve("k.pem"));
  }

  @Test
  void workloadCarriesTheSpiffeIdentity() {
    root("--kty", "EC", "--curve", "P-384").assertOk();
    Cli.run("cert", "issue", "workload", "--namespace", "default", "--service-account", "wordpress",
        "--trust-domain", "corp@example.com", "--ca-cert", p("root.pem"), "--ca-key", p("root.key"),
        "--cert", p("w.pem"), "--key", p("w.key")).assertOk();
    String text = OpenSsl.text(dir, "w.pem");
    assertThat(text).contains("URI:spiffe://corp.example.com/ns/default/sa/wordpress",
        "TLS Web Server Authentication, TLS Web Client Authentication", "ecdsa-with-SHA384", "CA:FALSE");
    assertThat(text).containsPattern("Subject Alternative Name: critical");
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "w.pem").output()).contains("w.pem: OK");
    CommandRun inspect = Cli.run("cert", "inspect", p("w.pem"), "-o", "json").assertOk();
    assertThat(inspect.out()).contains("\"spiffeId\" : \"spiffe://corp.example.com/ns/default/sa/wordpress\"");
  }

  @Test
  void ed25519OnlyWhereValid() {
    root("--kty", "ED25519").assertOk();
    assertThat(OpenSsl.text(dir, "root.pem")).contains("ED25519");
    assertThat(OpenSsl.keyPublicKey(dir, "root.key")).isEqualTo(OpenSsl.certPublicKey(dir, "root.pem"));
    CommandRun server = Cli.run("cert", "issue", "server", "--host", "a.example.com", "--kty", "ED25519",
        "--cert", p("s.pem"), "--key", p("s.key")).assertExit(64);
    assertThat(server.err()).contains("--kty ED25519 is not valid here", "Envoy");
    assertThat(dir.resolve("s.pem")).doesNotExist();
    // an Ed25519 root can still sign an EC leaf that openssl verifies
    Cli.run("cert", "issue", "server", "--host", "a.example.com", "--ca-cert", p("root.pem"), "--ca-key",
        p("root.key"), "--cert", p("s.pem"), "--key", p("s.key")).assertOk();
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "s.pem").output()).contains("s.pem: OK");
  }

  @Test
  void refusesToOverwriteWithoutForce() throws IOException {
    root().assertOk();
    String before = Files.readString(dir.resolve("root.pem"));
    String keyBefore = Files.readString(dir.resolve("root.key"));
    CommandRun again = root().assertExit(73);
    assertThat(again.err()).contains("exist", "--force").doesNotContain("Exception");
    assertThat(Files.readString(dir.resolve("root.pem"))).isEqualTo(before);
    assertThat(Files.readString(dir.resolve("root.key"))).isEqualTo(keyBefore);
    root("--force").assertOk();
    assertThat(Files.readString(dir.resolve("root.pem"))).isNotEqualTo(before);
    assertKeyFile(dir.resolve("root.key"));
  }

  @Test
  void encryptedKeyWithPasswordFromEnvironment() throws IOException {
    CommandRun run = Cli.run("", Map.of("ROOT_PW", "s3cret pass"), "cert", "issue", "root-ca", "--cert", p("r.pem"),
        "--key", p("r.key"), "--password-env", "ROOT_PW").assertOk();
    assertThat(Files.readString(dir.resolve("r.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(run.err()).doesNotContain("s3cret");
    String pub = OpenSsl.run(dir, Map.of("PW", "s3cret pass"), "pkey", "-in", "r.key", "-passin", "env:PW",
        "-pubout").output();
    assertThat(pub).isEqualTo(OpenSsl.certPublicKey(dir, "r.pem"));
    assertThat(OpenSsl.run(dir, Map.of("PW", "wrong"), "pkey", "-in", "r.key", "-passin", "env:PW").exit())
        .isNotZero();
    // signing with the encrypted CA key needs its password, from a file this time
    Files.writeString(dir.resolve("pw.txt"), "s3cret pass\n");
    CommandRun noPw = Cli.run("cert", "issue", "server", "--host", "a.example.com", "--ca-cert", p("r.pem"),
        "--ca-key", p("r.key"), "--cert", p("s.pem"), "--key", p("s.key")).assertExit(65);
    assertThat(noPw.err()).contains("--ca-password-file");
    Cli.run("cert", "issue", "server", "--host", "a.example.com", "--ca-cert", p("r.pem"), "--ca-key", p("r.key"),
        "--ca-password-file", p("pw.txt"), "--cert", p("s.pem"), "--key", p("s.key")).assertOk();
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "r.pem", "s.pem").output()).contains("s.pem: OK");
  }

  @Test
  void explicitValidityMakesExpiredCertificates() {
    Cli.run("cert", "issue", "server", "--host", "old.example.com", "--not-before", "2020-01-01T00:00:00Z",
        "--not-after", "30d", "--cert", p("old.pem"), "--key", p("old.key")).assertOk();
    String text = OpenSsl.text(dir, "old.pem");
    assertThat(text).contains("Not Before: Jan  1 00:00:00 2020 GMT", "Not After : Jan 31 00:00:00 2020 GMT");
    assertThat(OpenSsl.run(dir, "verify", "-CAfile", "old.pem", "old.pem").output()).contains("expired");
    CommandRun bad = Cli.run("cert", "issue", "server", "--host", "x.example.com", "--not-before",
        "2020-01-01T00:00:00Z", "--not-after", "2019-01-01T00:00:00Z", "--cert", p("x.pem"), "--key", p("x.key"));
    bad.assertExit(64);
    assertThat(bad.err()).contains("--not-after", "later than --not-before");
  }

  @Test
  void badHostsAndFlagsAreUsageErrors() {
    assertThat(Cli.run("cert", "issue", "server", "--host", "foo.*.example.com", "--cert", p("a"), "--key", p("b"))
        .assertExit(64).err()).contains("wildcard");
    assertThat(Cli.run("cert", "issue", "server", "--host", "a.example.com", "--kty", "RSA", "--size", "1024",
        "--cert", p("a"), "--key", p("b")).assertExit(64).err()).contains("--size 1024");
    assertThat(Cli.run("cert", "issue", "workload", "-n", "Default", "--service-account", "sa", "--cert", p("a"),
        "--key", p("b")).assertExit(64).err()).contains("--namespace Default");
    assertThat(dir.resolve("a")).doesNotExist();
  }

  static void assertKeyFile(Path key) throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }
}
