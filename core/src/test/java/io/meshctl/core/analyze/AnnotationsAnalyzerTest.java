package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotationsAnalyzerTest {

  private static final Analyzer A = new AnnotationsAnalyzer();

  private static String pod(String annotations, String labels) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\n"
        + (labels == null ? "" : "  labels: " + labels + "\n") + "  annotations: " + annotations
        + "\nspec: {containers: [{name: app, image: app}]}\n";
  }

  @Test
  void unknownIstioAnnotation() {
    assertEquals(List.of("Warning [IST0108] (Pod shop/p test.yaml:6) Unknown annotation: sidecar.istio.io/proxyCpu"),
        Fixture.lines(A, Fixture.files(pod("{sidecar.istio.io/proxyCpu: 100m}", null))));
  }

  @Test
  void deprecatedInjectAnnotation() {
    assertEquals(List.of("Info [IST0135] (Pod shop/p) Annotation \"sidecar.istio.io/inject\" has been deprecated in favor "
        + "of the \"sidecar.istio.io/inject\" label and may not work in future Istio versions."),
        Fixture.lines(A, Fixture.live(pod("{sidecar.istio.io/inject: \"false\"}", null))));
    // the label is there too: the annotation is only a leftover
    assertEquals(List.of(), Fixture.lines(A, Fixture.live(pod("{sidecar.istio.io/inject: \"false\"}",
        "{sidecar.istio.io/inject: \"false\"}"))));
  }

  @Test
  void misplacedAnnotation() {
    String yaml = """
        apiVersion: v1
        kind: Service
        metadata:
          name: s
          namespace: shop
          annotations: {sidecar.istio.io/proxyCPU: 100m, networking.istio.io/exportTo: "."}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
          namespace: shop
          annotations: {traffic.sidecar.istio.io/excludeOutboundPorts: "25"}
        spec:
          template:
            metadata:
              annotations: {traffic.sidecar.istio.io/excludeOutboundPorts: "25"}
            spec: {containers: [{name: app, image: app}]}
        """;
    assertEquals(List.of(
        "Warning [IST0107] (Deployment shop/d) Misplaced annotation: traffic.sidecar.istio.io/excludeOutboundPorts can "
            + "only be applied to Pod",
        "Warning [IST0107] (Service shop/s) Misplaced annotation: sidecar.istio.io/proxyCPU can only be applied to Pod"),
        Fixture.lines(A, Fixture.live(yaml)));
  }

  @Test
  void invalidValues() {
    String yaml = pod("{sidecar.istio.io/interceptionMode: BRIDGE, traffic.sidecar.istio.io/excludeOutboundPorts: "
        + "\"80,99999\", sidecar.istio.io/proxyMemory: lots}", null);
    assertEquals(List.of(
        "Warning [IST0125] (Pod shop/p) Invalid annotation sidecar.istio.io/interceptionMode: the interception mode is "
            + "REDIRECT, TPROXY or NONE",
        "Warning [IST0125] (Pod shop/p) Invalid annotation sidecar.istio.io/proxyMemory: expected a Kubernetes quantity "
            + "such as 100m, 0.5 or 128Mi",
        "Warning [IST0125] (Pod shop/p) Invalid annotation traffic.sidecar.istio.io/excludeOutboundPorts: port 99999 is "
            + "out of range 0-65535"),
        Fixture.lines(A, Fixture.live(yaml)));
  }

  @Test
  void validAndForeignAnnotationsAreFine() {
    String yaml = pod("{sidecar.istio.io/interceptionMode: TPROXY, traffic.sidecar.istio.io/includeOutboundIPRanges: "
        + "\"10.0.0.0/8\", proxy.istio.io/config: \"holdApplicationUntilProxyStarts: true\", "
        + "sidecar.istio.io/status: \"{}\", istio.io/rev: canary, prometheus.io/scrape: \"true\", "
        + "example.com/istio.io: x, galley.istio.io/analyze-suppress: IST0103}", null);
    assertEquals(List.of(), Fixture.lines(A, Fixture.live(yaml)));
  }
}
