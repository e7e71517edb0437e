package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster flags where kubectl and istioctl users put them: before the subcommand, between
 * command and subcommand, or after it, as {@code --flag value} or {@code --flag=value}. The
 * kubeconfig's context namespace is "blog", where nothing lives, so a {@code -n default} that got
 * lost on the way shows as "not found".
 */
class GlobalOptionsIT {

  private static final String POD = "wordpress-77f7f9c485-k7tt9";

  private static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-77f7f9c485-k7tt9, namespace: default, labels: {app: wordpress, version: v1}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.2"}, {name: istio-proxy, image: proxyv2}]}
      """;

  private static final List<String> GLOBAL = List.of("--kubeconfig", "--context", "-n, --namespace",
      "-i, --istio-namespace", "--request-timeout", "-v, --verbose", "-q, --quiet");

  @TempDir
  Path dir;

  @Test
  void clusterFlagsAnywhereOnTheLine() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT)) {
      cluster.seed(Examples.path("wordpress")).seed(PODS)
          .seed(Examples.path("mesh-current/mtls-peerauthentication.yaml"))
          .seed(Examples.path("mesh-current/destinationrule-mysql-disable.yaml"));
      String k = cluster.writeKubeconfig(dir, "blog").toString();

      // the line from the issue: every flag before the subcommand
      CommandRun before = Launcher.run("--kubeconfig", k, "-n", "default", "authn", "tls-check", POD).assertExit(79);
      assertThat(before.out()).contains("wordpress-mysql.default.svc.cluster.local:3306").contains("CONFLICT");
      Launcher.run("authn", "--kubeconfig=" + k, "tls-check", "--namespace=default", POD).assertExit(79);
      Launcher.run("authn", "tls-check", POD, "-n", "default", "--kubeconfig", k, "-i", "istio-system",
          "--request-timeout", "10s", "--context", "mock").assertExit(79);
      Launcher.run("-q", "--request-timeout=10s", "-i", "istio-system", "--kubeconfig", k, "route", "show",
          "wordpress", "-n", "default").assertExit(66);

      // without -n the context's namespace applies, wherever --kubeconfig was given
      CommandRun blog = Launcher.run("--kubeconfig", k, "authn", "tls-check", POD).assertExit(66);
      assertThat(blog.err()).contains(POD).contains("blog");
      assertThat(blog.err().lines()).hasSize(1);
    }
  }

  @Test
  void globalFlagsInEveryHelp() {
    for (String[] command : List.of(new String[] {"--help"}, new String[] {"authn", "tls-check", "--help"},
        new String[] {"route", "show", "--help"}, new String[] {"cert", "upload", "--help"},
        new String[] {"inject", "--help"})) {
      CommandRun help = Launcher.run(command).assertOk();
      for (String flag : GLOBAL) {
        assertThat(help.out()).as(String.join(" ", command)).contains(flag);
      }
    }
  }
}
