package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code meshctl inject} takes its settings from, through the packaged launcher: the bundled
 * ones without a kubeconfig, istioctl's files, the cluster's ConfigMaps (both flavours), a revision;
 * and the native sidecar decided by the nodes or {@code --kube-version}.
 */
class InjectSettingsIT {

  private static final Path GOLDENS = Path.of("../core/src/test/resources/inject").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx
      """;

  @Test
  void withoutKubeconfigTheBundledSettingsAndTheReportSaysWhy() throws Exception {
    Path f = Files.writeString(tmp.resolve("web.yaml"), DEPLOYMENT);
    CommandRun run = Launcher.run("inject", "-f", f.toString()).assertOk();
    assertThat(run.err()).contains("settings: bundled 1.27 (no kubeconfig)")
        .contains("sidecar shape: classic (no cluster to ask");
    assertThat(run.out()).contains("image: docker.io/istio/proxyv2:1.27.0").contains("cpu: \"2\"").contains("memory: 1Gi")
        .contains("sidecar.istio.io/status: \"{\\\"initContainers\\\":[\\\"istio-init\\\"],\\\"containers\\\":[\\\"istio-proxy\\\"],");
    CommandRun native133 = Launcher.run("inject", "-f", f.toString(), "--kube-version", "1.33").assertOk();
    assertThat(native133.err()).contains("sidecar shape: native sidecar (--kube-version 1.33 (1.33+))");
    assertThat(native133.out()).contains("restartPolicy: Always");
  }

  @Test
  void istioctlFileFlagsAreAliases() throws Exception {
    Path f = Files.writeString(tmp.resolve("web.yaml"), DEPLOYMENT);
    CommandRun run = Launcher.run("inject", "-f", f.toString(), "--valuesFile", GOLDENS.resolve("injector-values.json").toString(),
        "--meshConfigFile", GOLDENS.resolve("mesh-config.yaml.conf").toString()).assertOk();
    assertThat(run.err()).contains("settings: Istio 1.26.3 from file " + GOLDENS.resolve("injector-values.json")
        + ", mesh config from file " + GOLDENS.resolve("mesh-config.yaml.conf"));
    assertThat(run.out()).contains("image: gcr.io/istio-release/proxyv2:1.26.3").contains("value: example.org")
        .contains("cpu: \"4\"").contains("memory: 2Gi");
    CommandRun icf = Launcher.run("inject", "-f", f.toString(), "--injectConfigFile",
        GOLDENS.resolve("injector-configmap.yaml.conf").toString()).assertOk();
    assertThat(icf.err()).contains("not evaluated").contains("settings: Istio 1.27.1 from file");
    assertThat(icf.out()).contains("--proxyLogLevel=debug");
  }

  @Test
  void anUnknownTemplateIsAnErrorNamingTheTemplates() throws Exception {
    Path f = Files.writeString(tmp.resolve("web.yaml"), DEPLOYMENT.replace("        app: web\n    spec:",
        "        app: web\n      annotations:\n        inject.istio.io/templates: sidecar,gateway\n    spec:"));
    CommandRun run = Launcher.run("inject", "-f", f.toString()).assertExit(65);
    assertThat(run.err()).contains("'gateway'").contains("sidecar, grpc-agent, grpc-simple");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void liveSettingsFromBothFlavoursAndARevision() throws Exception {
    Path f = Files.writeString(tmp.resolve("web.yaml"), DEPLOYMENT);
    try (MockCluster legacy = MockCluster.start(MockCluster.Flavour.LEGACY)) {
      legacy.seed(configMaps("", Files.readString(GOLDENS.resolve("injector-values-1.3.json")),
          Files.readString(GOLDENS.resolve("mesh-1.3.yaml.conf"))));
      CommandRun run = Launcher.run(null, Map.of("KUBECONFIG", legacy.writeKubeconfig(tmp).toString()), null,
          "inject", "-f", f.toString()).assertOk();
      assertThat(run.err()).contains("settings: Istio 1.3.8 from ConfigMap istio-system/istio-sidecar-injector")
          .contains("sidecar shape: Istio 1.x");
      assertThat(run.out()).contains("image: docker.io/istio/proxy_init:1.3.8").contains("--discoveryAddress");
    }
    try (MockCluster current = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      current.seed(configMaps("-canary", "{\"global\":{\"hub\":\"docker.io/istio\",\"tag\":\"1.27.2\"},\"revision\":\"canary\"}",
          "trustDomain: cluster.local\n"));
      current.client().raw("/api/v1/nodes", "POST", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},"
          + "\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.33.2\"}}}");
      String kubeconfig = current.writeKubeconfig(tmp).toString();
      CommandRun run = Launcher.run("inject", "-f", f.toString(), "--kubeconfig", kubeconfig, "--revision", "canary").assertOk();
      assertThat(run.err()).contains("settings: Istio 1.27.2 from ConfigMap istio-system/istio-sidecar-injector-canary")
          .contains("sidecar shape: native sidecar (the node's kubelet is v1.33.2 (1.33+))");
      assertThat(run.out()).contains("istio.io/rev: canary").contains("istiod-canary.istio-system.svc:15012")
          .contains("restartPolicy: Always");
      // no default revision there: exit 66 with the way out; --use-kube=false never connects
      CommandRun missing = Launcher.run("inject", "-f", f.toString(), "--kubeconfig", kubeconfig).assertExit(66);
      assertThat(missing.err()).contains("istio-system/istio-sidecar-injector not found").contains("--use-kube=false");
      assertThat(missing.out()).isEmpty();
      CommandRun offline = Launcher.run("inject", "-f", f.toString(), "--kubeconfig", kubeconfig, "--use-kube=false").assertOk();
      assertThat(offline.err()).contains("settings: bundled 1.27 (--use-kube=false)");
    }
  }

  @Test
  void nodesForbiddenOrAbsentMeanClassicAndTheReportSaysWhy() throws Exception {
    Path f = Files.writeString(tmp.resolve("web.yaml"), DEPLOYMENT);
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      cluster.seed(configMaps("", "{\"global\":{\"hub\":\"docker.io/istio\",\"tag\":\"1.27.2\"}}", "trustDomain: cluster.local\n"));
      String kubeconfig = cluster.writeKubeconfig(tmp).toString();
      // no nodes yet: Istio's webhook, seeing none, injects classic
      CommandRun none = Launcher.run("inject", "-f", f.toString(), "--kubeconfig", kubeconfig).assertOk();
      assertThat(none.err()).contains("sidecar shape: classic (the cluster has no nodes to ask)");
      assertThat(none.out()).contains("- name: istio-init").doesNotContain("restartPolicy: Always");

      // a 1.33 node exists but RBAC forbids listing nodes: classic again, in one line, no trace
      cluster.client().raw("/api/v1/nodes", "POST", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},"
          + "\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.33.2\"}}}");
      cluster.answer("/api/v1/nodes", 403);
      CommandRun forbidden = Launcher.run("inject", "-f", f.toString(), "--kubeconfig", kubeconfig).assertOk();
      assertThat(forbidden.err()).contains("sidecar shape: classic (listing nodes is forbidden, so their kubelets' versions "
          + "are unknown; --native-sidecar if they are 1.33+)").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(forbidden.err().lines().filter(l -> l.contains("forbidden"))).hasSize(1);
      assertThat(forbidden.out()).contains("- name: istio-init").contains("image: docker.io/istio/proxyv2:1.27.2")
          .doesNotContain("restartPolicy: Always");
      CommandRun chosen = Launcher.run("inject", "-f", f.toString(), "--kubeconfig", kubeconfig, "--native-sidecar").assertOk();
      assertThat(chosen.out()).contains("restartPolicy: Always");
    }
  }

  private static String configMaps(String suffix, String values, String mesh) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: istio-sidecar-injector%1$s
          namespace: istio-system
        data:
          values: '%2$s'
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: istio%1$s
          namespace: istio-system
        data:
          mesh: |
        %3$s
        """.formatted(suffix, values.strip().replace("'", "''"), mesh.strip().indent(4).stripTrailing());
  }
}
