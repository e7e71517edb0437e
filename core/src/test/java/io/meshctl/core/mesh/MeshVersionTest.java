package io.meshctl.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.mesh.MeshVersion.Component;
import io.meshctl.core.mesh.MeshVersion.Proxies;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshVersionTest {

  private static List<JsonNode> yaml(String text) {
    return ManifestReader.parse(text, "test.yaml").stream().map(d -> (JsonNode) d.tree()).toList();
  }

  @Test
  void istiodPerRevisionAndIstio1ComponentsByImageTag() {
    MeshVersion v = MeshVersion.of(yaml("""
        kind: Deployment
        metadata: {name: istiod, namespace: istio-system, labels: {app: istiod, istio.io/rev: default}}
        spec: {template: {spec: {containers: [{name: discovery, image: "registry:5000/istio/pilot:1.27.0-distroless"}]}}}
        ---
        kind: Deployment
        metadata: {name: istio-pilot, namespace: istio-system, labels: {app: pilot}}
        spec: {template: {spec: {containers: [{name: istio-proxy, image: "docker.io/istio/proxyv2:1.3.8"},
          {name: discovery, image: "docker.io/istio/pilot:1.3.8"}]}}}
        ---
        kind: Deployment
        metadata: {name: istio-sidecar-injector, namespace: istio-system, labels: {app: sidecarInjectorWebhook}}
        spec: {template: {spec: {containers: [{name: sidecar-injector-webhook, image: "istio/sidecar_injector@sha256:0123"}]}}}
        ---
        kind: Deployment
        metadata: {name: prometheus, namespace: istio-system, labels: {app: prometheus}}
        spec: {template: {spec: {containers: [{name: prometheus, image: "prom/prometheus:v2.3.1"}]}}}
        """), List.of());
    assertThat(v.controlPlane()).containsExactly(
        new Component("pilot", "istio-system", "istio-pilot", null, "1.3.8", "docker.io/istio/pilot:1.3.8"),
        new Component("sidecar-injector", "istio-system", "istio-sidecar-injector", null, "unknown",
            "istio/sidecar_injector@sha256:0123"),
        new Component("istiod", "istio-system", "istiod", "default", "1.27.0", "registry:5000/istio/pilot:1.27.0-distroless"));
    assertThat(v.dataPlane()).isEmpty();
  }

  @Test
  void proxiesCountedPerReleaseFinishedPodsAndPodsWithoutProxySkipped() {
    MeshVersion v = MeshVersion.of(List.of(), yaml("""
        kind: Pod
        spec: {containers: [{name: app, image: "app:1"}, {name: istio-proxy, image: "docker.io/istio/proxyv2:1.26.2"}]}
        status: {phase: Running}
        ---
        kind: Pod
        spec: {initContainers: [{name: istio-proxy, image: "docker.io/istio/proxyv2:1.27.0", restartPolicy: Always}],
          containers: [{name: app, image: "app:1"}]}
        status: {phase: Running}
        ---
        kind: Pod
        spec: {containers: [{name: istio-proxy, image: "docker.io/istio/proxyv2:1.27.0"}]}
        status: {phase: Pending}
        ---
        kind: Pod
        spec: {containers: [{name: istio-proxy, image: "docker.io/istio/proxyv2:1.25.0"}]}
        status: {phase: Succeeded}
        ---
        kind: Pod
        spec: {containers: [{name: app, image: "docker.io/istio/proxyv2:1.20.0"}]}
        status: {phase: Running}
        """));
    assertThat(v.dataPlane()).containsExactly(new Proxies("1.27.0", 2), new Proxies("1.26.2", 1));
    assertThat(v.dataPlane().get(0).text()).isEqualTo("1.27.0 (2 proxies)");
    assertThat(v.dataPlane().get(1).text()).isEqualTo("1.26.2 (1 proxy)");
  }

  @Test
  void releaseIsTheTagNotARegistryPort() {
    assertThat(MeshVersion.release("localhost:5000/istio/proxyv2")).isEqualTo("unknown");
    assertThat(MeshVersion.release("localhost:5000/istio/proxyv2:1.22.1-debug")).isEqualTo("1.22.1");
    assertThat(MeshVersion.release("proxyv2:1.22.1@sha256:ab")).isEqualTo("1.22.1");
    assertThat(MeshVersion.release("")).isEqualTo("unknown");
  }
}
