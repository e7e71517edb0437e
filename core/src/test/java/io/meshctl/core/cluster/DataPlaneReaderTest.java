package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.dataplane.ProxyStatus;
import io.meshctl.core.describe.DescribeInput;
import io.meshctl.core.describe.PodDescriber;
import io.meshctl.core.describe.PodDescription;
import io.meshctl.core.inject.InjectionCheck;
import io.meshctl.testkit.MeshFixtures;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * check-inject, proxy-status and describe pod against the mock API server of each Istio flavour:
 * the seed article's mesh with its injector, what is read, and what an RBAC refusal turns into.
 */
class DataPlaneReaderTest {

  @TempDir
  Path tmp;

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private static MockCluster mesh(Flavour flavour) {
    return MeshFixtures.wordpressMesh(flavour, NOW);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void storedPodsCarryTheirStatusSoReadyIsRealData(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      ProxyStatus.Report r = ProxyStatus.of(kube.list(ResourceType.POD, "default"), true);
      assertThat(r.proxies()).singleElement().satisfies(row -> {
        assertThat(row.ready()).isEqualTo("2/2");
        assertThat(row.proxyState()).isEqualTo("Running");
        assertThat(row.workload()).isEqualTo("Deployment/wordpress");
        assertThat(row.version()).isEqualTo(flavour == Flavour.LEGACY ? "1.3.0" : "1.27.0");
        assertThat(row.sidecar()).isEqualTo("classic");
      });
      assertThat(r.withoutSidecar()).extracting(ProxyStatus.Bare::pod).containsExactly("wordpress-mysql-5d4f6b9c8-x2v7p");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void checkInjectReadsTheNamespaceTheWebhooksAndTheInjectorConfigMap(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      c.clearRequests();
      List<String> notes = new ArrayList<>();
      InjectionCheck.Cluster cluster = DataPlaneReader.injection(kube, "istio-system", Set.of("default"), false,
          Set.of(), notes);
      assertThat(notes).isEmpty();
      assertThat(c.reads()).contains("/api/v1/namespaces/default", "/apis/admissionregistration.k8s.io/v1/"
          + "mutatingwebhookconfigurations", "/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector")
          .noneMatch(p -> p.endsWith("/api/v1/namespaces") || p.endsWith("/api/v1/pods"));
      List<PodFacts> pods = kube.list(ResourceType.POD, "default").stream().map(PodFacts::of).toList();
      List<InjectionCheck.Verdict> v = InjectionCheck.check(pods, cluster);
      assertThat(v).extracting(InjectionCheck.Verdict::pod, InjectionCheck.Verdict::injectOnRestart,
          InjectionCheck.Verdict::action).containsExactly(
              org.assertj.core.groups.Tuple.tuple("wordpress-77f7f9c485-k7tt9", true, null),
              org.assertj.core.groups.Tuple.tuple("wordpress-mysql-5d4f6b9c8-x2v7p", true, "restart"));
      assertThat(v.get(0).why()).startsWith("namespace default has istio-injection=enabled (webhook istio-sidecar-injector/"
          + (flavour == Flavour.LEGACY ? "sidecar-injector.istio.io)" : "namespace.sidecar-injector.istio.io)"));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void forbiddenWebhooksAndConfigMapDegradeWithNotes(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      c.answer("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", 403);
      c.answer("/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector", 403);
      List<String> notes = new ArrayList<>();
      InjectionCheck.Cluster cluster = DataPlaneReader.injection(kube, "istio-system", Set.of("default"), false,
          Set.of(), notes);
      assertThat(cluster.webhooks()).isNull();
      assertThat(notes).anyMatch(n -> n.startsWith("cannot list MutatingWebhookConfigurations") && n.endsWith(
          "Istio's standard injector selectors are assumed"))
          .anyMatch(n -> n.equals("cannot read ConfigMap istio-system/istio-sidecar-injector (forbidden): the "
              + "injector of revision default is taken to be meshctl's bundled defaults (Istio 1.27.0)"));
      PodFacts wp = PodFacts.of(kube.get(ResourceType.POD, "default", "wordpress-77f7f9c485-k7tt9").orElseThrow());
      InjectionCheck.Verdict v = InjectionCheck.check(wp, cluster);
      assertThat(v.injectOnRestart()).isTrue();
      assertThat(v.why()).isEqualTo("namespace default has istio-injection=enabled");
      // against the bundled 1.27 the legacy pod's 1.3.0 proxy is old
      assertThat(v.needsAction()).isEqualTo(flavour == Flavour.LEGACY);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void olderClustersServeWebhooksAtV1beta1(Flavour flavour) {
    try (MockCluster c = MockCluster.start(flavour)) {
      c.answer("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", 404);
      c.client().raw("/apis/admissionregistration.k8s.io/v1beta1/mutatingwebhookconfigurations", "POST", """
          {"apiVersion":"admissionregistration.k8s.io/v1beta1","kind":"MutatingWebhookConfiguration",
           "metadata":{"name":"istio-sidecar-injector"},
           "webhooks":[{"name":"sidecar-injector.istio.io","namespaceSelector":{"matchLabels":{"istio-injection":"enabled"}}}]}
          """);
      try (Kube kube = c.kube(tmp)) {
        assertThat(DataPlaneReader.webhooks(kube, new ArrayList<>())).singleElement()
            .satisfies(w -> assertThat(w.id()).isEqualTo("istio-sidecar-injector/sidecar-injector.istio.io"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void describeLoadsOnceAndShowsEverySection(Flavour flavour) {
    boolean legacy = flavour == Flavour.LEGACY;
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      c.clearRequests();
      DescribeInput in = DataPlaneReader.describe(kube, "istio-system", "default", "wordpress-77f7f9c485-k7tt9",
          Reporter.SILENT);
      List<String> reads = c.reads();
      assertThat(reads).filteredOn(p -> p.endsWith("/pods"))
          .allMatch(p -> p.contains("/namespaces/default/") || p.contains("/namespaces/istio-system/"));
      assertThat(reads).filteredOn(p -> p.contains("/secrets/")).containsExactly("/api/v1/namespaces/istio-system/secrets/"
          + (legacy ? "istio-ingressgateway-certs" : "wordpress-credential"));
      PodDescription d = PodDescriber.of(in, Reporter.SILENT).describe(NOW);
      assertThat(d.ready()).isEqualTo("2/2");
      assertThat(d.sidecar().ready()).isTrue();
      assertThat(d.services()).singleElement().satisfies(s -> {
        assertThat(s.host()).isEqualTo("wordpress.default.svc.cluster.local");
        assertThat(s.ports()).singleElement().satisfies(p -> {
          assertThat(p.port()).isEqualTo(80);
          assertThat(p.protocol()).isEqualTo("HTTP");
          assertThat(p.detectedFrom()).isEqualTo("port name http");
        });
      });
      assertThat(d.destinationRules()).singleElement().satisfies(r -> {
        assertThat(r.name()).isEqualTo("default/wordpress");
        assertThat(r.subsets()).containsExactly("v1");
        assertThat(r.tlsMode()).isEqualTo("ISTIO_MUTUAL");
      });
      assertThat(d.virtualServices()).singleElement().satisfies(r -> {
        assertThat(r.virtualService()).isEqualTo("default/wordpress");
        assertThat(r.route()).isEqualTo("http[0]");
        assertThat(r.subset()).isEqualTo("v1");
        assertThat(r.weight()).isEqualTo(90);
        assertThat(r.share()).isEqualTo(90.0);
        assertThat(r.gateways()).containsExactly("wordpress-gateway");
      });
      assertThat(d.gateways()).singleElement().satisfies(g -> {
        assertThat(g.name()).isEqualTo("default/wordpress-gateway");
        PodDescription.ServerView s = g.servers().stream().filter(x -> "SIMPLE".equals(x.tlsMode())).findFirst()
            .orElseThrow();
        assertThat(s.hosts()).containsExactly("blog.datadoc.info");
        assertThat(s.sans()).containsExactly("blog.datadoc.info");
        assertThat(s.daysLeft()).isEqualTo(60);
        assertThat(s.secret()).isEqualTo("istio-system/" + (legacy ? "istio-ingressgateway-certs" : "wordpress-credential"));
      });
      assertThat(d.mtls()).singleElement().satisfies(m -> {
        assertThat(m.serverMode()).isEqualTo("STRICT");
        assertThat(m.status()).isEqualTo("OK");
        assertThat(m.client()).isEqualTo("ISTIO_MUTUAL");
      });
      assertThat(d.findings()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void describeFindsTheConflictAndAMissingSecret(Flavour flavour) {
    boolean legacy = flavour == Flavour.LEGACY;
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      String secret = "istio-system/" + (legacy ? "istio-ingressgateway-certs" : "wordpress-credential");
      c.client().raw("/api/v1/namespaces/" + secret.replace("/", "/secrets/"), "DELETE", null);
      ResourceType dr = c.type(IstioKind.DESTINATION_RULE);
      c.client().raw(dr.path("default") + "/wordpress", "DELETE", null);
      c.seed("""
          apiVersion: %s
          kind: DestinationRule
          metadata: {name: wordpress}
          spec:
            host: wordpress
            trafficPolicy: {tls: {mode: DISABLE}}
            subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
          """.formatted(dr.apiVersion()));
      c.answer(c.type(IstioKind.VIRTUAL_SERVICE).path(null), 403);
      DescribeInput in = DataPlaneReader.describe(kube, "istio-system", "default", "wordpress-77f7f9c485-k7tt9",
          Reporter.SILENT);
      assertThat(in.notes()).contains("cannot list virtualservices in all namespaces (forbidden): only those of "
          + "[default, istio-system] are shown");
      PodDescription d = PodDescriber.of(in, Reporter.SILENT).describe(NOW);
      assertThat(d.virtualServices()).hasSize(1);
      assertThat(d.gateways().get(0).servers()).filteredOn(x -> "SIMPLE".equals(x.tlsMode())).singleElement()
          .satisfies(x -> assertThat(x.note()).isEqualTo("secret " + secret
              + " does not exist: the gateway cannot serve TLS on this port"));
      assertThat(d.mtls()).singleElement().satisfies(m -> {
        assertThat(m.status()).isEqualTo("CONFLICT");
        assertThat(m.client()).isEqualTo("DISABLE");
      });
      assertThat(d.findings()).singleElement().satisfies(f -> {
        assertThat(f.source()).isEqualTo("tls-check");
        assertThat(f.message()).startsWith("CONFLICT wordpress.default.svc.cluster.local:80: DestinationRule "
            + "default/wordpress sets DISABLE but ").contains("fix: set tls.mode ISTIO_MUTUAL");
      });

      PodDescription mysql = PodDescriber.of(DataPlaneReader.describe(kube, "istio-system", "default",
          "wordpress-mysql-5d4f6b9c8-x2v7p", Reporter.SILENT), Reporter.SILENT).describe(NOW);
      assertThat(mysql.sidecar()).isNull();
      assertThat(mysql.findings()).extracting(PodDescription.Finding::source).containsExactly("sidecar");
      assertThat(mysql.mtls()).singleElement().satisfies(m -> assertThat(m.serverMode()).isEqualTo("NO-SIDECAR"));
      assertThat(mysql.services().get(0).ports().get(0).detectedFrom()).isEqualTo("port name tcp-mysql");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void podArgumentsResolveAsKubectlDoes(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      assertThat(PodRefs.resolve(kube, "wordpress-77f7f9c485-k7tt9.default", "other").pods()).hasSize(1);
      assertThat(PodRefs.resolve(kube, "deployment/wordpress", "default").pods())
          .extracting(p -> p.path("metadata").path("name").asText()).containsExactly("wordpress-77f7f9c485-k7tt9");
      assertThatThrownBy(() -> PodRefs.resolve(kube, "nope", "default"))
          .isInstanceOf(MeshctlException.NotFound.class).hasMessage("pod \"nope\" not found in namespace \"default\"");
      assertThatThrownBy(() -> PodRefs.resolve(kube, "deploy/nope", "default"))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessage("deployment \"nope\" not found in namespace \"default\"");
      List<JsonNode> mysql = new ArrayList<>(PodRefs.select(kube, "default", "tier=mysql"));
      assertThat(mysql).hasSize(1);
    }
  }
}
