package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class InjectionAnalyzersTest {

  private static String ns(String name, String labels) {
    return "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + (labels == null ? "" : ", labels: " + labels)
        + "}\n---\n";
  }

  private static String pod(String name, String ns, String proxyImage, String extra) {
    return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns + (extra == null ? "" : ", " + extra)
        + "}\nspec:\n  containers:\n  - {name: app, image: app}\n"
        + (proxyImage == null ? "" : "  - {name: istio-proxy, image: \"" + proxyImage + "\"}\n") + "---\n";
  }

  private static final String INJECTOR = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: istio-sidecar-injector, namespace: istio-system}
      data:
        values: '{"global":{"hub":"docker.io/istio","tag":"1.27.0","proxy":{"image":"proxyv2"}},
          "sidecarInjectorWebhook":{"enableNamespacesByDefault":false}}'
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: istio-sidecar-injector-canary, namespace: istio-system}
      data:
        values: '{"global":{"proxy":{"image":"gcr.io/istio/proxyv2:1.28.0"}}}'
      ---
      """;

  @Test
  void namespaceWithoutInjectionLabel() {
    assertEquals(List.of("Info [IST0102] (Namespace plain) The namespace is not enabled for Istio injection. Run "
        + "'kubectl label namespace plain istio-injection=enabled' to enable it, or 'kubectl label namespace plain "
        + "istio-injection=disabled' to explicitly mark it as not needing injection."),
        Fixture.lines(new InjectionAnalyzer(), Fixture.live(ns("plain", null) + ns("istio-system", null))));
  }

  @Test
  void injectorEnablesEveryNamespace() {
    String cm = INJECTOR.replace("\"enableNamespacesByDefault\":false", "\"enableNamespacesByDefault\":true");
    assertEquals(List.of("Info [IST0148] (Namespace plain) is enabled for Istio injection, as Istio is installed with "
        + "enableNamespacesByDefault as true."), Fixture.lines(new InjectionAnalyzer(), Fixture.live(cm + ns("plain", null))));
  }

  @Test
  void twoKindsOfInjectionLabel() {
    assertEquals(List.of("Warning [IST0123] (Namespace both) The namespace has more than one type of injection labels "
        + "[istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one "
        + "injection label exists."),
        Fixture.lines(new InjectionAnalyzer(), Fixture.live(ns("both", "{istio-injection: enabled, istio.io/rev: canary}"))));
  }

  @Test
  void disabledInjectionWithRevisionIsOneLabel() {
    // istio-injection=disabled wins: the revision label does not count
    assertEquals(List.of(), Fixture.lines(new InjectionAnalyzer(),
        Fixture.live(ns("off", "{istio-injection: disabled, istio.io/rev: canary}"))));
  }

  @Test
  void podWithoutProxyInInjectedNamespace() {
    String yaml = ns("shop", "{istio-injection: enabled}") + pod("cart-1", "shop", null, null)
        + pod("cart-2", "shop", "docker.io/istio/proxyv2:1.27.0", null)
        + pod("opted-out", "shop", null, "labels: {sidecar.istio.io/inject: \"False\"}")
        + pod("annotated-out", "shop", null, "annotations: {sidecar.istio.io/inject: \"false\"}")
        + "apiVersion: v1\nkind: Pod\nmetadata: {name: host, namespace: shop}\nspec:\n  hostNetwork: true\n"
        + "  containers: [{name: app, image: app}]\n---\n"
        + ns("rev", "{istio.io/rev: canary}") + pod("not-checked", "rev", null, null);
    assertEquals(List.of("Warning [IST0103] (Pod shop/cart-1) The pod shop/cart-1 is missing the Istio proxy. This can "
        + "often be resolved by restarting or redeploying the workload."),
        Fixture.lines(new InjectionAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void ambientNamespaceIsNotReported() {
    assertEquals(List.of(), Fixture.lines(new InjectionAnalyzer(),
        Fixture.live(ns("amb", "{istio.io/dataplane-mode: ambient}") + pod("a", "amb", null, null))));
  }

  @Test
  void staleProxyImages() {
    String yaml = INJECTOR + ns("shop", "{istio-injection: enabled}")
        + pod("old-1", "shop", "docker.io/istio/proxyv2:1.26.1", null)
        + pod("new-1", "shop", "docker.io/istio/proxyv2:1.27.0", null)
        + pod("pinned", "shop", "my/proxy:1", "annotations: {sidecar.istio.io/proxyImage: my/proxy:1}")
        + ns("canary", "{istio.io/rev: canary}")
        + pod("c-old", "canary", "docker.io/istio/proxyv2:1.27.0", null)
        + pod("c-new", "canary", "gcr.io/istio/proxyv2:1.28.0", null);
    assertEquals(List.of(
        "Warning [IST0158] (Namespace canary) The Istio proxy images of the pods running in the namespace do not match "
            + "the image defined in the injection configuration (pod names: [c-old]). This often happens after upgrading "
            + "the Istio control-plane and can be fixed by redeploying the pods.",
        "Warning [IST0158] (Namespace shop) The Istio proxy images of the pods running in the namespace do not match "
            + "the image defined in the injection configuration (pod names: [old-1]). This often happens after upgrading "
            + "the Istio control-plane and can be fixed by redeploying the pods."),
        Fixture.lines(new ImageAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void imageVariantOfTheMeshIsExpected() {
    String mesh = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n"
        + "  mesh: |\n    defaultConfig:\n      image: {imageType: distroless}\n---\n";
    String yaml = INJECTOR + mesh + ns("shop", "{istio-injection: enabled}")
        + pod("d", "shop", "docker.io/istio/proxyv2:1.27.0-distroless", null);
    assertEquals(List.of(), Fixture.lines(new ImageAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void imageAuto() {
    String yaml = ns("plain", null) + pod("p", "plain", "auto", null) + """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: gw, namespace: plain}
        spec:
          template:
            metadata: {labels: {app: gw}}
            spec: {containers: [{name: istio-proxy, image: auto}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: injected, namespace: plain}
        spec:
          template:
            metadata: {labels: {app: x, sidecar.istio.io/inject: "true"}}
            spec: {containers: [{name: istio-proxy, image: auto}]}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: istio-sidecar-injector}
        webhooks:
        - name: object.sidecar-injector.istio.io
          namespaceSelector:
            matchExpressions: [{key: istio-injection, operator: DoesNotExist}]
          objectSelector:
            matchLabels: {sidecar.istio.io/inject: "true"}
        - name: namespace.sidecar-injector.istio.io
          namespaceSelector:
            matchLabels: {istio-injection: enabled}
        """;
    assertEquals(List.of(
        "Error [IST0147] (Pod plain/p) Pod p contains `image: auto` but does not match any Istio injection webhook selectors.",
        "Warning [IST0146] (Deployment plain/gw) Deployment gw contains `image: auto` but does not match any Istio "
            + "injection webhook selectors."), Fixture.lines(new ImageAutoAnalyzer(), Fixture.live(yaml)));
  }
}
