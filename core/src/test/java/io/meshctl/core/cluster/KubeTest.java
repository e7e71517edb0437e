package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KubeTest {

  @TempDir
  Path dir;

  @Test
  void legacyClusterServesV1alpha3AndMeshPolicy() {
    try (MockCluster cluster = MockCluster.start(Flavour.LEGACY); Kube kube = cluster.kube(dir)) {
      IstioApis apis = kube.istio();
      assertThat(apis.require(IstioKind.VIRTUAL_SERVICE).apiVersion()).isEqualTo("networking.istio.io/v1alpha3");
      assertThat(apis.require(IstioKind.DESTINATION_RULE).version()).isEqualTo("v1alpha3");
      assertThat(apis.require(IstioKind.MESH_POLICY).namespaced()).isFalse();
      assertThat(apis.find(IstioKind.PEER_AUTHENTICATION)).isEmpty();
      assertThat(apis.legacyAuthentication()).isTrue();
    }
  }

  @Test
  void currentClusterServesV1AndPeerAuthentication() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT); Kube kube = cluster.kube(dir)) {
      IstioApis apis = kube.istio();
      assertThat(apis.require(IstioKind.VIRTUAL_SERVICE).apiVersion()).isEqualTo("networking.istio.io/v1");
      assertThat(apis.require(IstioKind.PEER_AUTHENTICATION).apiVersion()).isEqualTo("security.istio.io/v1");
      assertThat(apis.find(IstioKind.MESH_POLICY)).isEmpty();
      assertThat(apis.legacyAuthentication()).isFalse();
      assertThatThrownBy(() -> apis.require(IstioKind.POLICY)).isInstanceOf(MeshctlException.NotFound.class)
          .hasMessageContaining("Policy API (authentication.istio.io v1alpha1)");
    }
  }

  @Test
  void discoveryUsesApisGroupListWhenTheServerHasOne() {
    String groups = """
        {"kind":"APIGroupList","groups":[{"name":"networking.istio.io","versions":[{"version":"v1beta1"},{"version":"v1alpha3"}]}]}
        """;
    String v1beta1 = """
        {"kind":"APIResourceList","resources":[{"name":"virtualservices","kind":"VirtualService","namespaced":true},
         {"name":"virtualservices/status","kind":"VirtualService","namespaced":true}]}
        """;
    String v1alpha3 = """
        {"kind":"APIResourceList","resources":[{"name":"virtualservices","kind":"VirtualService"},
         {"name":"destinationrules","kind":"DestinationRule"}]}
        """;
    java.util.List<String> asked = new java.util.ArrayList<>();
    IstioApis apis = IstioApis.discover(path -> {
      asked.add(path);
      String body = switch (path) {
        case "/apis" -> groups;
        case "/apis/networking.istio.io/v1beta1" -> v1beta1;
        case "/apis/networking.istio.io/v1alpha3" -> v1alpha3;
        default -> null;
      };
      return body == null ? java.util.Optional.empty()
          : java.util.Optional.of(ManifestReader.parse(body, "x.json").get(0).tree());
    });
    assertThat(apis.require(IstioKind.VIRTUAL_SERVICE).version()).isEqualTo("v1beta1");
    assertThat(apis.require(IstioKind.DESTINATION_RULE).version()).isEqualTo("v1alpha3");
    // versions not advertised in /apis are never probed
    assertThat(asked).doesNotContain("/apis/networking.istio.io/v1", "/apis/security.istio.io/v1");
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void createGetListReplaceRoundTripTrees(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour); Kube kube = cluster.kube(dir)) {
      ResourceType vsType = kube.istio().require(IstioKind.VIRTUAL_SERVICE);
      ObjectNode vs = (ObjectNode) ManifestReader.parse("""
          apiVersion: %s
          kind: VirtualService
          metadata:
            name: wordpress
            namespace: default
          spec:
            hosts: [wordpress]
            x-unknown-field: kept
          """.formatted(vsType.apiVersion()), "vs.yaml").get(0).tree();
      kube.create(vsType, "default", vs);
      ObjectNode stored = kube.get(vsType, "default", "wordpress").orElseThrow();
      assertThat(stored.at("/spec/x-unknown-field").asText()).isEqualTo("kept");
      assertThat(kube.list(vsType, "default")).hasSize(1);
      assertThat(kube.list(vsType, null)).hasSize(1);
      assertThat(kube.get(vsType, "default", "absent")).isEmpty();

      stored.with("spec").put("x-unknown-field", "changed");
      kube.replace(vsType, "default", stored);
      assertThat(kube.get(vsType, "default", "wordpress").orElseThrow().at("/spec/x-unknown-field").asText())
          .isEqualTo("changed");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void examplesSeedIntoTheirFlavour(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour); Kube kube = cluster.kube(dir)) {
      cluster.seed(Examples.path("wordpress"));
      cluster.seed(Examples.path(flavour.examples() + "/wordpress-gateway.yaml"));
      cluster.seed(Examples.path(flavour.examples() + "/destinationrule-mysql-disable.yaml"));
      ResourceType dr = kube.istio().require(IstioKind.DESTINATION_RULE);
      assertThat(kube.list(dr, "default")).extracting(o -> o.at("/metadata/name").asText())
          .containsExactlyInAnyOrder("wordpress", "wordpress-mysql");
      assertThat(kube.get(kube.istio().require(IstioKind.VIRTUAL_SERVICE), "default", "wordpress")).isPresent();
      assertThat(kube.list(ResourceType.SERVICE, "default")).hasSize(2);
    }
  }

  @Test
  void staleResourceVersionIsAConflict() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT); Kube kube = cluster.kube(dir)) {
      cluster.seed("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: c}
          data: {a: "1"}
          """);
      ObjectNode first = kube.get(ResourceType.CONFIG_MAP, "default", "c").orElseThrow();
      ObjectNode second = first.deepCopy();
      first.with("data").put("a", "2");
      kube.replace(ResourceType.CONFIG_MAP, "default", first);
      second.with("data").put("a", "3");
      assertThatThrownBy(() -> kube.replace(ResourceType.CONFIG_MAP, "default", second))
          .isInstanceOf(MeshctlException.Conflict.class);
    }
  }

  @Test
  void namespaceComesFromTheContext() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT);
        Kube kube = Kube.connect(new ClusterOptions(cluster.writeKubeconfig(dir, "blog"), null, null, null, null),
            Map.of())) {
      assertThat(kube.namespace()).isEqualTo("blog");
    }
  }

  @Test
  void unknownContextIsAUsageError() {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT)) {
      Path kc = cluster.writeKubeconfig(dir);
      assertThatThrownBy(() -> Kube.connect(new ClusterOptions(kc, "prod", null, null, null), Map.of()))
          .isInstanceOf(MeshctlException.Usage.class).hasMessageContaining("context \"prod\" does not exist");
    }
  }

  @Test
  void unreachableServerIsUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path kc = Files.writeString(dir.resolve("kc"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        users: [{name: u, user: {token: t}}]
        current-context: c
        """.formatted(port));
    try (Kube kube = Kube.connect(new ClusterOptions(kc, null, null, null, Duration.ofSeconds(2)), Map.of())) {
      assertThatThrownBy(kube::istio).isInstanceOf(MeshctlException.Unavailable.class)
          .hasMessageContaining("cannot reach the API server at http://127.0.0.1:" + port);
    }
  }

  @Test
  void noKubeconfigAnywhereIsUnavailableWithAHint() {
    String home = System.getProperty("user.home");
    try {
      System.setProperty("user.home", dir.toString());
      assertThatThrownBy(() -> Kube.connect(ClusterOptions.defaults(), Map.of()))
          .isInstanceOf(MeshctlException.Unavailable.class).hasMessageContaining("use -f");
    } finally {
      System.setProperty("user.home", home);
    }
  }
}
