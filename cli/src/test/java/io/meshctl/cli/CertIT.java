package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cert pipeline through the packaged CLI, as a user or CI script runs it: issue, upload, inspect. */
class CertIT {

  @TempDir
  Path dir;

  private CommandRun meshctl(String... args) {
    return Launcher.run(null, Map.of(), dir, args);
  }

  @Test
  void issueUploadInspectAgainstTheArticlesLegacyGateway() throws Exception {
    meshctl("cert", "issue", "server", "--host", "blog.datadoc.info", "--cert", "fullchain.pem", "--key",
        "privkey.pem").assertOk();
    assertThat(meshctl("cert", "issue", "server", "--host", "blog.datadoc.info", "--cert", "fullchain.pem", "--key",
        "privkey.pem").assertExit(73).err()).contains("--force");
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.LEGACY)) {
      cluster.seed(Examples.path("mesh-legacy").resolve("wordpress-gateway.yaml"));
      String kubeconfig = cluster.writeKubeconfig(dir).toString();
      // an expired certificate never reaches the server
      meshctl("cert", "issue", "server", "--host", "blog.datadoc.info", "--not-before", "2020-01-01T00:00:00Z",
          "--not-after", "2020-03-01T00:00:00Z", "--cert", "old.pem", "--key", "old.key").assertOk();
      cluster.clearRequests();
      CommandRun expired = meshctl("cert", "upload", "--kubeconfig", kubeconfig, "--cert", "old.pem", "--key",
          "old.key", "--gateway", "wordpress-gateway").assertExit(65);
      assertThat(expired.err()).contains("check failed [validity]", "expired on 2020-03-01T00:00:00Z");
      assertThat(cluster.writes()).isEmpty();

      CommandRun up = meshctl("cert", "upload", "--kubeconfig", kubeconfig, "--cert", "fullchain.pem", "--key",
          "privkey.pem", "--gateway", "wordpress-gateway").assertOk();
      assertThat(up.err()).contains("secret istio-system/istio-ingressgateway-certs created");
      var secret = cluster.get(ResourceType.SECRET, "istio-system", "istio-ingressgateway-certs").orElseThrow();
      assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");

      // inspect as a CI gate: 90 days left passes 30, fails 120
      CommandRun ok = meshctl("cert", "inspect", "secret/istio-ingressgateway-certs", "--kubeconfig", kubeconfig,
          "-o", "json").assertOk();
      assertThat(ok.out()).contains("\"dnsNames\" : [ \"blog.datadoc.info\" ]", "\"keyMatches\" : true");
      meshctl("cert", "inspect", "fullchain.pem", "--min-remaining", "120d").assertExit(79);
    }
    assertThat(Files.readString(dir.resolve("privkey.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void issuesOnlyFromACaThatIsValidNow() throws Exception {
    meshctl("cert", "issue", "root-ca", "--cert", "ca.pem", "--key", "ca.key").assertOk();
    meshctl("cert", "issue", "server", "--host", "a.example.com", "--ca-cert", "ca.pem", "--ca-key", "ca.key",
        "--cert", "a.pem", "--key", "a.key").assertOk();
    assertThat(Files.readString(dir.resolve("a.pem"))).startsWith("-----BEGIN CERTIFICATE-----");

    meshctl("cert", "issue", "root-ca", "--cert", "old-ca.pem", "--key", "old-ca.key", "--not-before",
        "2020-01-01T00:00:00Z", "--not-after", "2020-03-01T00:00:00Z").assertOk();
    CommandRun expired = meshctl("cert", "issue", "server", "--host", "b.example.com", "--ca-cert", "old-ca.pem",
        "--ca-key", "old-ca.key", "--cert", "b.pem", "--key", "b.key").assertExit(65);
    assertThat(expired.err().lines()).singleElement().asString().contains("--ca-cert old-ca.pem",
        "expired on 2020-03-01T00:00:00Z", "valid 2020-01-01T00:00:00Z to 2020-03-01T00:00:00Z", "renew the CA",
        "--allow-invalid-ca");
    assertThat(expired.out()).isEmpty();
    assertThat(dir.resolve("b.pem")).doesNotExist();
    assertThat(dir.resolve("b.key")).doesNotExist();

    meshctl("cert", "issue", "root-ca", "--cert", "future-ca.pem", "--key", "future-ca.key", "--not-before",
        "2099-01-01T00:00:00Z", "--not-after", "1y").assertOk();
    CommandRun future = meshctl("cert", "issue", "intermediate-ca", "--ca-cert", "future-ca.pem", "--ca-key",
        "future-ca.key", "--out-dir", "cluster1").assertExit(65);
    assertThat(future.err()).contains("--ca-cert future-ca.pem", "is not valid before 2099-01-01T00:00:00Z");
    assertThat(dir.resolve("cluster1")).doesNotExist();

    // signing anyway is explicit, and still warned about
    CommandRun allowed = meshctl("cert", "issue", "server", "--host", "b.example.com", "--ca-cert", "old-ca.pem",
        "--ca-key", "old-ca.key", "--cert", "b.pem", "--key", "b.key", "--allow-invalid-ca").assertOk();
    assertThat(allowed.err()).contains("expired on 2020-03-01T00:00:00Z", "will not verify");
    assertThat(dir.resolve("b.pem")).exists();
    assertThat(meshctl("cert", "issue", "server", "--help").assertOk().out()).contains("--allow-invalid-ca");
  }

  @Test
  void bouncyCastleLoadsOnlyForCertCommands() {
    assumeFalse(Launcher.isNative(), "class loading is a JVM property");
    Map<String, String> log = Map.of("MESHCTL_JAVA_OPTS", "-Xlog:class+load=info");
    assertThat(Launcher.run(null, log, dir, "version", "--client").assertOk().out()).doesNotContain("org.bouncycastle");
    assertThat(Launcher.run(null, log, dir, "cert", "issue", "server", "--help").assertOk().out())
        .doesNotContain("org.bouncycastle");
    assertThat(Launcher.run(null, log, dir, "cert", "issue", "server", "--host", "a.example.com", "--cert", "a.pem",
        "--key", "a.key").assertOk().out()).contains("org.bouncycastle.asn1")
        // the provider itself is never registered nor built unless a key is encrypted
        .doesNotContain("org.bouncycastle.jce.provider.BouncyCastleProvider");
  }
}
