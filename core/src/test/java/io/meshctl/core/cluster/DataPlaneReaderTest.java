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
  void eachRevisionsInjectorIsReadFromItsOwnConfigMap(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      c.seed("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: istio-sidecar-injector-canary, namespace: istio-system, labels: {istio.io/rev: canary}}
          data:
            values: '{"global": {"hub": "docker.io/istio", "tag": "1.28.1"}, "revision": "canary"}'
            config: |
              policy: disabled
              neverInjectSelector: [{matchLabels: {app: batch}}]
          """);
      c.clearRequests();
      List<String> notes = new ArrayList<>();
      InjectionCheck.Cluster cluster = DataPlaneReader.injection(kube, "istio-system", Set.of("default"), false,
          Set.of("canary"), notes);
      assertThat(c.reads()).contains("/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector-canary");
      assertThat(cluster.injectors().get("canary")).satisfies(s -> {
        assertThat(s.source()).isEqualTo("ConfigMap istio-system/istio-sidecar-injector-canary");
        assertThat(s.proxyImage()).isEqualTo("docker.io/istio/proxyv2:1.28.1");
        assertThat(s.version()).isEqualTo("1.28.1");
        assertThat(s.policy()).isEqualTo("disabled");
        assertThat(s.neverInjectSelector()).hasSize(1);
      });
      assertThat(cluster.injectors().get("default")).satisfies(s -> {
        assertThat(s.source()).isEqualTo("ConfigMap istio-system/istio-sidecar-injector");
        assertThat(s.version()).isEqualTo(flavour == Flavour.LEGACY ? "1.3.0" : "1.27.0");
      });
      assertThat(notes).isEmpty();
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
      // the analyzers run over the same load: only the pod's Namespace is added, for its injection labels
      assertThat(reads).filteredOn(p -> p.startsWith("/api/v1/namespaces/") && !p.substring(19).contains("/"))
          .containsExactly("/api/v1/namespaces/default");
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
      // the article's rule names a v2 subset the fixture runs no pods for: istioctl analyze says so too
      assertThat(d.findings()).extracting(f -> f.level() + " [" + f.source() + "] (" + f.origin() + ") " + f.message())
          .containsExactly("Error [IST0173] (DestinationRule default/wordpress) The Subset v2 defined in the "
              + "DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).");
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
      // the analyzer's mTLS message says the same as the tls-check line: shown once
      assertThat(d.findings()).extracting(PodDescription.Finding::source).containsExactlyElementsOf(legacy
          ? List.of("tls-check", "IST0173") : List.of("tls-check", "IST0101", "IST0173"));
      assertThat(d.findings().get(0).message()).startsWith("CONFLICT wordpress.default.svc.cluster.local:80: "
          + "DestinationRule default/wordpress sets DISABLE but ").contains("fix: set tls.mode ISTIO_MUTUAL");
      if (!legacy) {
        assertThat(d.findings().get(1)).satisfies(f -> {
          assertThat(f.origin()).isEqualTo("Gateway default/wordpress-gateway");
          assertThat(f.message()).isEqualTo("Referenced credentialName not found: \"wordpress-credential\"");
        });
      }

      PodDescription mysql = PodDescriber.of(DataPlaneReader.describe(kube, "istio-system", "default",
          "wordpress-mysql-5d4f6b9c8-x2v7p", Reporter.SILENT), Reporter.SILENT).describe(NOW);
      assertThat(mysql.sidecar()).isNull();
      // IST0103 (pod missing proxy) is the sidecar line again: shown once
      assertThat(mysql.findings()).extracting(PodDescription.Finding::source).containsExactly("sidecar");
      assertThat(mysql.mtls()).singleElement().satisfies(m -> assertThat(m.serverMode()).isEqualTo("NO-SIDECAR"));
      assertThat(mysql.services().get(0).ports().get(0).detectedFrom()).isEqualTo("port name tcp-mysql");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void describeShowsTheAnalyzerFindingsAboutThePodOnly(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      ResourceType vs = c.type(IstioKind.VIRTUAL_SERVICE);
      c.client().raw(vs.path("default") + "/wordpress", "DELETE", null);
      c.seed("""
          apiVersion: v1
          kind: Namespace
          metadata: {name: shop, labels: {istio-injection: enabled}}
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: ratings, namespace: shop}
          spec: {selector: {app: ratings}, ports: [{name: http, port: 9080}]}
          ---
          apiVersion: %1$s
          kind: VirtualService
          metadata: {name: wordpress, namespace: default}
          spec:
            hosts: [wordpress]
            http:
            - route:
              - {destination: {host: wordpress, subset: v1}, weight: 80}
              - {destination: {host: wordpress, subset: v3}, weight: 10}
              - {destination: {host: ratings.shop.svc.cluster.local}, weight: 10}
          ---
          apiVersion: %1$s
          kind: VirtualService
          metadata: {name: cart, namespace: shop}
          spec:
            hosts: [cart]
            http: [{route: [{destination: {host: cart, subset: nope}}]}]
          """.formatted(vs.apiVersion()));
      PodDescription d = PodDescriber.of(DataPlaneReader.describe(kube, "istio-system", "default",
          "wordpress-77f7f9c485-k7tt9", Reporter.SILENT), Reporter.SILENT).describe(NOW);
      assertThat(d.findings()).filteredOn(f -> f.origin() != null && f.origin().startsWith("VirtualService"))
          .extracting(f -> f.level() + " [" + f.source() + "] (" + f.origin() + ") " + f.message())
          .containsExactly("Error [IST0101] (VirtualService default/wordpress) Referenced host+subset in "
              + "destinationrule not found: \"wordpress+v3\"");
      // shop's broken VirtualService is not about this pod, and ratings.shop exists (describe did not read it)
      assertThat(d.findings()).noneMatch(f -> f.message().contains("cart") || f.message().contains("ratings"));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void describeTakesAppProtocolOverThePortName(Flavour flavour) {
    try (MockCluster c = mesh(flavour); Kube kube = c.kube(tmp)) {
      c.seed("""
          apiVersion: v1
          kind: Service
          metadata: {name: wordpress-api, namespace: default}
          spec:
            selector: {app: wordpress, tier: frontend}
            ports:
            - {name: tcp-api, port: 9090, appProtocol: kubernetes.io/h2c}
            - {name: web, port: 9091, appProtocol: grpc}
            - {name: http-admin, port: 9092, appProtocol: example.com/custom}
          """);
      PodDescription d = PodDescriber.of(DataPlaneReader.describe(kube, "istio-system", "default",
          "wordpress-77f7f9c485-k7tt9", Reporter.SILENT), Reporter.SILENT).describe(NOW);
      assertThat(d.services()).filteredOn(s -> s.name().equals("wordpress-api")).singleElement()
          .satisfies(s -> assertThat(s.ports()).extracting(p -> p.port() + " " + p.protocol() + " " + p.detectedFrom())
              .containsExactly("9090 HTTP2 appProtocol kubernetes.io/h2c", "9091 GRPC appProtocol grpc",
                  "9092 null sniffed (appProtocol example.com/custom is not a protocol Istio knows)"));
      // analyze judges the port by the same rule: the sniffed one only
      assertThat(d.findings()).filteredOn(f -> f.source().equals("IST0118")).extracting(PodDescription.Finding::message)
          .containsExactly("Port name http-admin (port: 9092, targetPort: 0) doesn't follow the naming convention of "
              + "Istio port.");
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
