package io.meshctl.core.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.ManifestReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyStatusTest {

  private static JsonNode pod(String yaml) {
    return ManifestReader.parse(yaml, "pod.yaml").get(0).tree();
  }

  private static final JsonNode CLASSIC = pod("""
      metadata:
        name: wordpress-77f7f9c485-k7tt9
        namespace: default
        labels: {app: wordpress, pod-template-hash: 77f7f9c485}
        annotations: {istio.io/rev: default}
        ownerReferences: [{kind: ReplicaSet, name: wordpress-77f7f9c485, controller: true}]
      spec:
        initContainers: [{name: istio-init, image: docker.io/istio/proxyv2:1.27.0}]
        containers:
        - {name: wordpress, image: wordpress:php7.2}
        - {name: istio-proxy, image: docker.io/istio/proxyv2:1.27.0}
      status:
        phase: Running
        initContainerStatuses: [{name: istio-init, ready: false, restartCount: 0, state: {terminated: {reason: Completed}}}]
        containerStatuses:
        - {name: wordpress, ready: true, restartCount: 0, state: {running: {}}}
        - {name: istio-proxy, ready: true, restartCount: 2, state: {running: {}}}
      """);

  private static final JsonNode NATIVE_NOT_READY = pod("""
      metadata:
        name: api-0
        namespace: shop
        annotations:
          sidecar.istio.io/status: '{"initContainers":["istio-init","istio-proxy"],"revision":"canary"}'
        ownerReferences: [{kind: StatefulSet, name: api, controller: true}]
      spec:
        initContainers:
        - {name: istio-init, image: docker.io/istio/proxyv2:1.28.0}
        - {name: istio-proxy, image: docker.io/istio/proxyv2:1.28.0, restartPolicy: Always}
        containers:
        - {name: api, image: api:1}
      status:
        phase: Running
        initContainerStatuses:
        - {name: istio-init, ready: false, restartCount: 0, state: {terminated: {reason: Completed}}}
        - {name: istio-proxy, ready: false, restartCount: 7, state: {waiting: {reason: CrashLoopBackOff}}}
        containerStatuses: [{name: api, ready: true, restartCount: 0, state: {running: {}}}]
      """);

  private static final JsonNode BARE = pod("""
      metadata: {name: debug, namespace: default}
      spec: {containers: [{name: sh, image: busybox}]}
      status: {phase: Pending}
      """);

  @Test
  void classicAndNativeSidecarsWithRealReadyCounts() {
    ProxyStatus.Report r = ProxyStatus.of(List.of(NATIVE_NOT_READY, CLASSIC, BARE), false);
    assertThat(r.proxies()).containsExactly(
        new ProxyStatus.Row("wordpress-77f7f9c485-k7tt9", "default", "Deployment/wordpress", "2/2", "Running", true, 2,
            "docker.io/istio/proxyv2:1.27.0", "1.27.0", "default", "classic"),
        new ProxyStatus.Row("api-0", "shop", "StatefulSet/api", "1/2", "CrashLoopBackOff", false, 7,
            "docker.io/istio/proxyv2:1.28.0", "1.28.0", "canary", "native"));
    assertThat(r.withoutSidecar()).isNull();
    assertThat(r.withoutSidecarCount()).isEqualTo(1);
  }

  @Test
  void podsWithoutASidecarInASectionOfTheirOwn() {
    ProxyStatus.Report r = ProxyStatus.of(List.of(CLASSIC, BARE), true);
    assertThat(r.withoutSidecar()).containsExactly(new ProxyStatus.Bare("debug", "default", null, "0/1", "Pending"));
  }

  @Test
  void aPodWithoutStatusIsUnknownNotReady() {
    JsonNode noStatus = pod("""
        metadata: {name: new, namespace: default}
        spec: {containers: [{name: a, image: a}, {name: istio-proxy, image: 'docker.io/istio/proxyv2@sha256:abc'}]}
        """);
    ProxyStatus.Row row = ProxyStatus.of(List.of(noStatus), false).proxies().get(0);
    assertThat(row.ready()).isEqualTo("0/2");
    assertThat(row.proxyState()).isEqualTo("Unknown");
    assertThat(row.version()).isNull();
    assertThat(row.revision()).isNull();
    assertThat(PodFacts.version("localhost:5000/istio/proxyv2:1.27.0-distroless@sha256:ab")).isEqualTo("1.27.0-distroless");
    assertThat(PodFacts.version("localhost:5000/proxyv2")).isNull();
  }
}
