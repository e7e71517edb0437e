package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshctl version} as istioctl users know it, through the packaged launcher: the client part
 * always, the control plane and data plane of a reachable cluster by default, a note and exit 0
 * when there is none, exit 69 when {@code --remote} asked for it.
 */
class VersionIT {

  @TempDir
  Path tmp;

  private static String pod(String name, String ns, String proxyImage, String phase) {
    String proxy = proxyImage == null ? ""
        : ", {name: istio-proxy, image: \"" + proxyImage + "\"}";
    String proxyStatus = proxyImage == null ? ""
        : ", {name: istio-proxy, image: \"" + proxyImage + "\", ready: true, restartCount: 0, started: true, state: {running: {}}}";
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s, labels: {app: %s}}
        spec: {containers: [{name: app, image: "nginx:1.27"}%s]}
        status:
          phase: %s
          containerStatuses: [{name: app, image: "nginx:1.27", ready: true, restartCount: 0, started: true, state: {running: {}}}%s]
        ---
        """.formatted(name, ns, name, proxy, phase, proxyStatus);
  }

  private static String deployment(String name, String ns, String labels, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s, labels: {%s}}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: discovery, image: "%s"}]}
        ---
        """.formatted(name, ns, labels, name, name, image);
  }

  @Test
  void currentClusterControlPlaneRevisionsAndProxyCounts() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT)) {
      cluster.seed(deployment("istiod", "istio-system", "app: istiod, istio.io/rev: default", "docker.io/istio/pilot:1.27.0")
          + deployment("istiod-canary", "istio-system", "app: istiod, istio.io/rev: canary", "docker.io/istio/pilot:1.28.0")
          + deployment("reviews", "default", "app: reviews", "docker.io/istio/examples-bookinfo-reviews-v1:1.20.2")
          + pod("reviews-1", "default", "docker.io/istio/proxyv2:1.27.0", "Running")
          + pod("ratings-1", "default", "docker.io/istio/proxyv2:1.27.0", "Running")
          + pod("gateway-1", "istio-ingress", "docker.io/istio/proxyv2:1.28.0-distroless", "Running")
          + pod("job-1", "default", "docker.io/istio/proxyv2:1.26.0", "Succeeded")
          + pod("plain-1", "default", null, "Running"));
      String kc = cluster.writeKubeconfig(tmp).toString();

      CommandRun text = Launcher.run("version", "--kubeconfig", kc).assertOk();
      assertThat(text.out()).startsWith("meshctl version ").contains(
          "inject: Istio 1.27.0 (bundled; ConfigMap istio-system/istio-sidecar-injector not found)\n",
          "control plane: Istio 1.27.0 (istiod istio-system/istiod, revision default)\n",
          "control plane: Istio 1.28.0 (istiod istio-system/istiod-canary, revision canary)\n",
          "data plane: Istio 1.27.0 (2 proxies), 1.28.0 (1 proxy)\n");
      assertThat(text.err()).isEmpty();

      JsonNode json = tree(Launcher.run("version", "-o", "json", "--kubeconfig", kc).assertOk().out());
      assertThat(json.path("clientVersion").path("version").asText()).isNotBlank();
      assertThat(json.path("inject").path("release").asText()).isEqualTo("1.27.0");
      assertThat(json.path("meshVersion")).hasSize(2);
      assertThat(json.path("meshVersion").get(1).path("revision").asText()).isEqualTo("canary");
      assertThat(json.path("meshVersion").get(1).path("version").asText()).isEqualTo("1.28.0");
      assertThat(json.path("dataPlaneVersion").get(0).path("version").asText()).isEqualTo("1.27.0");
      assertThat(json.path("dataPlaneVersion").get(0).path("proxies").asInt()).isEqualTo(2);
      JsonNode yaml = tree(Launcher.run("version", "-o", "yaml", "--kubeconfig", kc).assertOk().out());
      assertThat(yaml).isEqualTo(json);

      // -i names another control-plane namespace
      assertThat(Launcher.run("-i", "istio-canary", "version", "--kubeconfig", kc).assertOk().out())
          .contains("control plane: none found in namespace istio-canary");
    }
  }

  @Test
  void istio1ClusterPilotAndInjector() {
    try (MockCluster cluster = MockCluster.start(Flavour.LEGACY)) {
      cluster.seed(deployment("istio-pilot", "istio-system", "app: pilot, istio: pilot", "docker.io/istio/pilot:1.3.8")
          + deployment("istio-sidecar-injector", "istio-system", "app: sidecarInjectorWebhook",
              "docker.io/istio/sidecar_injector:1.3.8")
          + pod("wordpress-1", "default", "docker.io/istio/proxyv2:1.3.8", "Running")
          + """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: istio-sidecar-injector, namespace: istio-system}
          data:
            values: '{"global": {"hub": "docker.io/istio", "tag": "1.3.8"}}'
          ---
          """);
      Map<String, String> env = Map.of("KUBECONFIG", cluster.writeKubeconfig(tmp).toString());
      CommandRun run = Launcher.run(null, env, null, "version").assertOk();
      assertThat(run.out()).contains(
          "control plane: Istio 1.3.8 (pilot istio-system/istio-pilot)\n",
          "control plane: Istio 1.3.8 (sidecar-injector istio-system/istio-sidecar-injector)\n",
          "data plane: Istio 1.3.8 (1 proxy)\n",
          "inject: Istio 1.3.8 from ConfigMap istio-system/istio-sidecar-injector\n");
    }
  }

  @Test
  void clientOnlyNeverContactsTheCluster() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT)) {
      String kc = cluster.writeKubeconfig(tmp).toString();
      cluster.clearRequests();
      CommandRun client = Launcher.run("version", "--client", "--kubeconfig", kc).assertOk();
      CommandRun remoteFalse = Launcher.run("version", "--remote=false", "-o", "json", "--kubeconfig", kc).assertOk();
      assertThat(cluster.reads()).as("requests of version --client").isEmpty();
      assertThat(client.out()).contains("inject: Istio 1.27.0").doesNotContain("control plane", "data plane");
      assertThat(client.err()).isEmpty();
      assertThat(tree(remoteFalse.out()).has("meshVersion")).isFalse();
      assertThat(remoteFalse.err()).isEmpty();
    }
  }

  @Test
  void unreachableClusterIsANoteUnlessRemoteWasAskedFor() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Path kc = Files.writeString(tmp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """.formatted(port));
    CommandRun run = Launcher.run("version", "-o", "json", "--kubeconfig", kc.toString()).assertOk();
    assertThat(tree(run.out()).path("clientVersion").path("version").asText()).isNotBlank();
    assertThat(tree(run.out()).has("meshVersion")).isFalse();
    assertThat(run.err()).startsWith("client version only: cannot reach the API server at http://127.0.0.1:" + port)
        .hasLineCount(1);

    CommandRun required = Launcher.run("version", "--remote", "--kubeconfig", kc.toString()).assertExit(69);
    assertThat(required.out()).isEmpty();
    assertThat(required.err()).startsWith("error: cannot reach the API server").hasLineCount(1);
  }

  @Test
  void noKubeconfigIsANoteUnlessRemoteWasAskedFor() {
    Map<String, String> env = Map.of("KUBECONFIG", tmp.resolve("absent").toString());
    CommandRun run = Launcher.run(null, env, null, "version").assertOk();
    assertThat(run.out()).startsWith("meshctl version ").contains("inject: Istio 1.27.0")
        .doesNotContain("control plane");
    assertThat(run.err()).isEqualTo("client version only: no cluster configured (no kubeconfig; --kubeconfig names one)\n");
    assertThat(Launcher.run(null, env, null, "version", "--remote").assertExit(69).err())
        .startsWith("error: no cluster configured");
    assertThat(Launcher.run(null, env, null, "version", "--client", "--remote").assertExit(64).err())
        .contains("--client and --remote");
  }

  private static JsonNode tree(String text) {
    return ManifestReader.parse(text, "version").get(0).tree();
  }
}
