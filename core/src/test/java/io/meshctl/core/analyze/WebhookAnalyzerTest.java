package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookAnalyzerTest {

  private static final String ISTIOD = """
      apiVersion: v1
      kind: Service
      metadata: {name: istiod, namespace: istio-system}
      spec:
        ports: [{name: https-webhook, port: 443}]
      ---
      """;

  /** An injector webhook selecting namespaces labelled istio-injection=enabled, calling {@code service}. */
  private static String config(String name, String labels, String webhook, String service) {
    return "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\n"
        + "metadata: {name: " + name + (labels == null ? "" : ", labels: " + labels) + "}\n"
        + "webhooks:\n- name: " + webhook + "\n"
        + "  clientConfig:\n    service: {name: " + service + ", namespace: istio-system, path: /inject}\n"
        + "  namespaceSelector:\n    matchLabels: {istio-injection: enabled}\n---\n";
  }

  private static String example(String file) throws IOException {
    return Files.readString(Examples.root().resolve(file));
  }

  @Test
  void istiosOwnInjectorsOverlapNothing() throws IOException {
    String current = example("mesh-current/istio-sidecar-injector.yaml");
    assertEquals(List.of(), Fixture.lines(new WebhookAnalyzer(), Fixture.live(ISTIOD + current)));
    String legacy = example("mesh-legacy/istio-sidecar-injector.yaml") + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: istio-sidecar-injector, namespace: istio-system}
        spec:
          ports: [{port: 443}]
        """;
    assertEquals(List.of(), Fixture.lines(new WebhookAnalyzer(), Fixture.live(legacy)));
  }

  @Test
  void secondInjectorForTheSameNamespacesOverlaps() throws IOException {
    String yaml = ISTIOD + example("mesh-current/istio-sidecar-injector.yaml") + "\n---\n"
        + config("istio-sidecar-injector-old", null, "sidecar-injector.istio.io", "istiod");
    // sorted as istioctl sorts (Kind/name/namespace): "...-old/" before ".../"
    assertEquals(List.of(
        "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector-old) Webhook overlaps with others: "
            + "[istio-sidecar-injector/namespace.sidecar-injector.istio.io]. This may cause injection to occur twice.",
        "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector) Webhook overlaps with others: "
            + "[istio-sidecar-injector-old/sidecar-injector.istio.io]. This may cause injection to occur twice."),
        Fixture.lines(new WebhookAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void everyOtherWebhookIsListedSorted() {
    String yaml = ISTIOD + config("c", null, "c.istio.io", "istiod") + config("a", null, "a.istio.io", "istiod")
        + config("b", null, "b.istio.io", "istiod");
    assertEquals(List.of(
        "Error [IST0139] (MutatingWebhookConfiguration a) Webhook overlaps with others: [b/b.istio.io c/c.istio.io]. "
            + "This may cause injection to occur twice.",
        "Error [IST0139] (MutatingWebhookConfiguration b) Webhook overlaps with others: [a/a.istio.io c/c.istio.io]. "
            + "This may cause injection to occur twice.",
        "Error [IST0139] (MutatingWebhookConfiguration c) Webhook overlaps with others: [a/a.istio.io b/b.istio.io]. "
            + "This may cause injection to occur twice."),
        Fixture.lines(new WebhookAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void revisionsAreTriedOnNamespacesAndObjects() {
    // each selects its revision's namespaces only: no overlap, until a second one takes canary too
    String revisioned = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: istio-sidecar-injector-%1$s, labels: {istio.io/rev: %1$s}}
        webhooks:
        - name: rev.namespace.sidecar-injector.istio.io
          clientConfig: {service: {name: istiod, namespace: istio-system}}
          namespaceSelector:
            matchExpressions: [{key: istio.io/rev, operator: In, values: [%2$s]}]
        ---
        """;
    String two = ISTIOD + revisioned.formatted("stable", "stable") + revisioned.formatted("canary", "canary");
    assertEquals(List.of(), Fixture.lines(new WebhookAnalyzer(), Fixture.live(two)));
    String overlapping = ISTIOD + revisioned.formatted("stable", "\"stable\", \"canary\"")
        + revisioned.formatted("canary", "canary");
    assertEquals(List.of(
        "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector-canary) Webhook overlaps with others: "
            + "[istio-sidecar-injector-stable/rev.namespace.sidecar-injector.istio.io]. This may cause injection to "
            + "occur twice.",
        "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector-stable) Webhook overlaps with others: "
            + "[istio-sidecar-injector-canary/rev.namespace.sidecar-injector.istio.io]. This may cause injection to "
            + "occur twice."),
        Fixture.lines(new WebhookAnalyzer(), Fixture.live(overlapping)));
  }

  @Test
  void injectorCallingAMissingService() {
    String yaml = ISTIOD + config("istio-sidecar-injector", null, "sidecar-injector.istio.io", "istiod-canary");
    assertEquals(List.of("Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector) Injector refers to a "
        + "control plane service that does not exist: istio-system/istiod-canary."),
        Fixture.lines(new WebhookAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void otherWebhooksAndUrlsAreNotIstios() {
    // a non-Istio webhook may overlap Istio's and call anything; an Istio webhook by URL has no Service
    String yaml = ISTIOD + config("istio-sidecar-injector", null, "sidecar-injector.istio.io", "istiod")
        + config("cert-manager-webhook", null, "webhook.cert-manager.io", "cert-manager") + """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: remote-injector}
        webhooks:
        - name: remote.sidecar-injector.istio.io
          clientConfig: {url: "https://istiod.example.com:15017/inject"}
          namespaceSelector:
            matchLabels: {istio-injection: remote}
        """;
    assertEquals(List.of(), Fixture.lines(new WebhookAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void filesWithoutServicesAreCheckedForOverlapsOnly() {
    String yaml = config("a", null, "a.istio.io", "gone") + config("b", null, "b.istio.io", "gone");
    assertEquals(List.of(
        "Error [IST0139] (MutatingWebhookConfiguration a test.yaml:1) Webhook overlaps with others: [b/b.istio.io]. "
            + "This may cause injection to occur twice.",
        "Error [IST0139] (MutatingWebhookConfiguration b test.yaml:11) Webhook overlaps with others: [a/a.istio.io]. "
            + "This may cause injection to occur twice."),
        Fixture.lines(new WebhookAnalyzer(), Fixture.files(yaml)));
  }

  @Test
  void skippedWhenTheWebhooksWereNotRead() {
    // e.g. RBAC forbade listing them: the analyzer is skipped, not "no webhook found"
    MeshObjects objects = MeshObjects.builder("default", "istio-system").addCluster(Kinds.SERVICE, List.of()).build();
    Analyzers.Result r = Analyzers.run(objects, List.of(new WebhookAnalyzer()), Fixture.NOW);
    assertEquals(List.of("webhook.Analyzer"), r.skipped().stream().map(Analyzer::name).toList());
  }
}
