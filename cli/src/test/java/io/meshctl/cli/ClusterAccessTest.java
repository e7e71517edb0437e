package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reaching the API server as a user sees it, whichever HTTP client serves the kubeconfig: a silent
 * server ends with exit 69 when --request-timeout says so, and an exec credential plugin (served by
 * fabric8, not the JDK path) works end to end.
 */
class ClusterAccessTest {

  @TempDir
  Path tmp;

  @Test
  void requestTimeoutEndsTheWaitForASilentServer() throws IOException {
    // accepts connections (the kernel's backlog) and never answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort();
      Path kc = Files.writeString(tmp.resolve("kubeconfig"), """
          apiVersion: v1
          kind: Config
          clusters: [{name: c, cluster: {server: "%s"}}]
          users: [{name: u, user: {token: t}}]
          contexts: [{name: c, context: {cluster: c, user: u}}]
          current-context: c
          """.formatted(url));
      long start = System.nanoTime();
      CommandRun run = Cli.run("route", "show", "wordpress", "--kubeconfig", kc.toString(), "--request-timeout", "1s")
          .assertExit(69);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(run.err()).startsWith("error: cannot reach the API server at " + url + "/: Read timed out "
          + "(check the cluster, the kubeconfig context, or --request-timeout)");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void anExecCredentialPluginStillWorks() throws IOException {
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
      CommandRun run = Cli.run("route", "show", "wordpress", "--kubeconfig", kc.toString(), "-o", "json").assertOk();
      assertThat(run.out()).contains("\"wordpress\"");
      assertThat(tmp.resolve("token-plugin.ran")).as("the plugin was asked for a token").exists();
    }
  }
}
