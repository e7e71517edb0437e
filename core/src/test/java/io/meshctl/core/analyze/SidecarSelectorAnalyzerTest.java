package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SidecarSelectorAnalyzerTest {

  private static final Analyzer A = new SidecarSelectorAnalyzer();

  private static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: reviews-1, namespace: bookinfo, labels: {app: reviews, version: v1}}
      spec: {containers: [{name: app, image: reviews}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: ratings-1, namespace: other, labels: {app: ratings}}
      spec: {containers: [{name: app, image: ratings}]}
      ---
      """;

  private static String sidecar(String name, String ns, String labels) {
    return "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: " + name + ", namespace: " + ns + "}\n"
        + "spec:\n" + (labels == null ? "  egress: [{hosts: [\"./*\"]}]\n"
        : "  workloadSelector:\n    labels: " + labels + "\n") + "---\n";
  }

  @Test
  void selectorMatchingNoPodOfItsNamespace() {
    // ratings runs in another namespace: a Sidecar selects pods of its own namespace only
    List<String> lines = Fixture.lines(A, Fixture.files(PODS + sidecar("s1", "bookinfo", "{app: ratings}")));
    assertEquals(List.of("Error [IST0101] (Sidecar bookinfo/s1 test.yaml:16) Referenced selector not found: \"app=ratings\""),
        lines);
  }

  @Test
  void twoSidecarsSelectingOnePod() {
    List<String> lines = Fixture.lines(A, Fixture.live(PODS + sidecar("b", "bookinfo", "{app: reviews}")
        + sidecar("a", "bookinfo", "{version: v1}")));
    assertEquals(List.of(
        "Error [IST0110] (Sidecar bookinfo/a) The Sidecars [a b] in namespace \"bookinfo\" select the same workload "
            + "pod \"reviews-1\", which can lead to undefined behavior.",
        "Error [IST0110] (Sidecar bookinfo/b) The Sidecars [a b] in namespace \"bookinfo\" select the same workload "
            + "pod \"reviews-1\", which can lead to undefined behavior."), lines);
  }

  @Test
  void twoSidecarsWithoutSelector() {
    List<String> lines = Fixture.lines(A, Fixture.live(PODS + sidecar("x", "bookinfo", null)
        + sidecar("y", "bookinfo", null) + sidecar("z", "other", null)));
    assertEquals(List.of(
        "Error [IST0111] (Sidecar bookinfo/x) The Sidecars [x y] in namespace \"bookinfo\" have no workload selector, "
            + "which can lead to undefined behavior.",
        "Error [IST0111] (Sidecar bookinfo/y) The Sidecars [x y] in namespace \"bookinfo\" have no workload selector, "
            + "which can lead to undefined behavior."), lines);
  }

  @Test
  void ambientPodAndNamespace() {
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: amb-1
          namespace: amb
          labels: {app: amb}
          annotations: {ambient.istio.io/redirection: enabled}
        spec: {containers: [{name: app, image: amb}]}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}
        ---
        """ + sidecar("sel", "amb", "{app: amb}") + sidecar("all", "amb", null);
    assertEquals(List.of(
        "Warning [IST0167] (Sidecar amb/all) The policy has no impact: namespace is in ambient mode, the policy has no impact.",
        "Warning [IST0167] (Sidecar amb/sel) The policy has no impact: selected workload is in ambient mode, the policy "
            + "has no impact."), Fixture.lines(A, Fixture.live(yaml)));
  }

  @Test
  void oneSidecarPerWorkloadAndOneDefaultIsFine() {
    assertEquals(List.of(), Fixture.lines(A, Fixture.live(PODS + sidecar("r", "bookinfo", "{app: reviews}")
        + sidecar("default", "bookinfo", null) + sidecar("default", "other", null))));
  }
}
