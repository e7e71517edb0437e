package io.meshctl.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.inject.InjectionCheck.Cluster;
import io.meshctl.core.inject.InjectionCheck.Verdict;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.testkit.Examples;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every "why" of check-inject, each on the smallest cluster that shows it. */
class InjectionCheckTest {

  private static final List<InjectorWebhook> CURRENT_WEBHOOKS = webhooks("mesh-current");
  private static final List<InjectorWebhook> LEGACY_WEBHOOKS = webhooks("mesh-legacy");
  private static final InjectorSettings CURRENT = settings("mesh-current");
  private static final InjectorSettings LEGACY = settings("mesh-legacy");

  /** A pod in {@code ns}; {@code extra} is YAML merged into metadata (labels/annotations) and spec. */
  private static PodFacts pod(String ns, String labels, String annotations, String proxyImage) {
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-5d4f6b9c8-x2v7p
          namespace: %s
          labels: {app: web, pod-template-hash: 5d4f6b9c8 %s}
          annotations: {%s}
          ownerReferences: [{kind: ReplicaSet, name: web-5d4f6b9c8, controller: true}]
        spec:
          containers:
          - {name: web, image: nginx}
        %s
        """.formatted(ns, labels.isEmpty() ? "" : ", " + labels, annotations,
        proxyImage == null ? "" : "  - {name: istio-proxy, image: " + proxyImage + "}");
    return PodFacts.of(ManifestReader.parse(yaml, "pod.yaml").get(0).tree());
  }

  private static PodFacts pod(String ns, String labels, String annotations) {
    return pod(ns, labels, annotations, null);
  }

  private static Cluster cluster(Map<String, String> nsLabels, List<InjectorWebhook> webhooks, InjectorSettings s) {
    return new Cluster(Map.of("shop", nsLabels), webhooks, s == null ? Map.of() : Map.of("default", s));
  }

  private static Verdict check(PodFacts p, Map<String, String> nsLabels) {
    return InjectionCheck.check(p, cluster(nsLabels, CURRENT_WEBHOOKS, CURRENT));
  }

  @Test
  void namespaceLabelEnabledInjectsAndAPodWithoutSidecarNeedsARestart() {
    Verdict v = check(pod("shop", "", ""), Map.of("istio-injection", "enabled"));
    assertThat(v.injectOnRestart()).isTrue();
    assertThat(v.sidecar()).isFalse();
    assertThat(v.why()).isEqualTo("namespace shop has istio-injection=enabled "
        + "(webhook istio-sidecar-injector/namespace.sidecar-injector.istio.io)");
    assertThat(v.action()).isEqualTo("restart");
    assertThat(v.actionReason()).isEqualTo("it would be injected but has no sidecar");
    assertThat(v.fix()).isEqualTo("kubectl rollout restart deployment/web -n shop");
    assertThat(v.revision()).isEqualTo("default");
  }

  @Test
  void namespaceLabelDisabledDoesNot() {
    Verdict v = check(pod("shop", "", ""), Map.of("istio-injection", "disabled"));
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).isEqualTo("no injector webhook selects it: namespace shop has istio-injection=disabled");
    assertThat(v.needsAction()).isFalse();
  }

  @Test
  void noLabelAnywhereDoesNot() {
    Verdict v = check(pod("shop", "", ""), Map.of());
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).startsWith("no injector webhook selects it: namespace shop has no istio-injection/"
        + "istio.io/rev label and the pod does not opt in");
  }

  @Test
  void revisionLabelOnTheNamespace() {
    Verdict v = check(pod("shop", "", ""), Map.of("istio.io/rev", "default"));
    assertThat(v.injectOnRestart()).isTrue();
    assertThat(v.why()).isEqualTo("namespace shop has istio.io/rev=default "
        + "(webhook istio-sidecar-injector/rev.namespace.sidecar-injector.istio.io)");
    // a revision no webhook serves: nothing injects
    Verdict canary = check(pod("shop", "", ""), Map.of("istio.io/rev", "canary"));
    assertThat(canary.injectOnRestart()).isFalse();
    assertThat(canary.why()).isEqualTo("no injector webhook selects it: namespace shop has istio.io/rev=canary");
  }

  @Test
  void podLabelOptsInWhereTheNamespaceSaysNothing() {
    Verdict v = check(pod("shop", "sidecar.istio.io/inject: 'true'", ""), Map.of());
    assertThat(v.injectOnRestart()).isTrue();
    assertThat(v.why()).isEqualTo("pod label sidecar.istio.io/inject=true");
    Verdict rev = check(pod("shop", "istio.io/rev: default", ""), Map.of());
    assertThat(rev.injectOnRestart()).isTrue();
    assertThat(rev.why()).isEqualTo("pod label istio.io/rev=default "
        + "(webhook istio-sidecar-injector/rev.object.sidecar-injector.istio.io)");
  }

  @Test
  void podLabelOptsOutOfAnEnabledNamespaceAtTheObjectSelector() {
    Verdict v = check(pod("shop", "sidecar.istio.io/inject: 'false'", ""), Map.of("istio-injection", "enabled"));
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).isEqualTo("no injector webhook selects it: pod label sidecar.istio.io/inject=false");
  }

  @Test
  void podAnnotationOptsOutInTheHandler() {
    // the objectSelector sees labels only: the webhook is called, and the handler reads the annotation
    Verdict v = check(pod("shop", "", "sidecar.istio.io/inject: 'false'"), Map.of("istio-injection", "enabled"));
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).isEqualTo("pod annotation sidecar.istio.io/inject=false");
    // the label wins over the annotation
    Verdict both = check(pod("shop", "sidecar.istio.io/inject: 'true'", "sidecar.istio.io/inject: 'false'"),
        Map.of("istio-injection", "enabled"));
    assertThat(both.injectOnRestart()).isTrue();
    assertThat(both.why()).isEqualTo("pod label sidecar.istio.io/inject=true");
  }

  @Test
  void anInvalidValueIsIgnoredByCurrentIstioAndMeansNoToIstio13() {
    PodFacts p = pod("shop", "", "sidecar.istio.io/inject: 'no-thanks'");
    Verdict current = check(p, Map.of("istio-injection", "enabled"));
    assertThat(current.injectOnRestart()).isTrue();
    assertThat(current.why()).endsWith("; pod annotation sidecar.istio.io/inject=no-thanks is ignored (only true or false)");
    Verdict legacy = InjectionCheck.check(p, cluster(Map.of("istio-injection", "enabled"), LEGACY_WEBHOOKS, LEGACY));
    assertThat(legacy.injectOnRestart()).isFalse();
    assertThat(legacy.why()).isEqualTo("pod annotation sidecar.istio.io/inject=no-thanks");
    Verdict yes = InjectionCheck.check(pod("shop", "", "sidecar.istio.io/inject: 'Yes'"),
        cluster(Map.of("istio-injection", "enabled"), LEGACY_WEBHOOKS, LEGACY));
    assertThat(yes.injectOnRestart()).isTrue();
  }

  @Test
  void objectSelectorOfALegacyWebhookIsAbsent() {
    // 1.3's webhook selects the namespace only; a label opt-out is the handler's decision there
    Verdict v = InjectionCheck.check(pod("shop", "sidecar.istio.io/inject: 'false'", ""),
        cluster(Map.of("istio-injection", "enabled"), LEGACY_WEBHOOKS, LEGACY));
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).isEqualTo("pod label sidecar.istio.io/inject=false");
    Verdict in = InjectionCheck.check(pod("shop", "", ""),
        cluster(Map.of("istio-injection", "enabled"), LEGACY_WEBHOOKS, LEGACY));
    assertThat(in.why()).isEqualTo("namespace shop has istio-injection=enabled "
        + "(webhook istio-sidecar-injector/sidecar-injector.istio.io)");
  }

  @Test
  void neverAndAlwaysSelectorsAndPolicy() {
    InjectorSettings never = new InjectorSettings("ConfigMap istio-system/istio-sidecar-injector", "default",
        CURRENT.proxyImage(), "1.27.0", "enabled", List.of(tree("matchLabels: {app: web}")), List.of(), false, false,
        false);
    Verdict v = InjectionCheck.check(pod("shop", "", ""), cluster(Map.of("istio-injection", "enabled"),
        CURRENT_WEBHOOKS, never));
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).isEqualTo("its labels match neverInjectSelector app=web of ConfigMap "
        + "istio-system/istio-sidecar-injector");
    InjectorSettings disabled = new InjectorSettings("ConfigMap istio-system/istio-sidecar-injector", "default",
        CURRENT.proxyImage(), "1.27.0", "disabled", List.of(),
        List.of(tree("matchExpressions: [{key: app, operator: In, values: [web]}]")), false, false, false);
    Verdict always = InjectionCheck.check(pod("shop", "", ""), cluster(Map.of("istio-injection", "enabled"),
        CURRENT_WEBHOOKS, disabled));
    assertThat(always.injectOnRestart()).isTrue();
    assertThat(always.why()).isEqualTo("its labels match alwaysInjectSelector app in (web) of ConfigMap "
        + "istio-system/istio-sidecar-injector");
    PodFacts other = PodFacts.of(tree("""
        metadata: {name: db-0, namespace: shop, labels: {app: db}}
        spec: {containers: [{name: db, image: mysql}]}
        """));
    Verdict off = InjectionCheck.check(other, cluster(Map.of("istio-injection", "enabled"), CURRENT_WEBHOOKS, disabled));
    assertThat(off.injectOnRestart()).isFalse();
    assertThat(off.why()).startsWith("the injector's policy is disabled (ConfigMap istio-system/istio-sidecar-injector)");
    assertThat(off.fix()).isNull();
  }

  @Test
  void hostNetworkAndSystemNamespacesAreNeverInjected() {
    PodFacts host = PodFacts.of(tree("""
        metadata: {name: agent, namespace: shop}
        spec: {hostNetwork: true, containers: [{name: a, image: a}]}
        """));
    assertThat(check(host, Map.of("istio-injection", "enabled")).why())
        .isEqualTo("hostNetwork: true (Istio never injects host-network pods)");
    Verdict sys = InjectionCheck.check(pod("kube-system", "", ""), new Cluster(Map.of("kube-system",
        Map.of("istio-injection", "enabled")), CURRENT_WEBHOOKS, Map.of()));
    assertThat(sys.injectOnRestart()).isFalse();
    assertThat(sys.why()).isEqualTo("namespace kube-system is one Istio never injects");
  }

  @Test
  void withoutReadableWebhooksIstiosStandardSelectorsAreAssumed() {
    Cluster unreadable = new Cluster(Map.of("shop", Map.of("istio-injection", "enabled")), null, Map.of());
    Verdict v = InjectionCheck.check(pod("shop", "", ""), unreadable);
    assertThat(v.injectOnRestart()).isTrue();
    assertThat(v.why()).isEqualTo("namespace shop has istio-injection=enabled");
    Verdict out = InjectionCheck.check(pod("shop", "sidecar.istio.io/inject: 'false'", ""), unreadable);
    assertThat(out.injectOnRestart()).isFalse();
    Verdict objectOnly = InjectionCheck.check(pod("shop", "sidecar.istio.io/inject: 'true'", ""),
        new Cluster(Map.of(), null, Map.of()));
    assertThat(objectOnly.injectOnRestart()).isTrue();
    assertThat(InjectionCheck.check(pod("shop", "", ""), new Cluster(Map.of(), null, Map.of())).injectOnRestart())
        .isFalse();
  }

  @Test
  void noWebhookInstalledAtAll() {
    Verdict v = InjectionCheck.check(pod("shop", "", ""), cluster(Map.of("istio-injection", "enabled"), List.of(),
        CURRENT));
    assertThat(v.injectOnRestart()).isFalse();
    assertThat(v.why()).startsWith("no Istio sidecar-injector webhook is installed");
  }

  @Test
  void aProxyOlderThanTheInjectorsNeedsARestart() {
    Verdict v = check(pod("shop", "", "", "docker.io/istio/proxyv2:1.3.0"), Map.of("istio-injection", "enabled"));
    assertThat(v.sidecar()).isTrue();
    assertThat(v.proxyVersion()).isEqualTo("1.3.0");
    assertThat(v.action()).isEqualTo("restart");
    assertThat(v.actionReason()).isEqualTo("its proxy 1.3.0 is older than the injector's 1.27.0 (ConfigMap "
        + "istio-system/istio-sidecar-injector)");
    // the same version: nothing to do; a newer one (a canary proxy) neither
    assertThat(check(pod("shop", "", "", "docker.io/istio/proxyv2:1.27.0"), Map.of("istio-injection", "enabled"))
        .needsAction()).isFalse();
    assertThat(check(pod("shop", "", "", "docker.io/istio/proxyv2:1.28.1"), Map.of("istio-injection", "enabled"))
        .needsAction()).isFalse();
    // an explicit image annotation is the user's choice
    assertThat(check(pod("shop", "", "sidecar.istio.io/proxyImage: my/proxy:1.0", "my/proxy:1.0"),
        Map.of("istio-injection", "enabled")).needsAction()).isFalse();
    // manually injected in a namespace without injection: a restart alone does not help
    Verdict manual = check(pod("shop", "", "", "docker.io/istio/proxyv2:1.3.0"), Map.of());
    assertThat(manual.fix()).startsWith("meshctl inject the workload's manifest, apply it, then kubectl rollout restart");
  }

  @Test
  void withoutAConfigMapTheBundledDefaultsAreTheInjector() {
    Verdict v = InjectionCheck.check(pod("shop", "", "", "docker.io/istio/proxyv2:1.26.2"),
        cluster(Map.of("istio-injection", "enabled"), CURRENT_WEBHOOKS, null));
    assertThat(v.actionReason()).isEqualTo("its proxy 1.26.2 is older than the injector's 1.27.0 (meshctl's bundled "
        + "defaults (Istio 1.27.0))");
  }

  @Test
  void injectorSettingsFromBothConfigMapShapes() {
    assertThat(CURRENT.proxyImage()).isEqualTo("docker.io/istio/proxyv2:1.27.0");
    assertThat(CURRENT.version()).isEqualTo("1.27.0");
    assertThat(CURRENT.yesValues()).isFalse();
    assertThat(LEGACY.proxyImage()).isEqualTo("docker.io/istio/proxyv2:1.3.0");
    assertThat(LEGACY.version()).isEqualTo("1.3.0");
    assertThat(LEGACY.yesValues()).isTrue();
    assertThat(LEGACY.source()).isEqualTo("ConfigMap istio-system/istio-sidecar-injector");
    assertThat(InjectionCheck.older("1.9.0", "1.27.0")).isTrue();
    assertThat(InjectionCheck.older("1.27.0-distroless", "1.27.0")).isFalse();
    assertThat(InjectionCheck.older("latest", "1.27.0")).isFalse();
  }

  // ---- fixtures

  private static JsonNode tree(String yaml) {
    return ManifestReader.parse(yaml, "t.yaml").get(0).tree();
  }

  private static List<JsonNode> objects(String dir, String kind) {
    try {
      String yaml = Files.readString(Examples.path(dir + "/istio-sidecar-injector.yaml"));
      List<JsonNode> out = new ArrayList<>();
      ManifestReader.parse(yaml, "f.yaml").forEach(d -> {
        if (!d.isEmpty() && kind.equals(Manifests.text(d.tree(), "kind"))) {
          out.add(d.tree());
        }
      });
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<InjectorWebhook> webhooks(String dir) {
    return InjectorWebhook.istio(objects(dir, "MutatingWebhookConfiguration"));
  }

  private static InjectorSettings settings(String dir) {
    ObjectNode cm = (ObjectNode) objects(dir, "ConfigMap").get(0);
    return InjectorSettings.of(InjectorConfigMaps.of(cm, Optional.empty(), "istio-system", null), "default");
  }
}
