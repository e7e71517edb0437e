package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cert.Issued;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cluster.TestApiServer;
import io.meshctl.core.cluster.TestApiServer.Pki;
import io.meshctl.core.cluster.TestApiServer.Scripted;
import io.meshctl.core.cluster.TestApiServer.Seen;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reaching the API server as a user sees it, through the packaged launcher: a silent server ends
 * with exit 69, a busy one is asked again after its Retry-After, an exec credential plugin and a
 * kubeconfig user with every kind of credential at once work, and a wrong context or no kubeconfig
 * at all is a one-line error.
 */
class ClusterAccessIT {

  private static final String NO_ISTIO = "error: the cluster serves no VirtualService API";

  @TempDir
  Path tmp;

  private Path kubeconfig(String server, String user) throws IOException {
    return Files.writeString(tmp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: {%s}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """.formatted(server, user));
  }

  @Test
  void requestTimeoutEndsTheWaitForASilentServer() throws IOException {
    // accepts connections (the kernel's backlog) and never answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort();
      Path kc = kubeconfig(url, "token: t");
      long start = System.nanoTime();
      CommandRun run = Launcher.run("route", "show", "wordpress", "--kubeconfig", kc.toString(),
          "--request-timeout", "1s").assertExit(69);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      assertThat(run.err()).startsWith("error: cannot reach the API server at " + url + "/: ")
          .contains("timeout period of 1000ms has been exceeded")
          .endsWith("(check the cluster, the kubeconfig context, or --request-timeout)\n");
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.out()).isEmpty();
    }
  }

  /** 429 with Retry-After: asked again after that second, as kubectl would, and the command goes on. */
  @Test
  void aBusyServerIsAskedAgainAfterRetryAfter() throws IOException {
    try (TestApiServer server = TestApiServer.http()) {
      server.script.add(new Scripted(429, "1", "too many requests, please try again later"));
      Path kc = kubeconfig(server.url(), "token: t");
      CommandRun run = Launcher.run("route", "show", "wordpress", "--kubeconfig", kc.toString()).assertExit(66);
      assertThat(run.err()).as("past the 429, discovery found no Istio").startsWith(NO_ISTIO);
      assertThat(server.seen).extracting(Seen::path).startsWith("/apis", "/apis");
    }
  }

  /** 429 without Retry-After (or any 5xx without it): unreachable at once, with the server's message. */
  @Test
  void aRefusingServerIsUnreachableWithItsMessage() throws IOException {
    try (TestApiServer server = TestApiServer.http()) {
      server.script.add(new Scripted(429, null, "too many requests"));
      Path kc = kubeconfig(server.url(), "token: t");
      CommandRun run = Launcher.run("route", "show", "wordpress", "--kubeconfig", kc.toString()).assertExit(69);
      assertThat(run.err()).isEqualTo("error: cannot reach the API server at " + server.url() + "/: it answered 429: "
          + "too many requests (check the cluster, the kubeconfig context, or --request-timeout)\n");
      assertThat(server.seen).hasSize(1);
    }
  }

  /**
   * A kubeconfig user with a token, username/password and a client certificate whose key is PKCS#8
   * EC: this failed with "Invalid DER: object is not integer" (exit 65); the server here demands
   * the certificate, so reaching discovery proves it was sent.
   */
  @Test
  void aUserWithEveryKindOfCredentialConnects() throws IOException {
    Pki pki = Pki.create("localhost");
    Issued alice = pki.client("alice");
    String key = Pem.privateKey(alice.key(), null);
    assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
    try (TestApiServer server = TestApiServer.https(pki, pki.ca().cert())) {
      Path kc = kubeconfig(server.url(), "token: t, username: alice, password: pw, client-certificate-data: "
          + base64(Pem.certificate(alice.cert())) + ", client-key-data: " + base64(key));
      CommandRun run = Launcher.run("route", "show", "wordpress", "--kubeconfig", kc.toString()).assertExit(66);
      assertThat(run.err()).startsWith(NO_ISTIO);
      assertThat(server.seen).isNotEmpty().allMatch(s -> s.clientSubject() != null && s.clientSubject().contains("CN=alice"));
    }
  }

  @Test
  void anUnknownContextOrNoKubeconfigIsAOneLineError() throws IOException {
    Path kc = kubeconfig("http://127.0.0.1:1", "token: t");
    CommandRun wrong = Launcher.run("route", "show", "wordpress", "--kubeconfig", kc.toString(), "--context", "prod")
        .assertExit(64);
    assertThat(wrong.err()).isEqualTo("error: context \"prod\" does not exist in " + kc
        + " (list them with kubectl config get-contexts)\n");
    Path home = Files.createDirectories(tmp.resolve("home"));
    CommandRun none = Launcher.run(null, Map.of("HOME", home.toString()), null, "route", "show", "wordpress")
        .assertExit(69);
    assertThat(none.err()).startsWith("error: no cluster configured: ").contains("use -f").hasLineCount(1);
  }

  @Test
  void anExecCredentialPluginWorks() throws IOException {
    Path plugin = Files.writeString(tmp.resolve("token-plugin"), """
        #!/bin/sh
        touch "$0.ran"
        echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
        """);
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      cluster.seed(Examples.path("wordpress")).seed(Examples.path("mesh-current/wordpress-gateway.yaml"));
      Path kc = Files.writeString(tmp.resolve("kubeconfig"), """
          apiVersion: v1
          kind: Config
          clusters: [{name: c, cluster: {server: "%s"}}]
          users:
          - name: u
            user:
              exec: {apiVersion: client.authentication.k8s.io/v1, command: "%s", interactiveMode: Never}
          contexts: [{name: c, context: {cluster: c, user: u}}]
          current-context: c
          """.formatted(cluster.url(), plugin));
      CommandRun run = Launcher.run("route", "show", "wordpress", "--kubeconfig", kc.toString(), "-o", "json")
          .assertOk();
      assertThat(run.out()).contains("\"wordpress\"");
      assertThat(tmp.resolve("token-plugin.ran")).as("the plugin was asked for a token").exists();
    }
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
