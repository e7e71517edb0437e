package io.meshctl.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.testkit.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live settings: the injector and mesh ConfigMaps on a mock cluster of each flavour give the same
 * injected pods as the files of the same content ({@link InjectionGoldenTest}'s goldens), and the
 * nodes' kubelets decide the native sidecar.
 */
class ClusterSettingsInjectionTest {

  private static final Path DIR = Path.of("src/test/resources/inject");

  @TempDir
  Path tmp;

  @Test
  void currentClusterConfigMapsGiveTheValuesFileGolden() throws IOException {
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      seedConfigMaps(cluster, "istio-system", "", Files.readString(DIR.resolve("injector-values.json")),
          "defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ntrustDomain: cluster.local\n");
      node(cluster, "node-a", "v1.32.4");
      node(cluster, "node-b", "v1.34.0");
      try (InjectionSources.Resolved r = InjectionSources.resolve(request(cluster, null, null))) {
        assertThat(r.config().origin().describe()).isEqualTo("Istio 1.26.3 from ConfigMap istio-system/istio-sidecar-injector");
        NativeSidecars n = NativeSidecars.fromCluster(r.kube());
        assertThat(n.nativeShape()).isFalse();
        assertThat(n.reason()).contains("v1.32.4");
        assertGolden(r.config(), Shape.CLASSIC, "from-values-file.yaml");
      }
    }
  }

  @Test
  void anIstio13ClusterGivesThe1xShapeWithoutAnyFlag() throws IOException {
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.LEGACY)) {
      String config = "policy: enabled\ntemplate: |-\n  initContainers:\n  - name: istio-init\n";
      seedConfigMaps(cluster, "istio-system", "", Files.readString(DIR.resolve("injector-values-1.3.json")),
          Files.readString(DIR.resolve("mesh-1.3.yaml.conf")), config);
      try (InjectionSources.Resolved r = InjectionSources.resolve(request(cluster, null, null))) {
        assertThat(r.config().legacy()).isTrue();
        assertThat(r.config().origin().describe()).isEqualTo("Istio 1.3.8 from ConfigMap istio-system/istio-sidecar-injector");
        assertGolden(r.config(), Shape.ISTIO_1_3, "from-istio-1.3-values.yaml");
      }
    }
  }

  @Test
  void aRevisionReadsItsOwnConfigMapsAndEveryNodeAt133IsNative() throws IOException {
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      seedConfigMaps(cluster, "istio-system", "-canary", "{\"global\":{\"hub\":\"docker.io/istio\",\"tag\":\"1.27.0\"},"
          + "\"revision\":\"canary\"}", "trustDomain: cluster.local\n");
      node(cluster, "node-a", "v1.33.1");
      node(cluster, "node-b", "v1.34.0");
      try (InjectionSources.Resolved r = InjectionSources.resolve(request(cluster, true, "canary"))) {
        assertThat(r.config().origin().source()).isEqualTo("ConfigMap istio-system/istio-sidecar-injector-canary");
        assertThat(NativeSidecars.fromCluster(r.kube()).nativeShape()).isTrue();
        assertGolden(r.config(), Shape.CLASSIC, "revision.yaml");
      }
      // the default revision is not installed here: that is said, with the way out
      assertThatThrownBy(() -> InjectionSources.resolve(request(cluster, null, null)))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessageContaining("ConfigMap istio-system/istio-sidecar-injector not found")
          .hasMessageContaining("--use-kube=false");
    }
  }

  @Test
  void noKubeconfigMeansBundledAndSaysSo() {
    InjectionSources.Request r = new InjectionSources.Request(ClusterOptions.defaults(),
        Map.of("HOME", tmp.toString()), null, null, null, null, null, null, InjectionConfig.ImageOverrides.NONE, false);
    try (InjectionSources.Resolved resolved = InjectionSources.resolve(r)) {
      assertThat(resolved.kube()).isNull();
      assertThat(resolved.config().origin().describe()).isEqualTo("bundled 1.27 (no kubeconfig)");
    }
    assertThat(NativeSidecars.offline(null).nativeShape()).isFalse();
    assertThat(NativeSidecars.offline("1.33").nativeShape()).isTrue();
    assertThat(NativeSidecars.offline("1.32").nativeShape()).isFalse();
  }

  private InjectionSources.Request request(MockCluster cluster, Boolean useKube, String revision) {
    ClusterOptions options = new ClusterOptions(cluster.writeKubeconfig(tmp), null, null, "istio-system", null);
    return new InjectionSources.Request(options, Map.of("HOME", tmp.toString()), useKube, revision, null, null, null, null,
        InjectionConfig.ImageOverrides.NONE, false);
  }

  private static void assertGolden(InjectionConfig config, Shape shape, String golden) throws IOException {
    String input = Files.readString(DIR.resolve(golden));
    InjectionGoldenTest.Case c = new InjectionGoldenTest.Case(DIR.resolve(golden), config, shape, false);
    String out = InjectionGoldenTest.run(c, InjectionService.Mode.INJECT, input, golden).output();
    String expected = Files.readString(DIR.resolve(golden + ".injected"));
    assertThat(TreeDiff.first(expected, out)).as(golden + ": first differing field").isNull();
  }

  private static void seedConfigMaps(MockCluster cluster, String ns, String suffix, String values, String mesh) {
    seedConfigMaps(cluster, ns, suffix, values, mesh, "defaultTemplates: [sidecar]\npolicy: enabled\ntemplates:\n  sidecar: ''\n");
  }

  private static void seedConfigMaps(MockCluster cluster, String ns, String suffix, String values, String mesh, String config) {
    var injector = Trees.obj("apiVersion", "v1", "kind", "ConfigMap",
        "metadata", Trees.obj("name", "istio-sidecar-injector" + suffix, "namespace", ns),
        "data", Trees.obj("config", config, "values", values));
    var meshCm = Trees.obj("apiVersion", "v1", "kind", "ConfigMap", "metadata", Trees.obj("name", "istio" + suffix, "namespace", ns),
        "data", Trees.obj("mesh", mesh));
    cluster.create(injector);
    cluster.create(meshCm);
  }

  private static void node(MockCluster cluster, String name, String kubelet) {
    cluster.client().raw("/api/v1/nodes", "POST", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name
        + "\"},\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"" + kubelet + "\"}}}");
  }
}
