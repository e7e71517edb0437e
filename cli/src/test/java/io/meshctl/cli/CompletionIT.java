package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names completed from the cluster: the hidden {@code __complete} call back through the packaged
 * launcher, and bash itself running the generated script the way a TAB does.
 */
class CompletionIT {

  private static MockCluster cluster;

  @TempDir
  static Path tmp;

  private static String kubeconfig;

  @BeforeAll
  static void seed() {
    cluster = MockCluster.start(Flavour.CURRENT);
    cluster.seed("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: staging}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: wordpress, namespace: default}
        spec:
          selector: {matchLabels: {app: wordpress}}
          template:
            metadata: {labels: {app: wordpress}}
            spec: {containers: [{name: wordpress, image: "wordpress:4.8-apache"}]}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup, namespace: default}
        spec:
          schedule: "0 3 * * *"
          jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: b, image: b}]}}}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: wordpress-vs, namespace: default}
        spec:
          hosts: [wordpress, wordpress.example.com]
          http: [{route: [{destination: {host: wordpress}}]}]
        ---
        """ + pod("wordpress-77f7f9c485-k7tt9", "default") + pod("wordpress-mysql-5d9c8b9d9-x2x4b", "default")
        + pod("web-0", "default") + pod("worker-1", "shop"));
    kubeconfig = cluster.writeKubeconfig(tmp).toString();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String pod(String name, String ns) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s}
        spec: {containers: [{name: app, image: "nginx:1.27"}]}
        status:
          phase: Running
          containerStatuses: [{name: app, image: "nginx:1.27", ready: true, restartCount: 0, started: true, state: {running: {}}}]
        ---
        """.formatted(name, ns);
  }

  @Test
  void callbackListsNamesFromTheCluster() {
    Map<String, String> env = Map.of("KUBECONFIG", kubeconfig);
    assertThat(Launcher.run(null, env, null, "__complete", "pods", "wo").assertOk().out())
        .isEqualTo("wordpress-77f7f9c485-k7tt9\nwordpress-mysql-5d9c8b9d9-x2x4b\n");
    assertThat(Launcher.run(null, env, null, "-n", "shop", "__complete", "pods").assertOk().out()).isEqualTo("worker-1\n");
    assertThat(Launcher.run(null, env, null, "__complete", "pods", "deploy/w").assertOk().out()).isEqualTo("deploy/wordpress\n");
    // every kind the pod arguments take, by the same names
    assertThat(Launcher.run(null, env, null, "__complete", "pods", "cj/").assertOk().out()).isEqualTo("cj/backup\n");
    assertThat(Launcher.run(null, env, null, "__complete", "hosts", "vs/").assertOk().out()).isEqualTo("vs/wordpress-vs\n");
  }

  @Test
  void callbackIsSilentWithoutACluster() {
    CommandRun none = Launcher.run(null, Map.of("KUBECONFIG", tmp.resolve("absent").toString()), null,
        "__complete", "pods", "wo").assertOk();
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEmpty();
    CommandRun down = Launcher.run(null, Map.of(), null, "--kubeconfig", kubeconfigAt("http://127.0.0.1:1"),
        "__complete", "namespaces").assertOk();
    assertThat(down.out()).isEmpty();
    assertThat(down.err()).isEmpty();
  }

  @Test
  void bashCompletesPodsHostsAndNamespacesFromTheCluster() throws Exception {
    Path script = tmp.resolve("meshctl.bash");
    Files.writeString(script, Launcher.run("completion", "bash").assertOk().out());
    String meshctl = Launcher.binary().toString();

    assertThat(complete(script, meshctl + " authn tls-check wo"))
        .isEqualTo("wordpress-77f7f9c485-k7tt9 wordpress-mysql-5d9c8b9d9-x2x4b");
    // the cluster flags on the line being completed choose what is listed
    assertThat(complete(script, meshctl + " -n shop authn tls-check ")).isEqualTo("worker-1");
    assertThat(complete(script, meshctl + " route show wor")).isEqualTo("wordpress wordpress.example.com");
    assertThat(complete(script, meshctl + " route -n st")).isEqualTo("staging");
    // bash splits --kubeconfig=FILE at the '=' into three words
    assertThat(complete(script, meshctl + " --kubeconfig=" + kubeconfig + " route -n st",
        meshctl + " --kubeconfig = " + kubeconfig + " route -n st", tmp.resolve("absent").toString())).isEqualTo("staging");
    // static completion is untouched
    assertThat(complete(script, meshctl + " authn tls-check -o ")).isEqualTo("table json yaml");
  }

  /** COMPREPLY after bash's completion function ran on {@code line} with the cursor at its end. */
  private static String complete(Path script, String line) throws IOException, InterruptedException {
    return complete(script, line, line.endsWith(" ") ? line + "''" : line, kubeconfig);
  }

  private static String complete(Path script, String line, String words, String kubeconfigEnv)
      throws IOException, InterruptedException {
    String bash = "source " + script + "\n"
        + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
        + "COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        + "_complete_meshctl\n"
        + "echo \"${COMPREPLY[*]}\"\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", bash);
    pb.environment().put("KUBECONFIG", kubeconfigEnv);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD); // compopt complains outside a real TAB
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip();
  }

  private static String kubeconfigAt(String url) {
    try {
      return Files.writeString(tmp.resolve("down.yaml"), """
          apiVersion: v1
          kind: Config
          clusters: [{name: c, cluster: {server: "%s"}}]
          users: [{name: u, user: {token: t}}]
          contexts: [{name: c, context: {cluster: c, user: u}}]
          current-context: c
          """.formatted(url)).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
