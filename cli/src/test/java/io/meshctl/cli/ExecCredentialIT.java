package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig whose user is an exec credential plugin (what EKS, GKE and AKS kubeconfigs hold)
 * through the packaged CLI: fabric8's client runs the plugin, reads its ExecCredential and talks to
 * the API server. In a native binary this is the path that needs fabric8's reflection metadata.
 */
class ExecCredentialIT {

  @TempDir
  Path dir;

  @Test
  void liveCommandsAuthenticateThroughAnExecPlugin() throws Exception {
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      cluster.seed(Examples.path("wordpress")).seed(Examples.path("mesh-current/wordpress-gateway.yaml"));
      Path ran = dir.resolve("plugin-ran");
      Path plugin = Files.writeString(dir.resolve("token-plugin"), """
          #!/bin/sh
          touch '%s'
          echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
          """.formatted(ran));
      Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
      Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
          apiVersion: v1
          kind: Config
          clusters: [{name: c, cluster: {server: "%s"}}]
          users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "%s", interactiveMode: Never}}}]
          contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
          current-context: c
          """.formatted(cluster.url(), plugin));

      CommandRun show = Launcher.run(null, Map.of(), dir, "route", "show", "wordpress", "--kubeconfig",
          kubeconfig.toString()).assertOk();
      assertThat(show.out()).contains("default/wordpress   http[0]", "v1       90", "v2       10");
      assertThat(ran).as("the exec plugin was run").exists();

      Launcher.run(null, Map.of(), dir, "route", "wordpress", "v1=0", "v2=100", "--kubeconfig",
          kubeconfig.toString()).assertOk();
      var vs = cluster.get(cluster.type(IstioKind.VIRTUAL_SERVICE), "default", "wordpress").orElseThrow();
      assertThat(vs.at("/spec/http/0/route/0/weight").asInt()).isZero();
      assertThat(vs.at("/spec/http/0/route/1/weight").asInt()).isEqualTo(100);
    }
  }
}
