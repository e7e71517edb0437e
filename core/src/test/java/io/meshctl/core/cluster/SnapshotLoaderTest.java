package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.core.Reporter;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which lists a question makes the API server answer: only the namespaces it involves (so
 * namespace-scoped RBAC is enough and a big cluster is not read whole), cluster-wide only for
 * questions that span the mesh.
 */
class SnapshotLoaderTest {

  @TempDir
  Path tmp;

  /** Object lists (not discovery) among the paths read: "pods", "namespaces/default/pods", ... */
  private static final Pattern LIST = Pattern.compile(
      ".*/(pods|services|destinationrules|virtualservices|peerauthentications|policies|meshpolicies|rollouts)$");

  private static List<String> lists(MockCluster cluster) {
    return cluster.reads().stream().filter(p -> LIST.matcher(p).matches())
        .map(p -> p.replaceFirst("^/apis?/([^/]+/)?v[0-9a-z]+/", "")).toList();
  }

  private static MockCluster seeded(Flavour flavour) {
    return MockCluster.start(flavour).seed(Examples.path("wordpress"))
        .seed(Examples.path(flavour.examples()).resolve("wordpress-gateway.yaml"))
        .seed("""
            apiVersion: v1
            kind: Pod
            metadata: {name: elsewhere, namespace: third, labels: {app: x}}
            spec: {containers: [{name: app, image: x}]}
            """);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void oneServiceReadsTheClientsTheServicesAndTheRootNamespace(Flavour flavour) {
    try (MockCluster cluster = seeded(flavour); Kube kube = cluster.kube(tmp)) {
      cluster.clearRequests();
      MeshSnapshot s = SnapshotLoader.forService(kube, "istio-system", "default", "shop");
      List<String> lists = lists(cluster);
      assertThat(lists).allMatch(p -> p.startsWith("namespaces/default/") || p.startsWith("namespaces/shop/")
          || p.startsWith("namespaces/istio-system/") || p.equals("meshpolicies"), "namespaced lists only")
          .contains("namespaces/default/pods", "namespaces/shop/services", "namespaces/istio-system/destinationrules",
              "namespaces/default/destinationrules", "namespaces/shop/destinationrules");
      assertThat(s.pods()).extracting(MeshSnapshot.Pod::namespace).doesNotContain("third");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theWholeMeshIsReadClusterWide(Flavour flavour) {
    try (MockCluster cluster = seeded(flavour); Kube kube = cluster.kube(tmp)) {
      cluster.clearRequests();
      MeshSnapshot s = SnapshotLoader.meshWide(kube, "istio-system");
      assertThat(lists(cluster)).contains("pods", "services", "destinationrules");
      assertThat(s.pods()).extracting(MeshSnapshot.Pod::namespace).contains("third");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aRouteReadsItsNamespaceTheRootAndWhereItsVirtualServicesSend(Flavour flavour) {
    try (MockCluster cluster = seeded(flavour); Kube kube = cluster.kube(tmp)) {
      cluster.seed("""
          apiVersion: %s
          kind: VirtualService
          metadata: {name: books, namespace: default}
          spec:
            hosts: [books]
            http: [{route: [{destination: {host: reviews.books.svc.cluster.local, subset: v1}}]}]
          """.formatted(cluster.type(IstioKind.VIRTUAL_SERVICE).apiVersion()));
      cluster.clearRequests();
      MeshSnapshot s = SnapshotLoader.forRoute(kube, "istio-system", "wordpress", Reporter.SILENT);
      assertThat(lists(cluster)).allMatch(p -> p.matches("namespaces/(default|istio-system|books)/.*"))
          .contains("namespaces/default/virtualservices", "namespaces/default/rollouts",
              "namespaces/books/destinationrules", "namespaces/istio-system/destinationrules")
          .doesNotContain("namespaces/istio-system/virtualservices");
      assertThat(s.virtualServices()).hasSize(2);
      assertThat(s.pods()).extracting(MeshSnapshot.Pod::namespace).doesNotContain("third");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void routeShowReadsVirtualServicesOnly(Flavour flavour) {
    try (MockCluster cluster = seeded(flavour); Kube kube = cluster.kube(tmp)) {
      cluster.clearRequests();
      MeshSnapshot one = SnapshotLoader.virtualServices(kube, "default");
      assertThat(lists(cluster)).containsExactly("namespaces/default/virtualservices");
      MeshSnapshot all = SnapshotLoader.virtualServices(kube, null);
      assertThat(lists(cluster)).containsExactly("virtualservices");
      assertThat(one.virtualServices()).hasSize(1);
      assertThat(all.virtualServices()).hasSize(1);
      assertThat(all.pods()).isEmpty();
    }
  }
}
