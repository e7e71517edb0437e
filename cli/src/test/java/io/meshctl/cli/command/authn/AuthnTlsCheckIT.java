package io.meshctl.cli.command.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged CLI against a mock API server serving only the legacy APIs (networking v1alpha3 +
 * MeshPolicy) or only the current ones (v1 + PeerAuthentication): discovery picks the versions.
 */
class AuthnTlsCheckIT {

  @TempDir
  Path dir;

  /** The example Deployments' pods as the injector leaves them: template labels plus istio-proxy. */
  static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-77f7f9c485-k7tt9, labels: {app: wordpress, tier: frontend, version: v1,
                 pod-template-hash: 77f7f9c485}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.2"}, {name: istio-proxy, image: proxyv2}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-mysql-5d4f6b9c8-x2v7p, labels: {app: wordpress, tier: mysql, version: v1}}
      spec: {containers: [{name: mysql, image: "mysql:5.6"}, {name: istio-proxy, image: proxyv2}]}
      """;

  static String mtls(Flavour f) {
    return f == Flavour.LEGACY ? "mesh-legacy/mtls-meshpolicy.yaml" : "mesh-current/mtls-peerauthentication.yaml";
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void seedScenarioLive(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour)) {
      cluster.seed(Examples.path("wordpress")).seed(PODS).seed(Examples.path(mtls(flavour)))
          .seed(Examples.path(flavour.examples() + "/istio-configmap.yaml"))
          .seed(Examples.path(flavour.examples() + "/destinationrule-mysql-disable.yaml"));
      String kubeconfig = cluster.writeKubeconfig(dir).toString();
      String policy = flavour == Flavour.LEGACY ? "/default" : "istio-system/default";

      CommandRun conflict = Launcher.run("authn", "tls-check", "wordpress-77f7f9c485-k7tt9.default", "--kubeconfig",
          kubeconfig, "-o", "json").assertExit(79);
      var rows = ManifestReader.parse(conflict.out(), "out.json").get(0).tree();
      assertThat(rows).hasSize(2);
      var mysql = rows.get(0);
      assertThat(mysql.path("host").asText()).isEqualTo("wordpress-mysql.default.svc.cluster.local");
      assertThat(mysql.path("status").asText()).isEqualTo("CONFLICT");
      assertThat(mysql.path("server").asText()).isEqualTo("STRICT");
      assertThat(mysql.path("client").asText()).isEqualTo("DISABLE");
      assertThat(mysql.path("authnPolicy").asText()).isEqualTo(policy);
      assertThat(mysql.path("fix").asText()).contains("ISTIO_MUTUAL");
      // legacy: auto mTLS off and no rule for wordpress, so its clients send plaintext to a STRICT server
      assertThat(rows.get(1).path("status").asText()).isEqualTo(flavour == Flavour.LEGACY ? "CONFLICT" : "AUTO");

      cluster.seed(Examples.path(flavour.examples() + "/wordpress-gateway.yaml"));
      cluster.client().genericKubernetesResources(cluster.type(
          io.meshctl.core.cluster.IstioKind.DESTINATION_RULE).apiVersion(), "DestinationRule")
          .inNamespace("default").withName("wordpress-mysql").delete();
      cluster.seed(Examples.path(flavour.examples() + "/destinationrule-mysql-mutual.yaml"));
      CommandRun ok = Launcher.run("authn", "tls-check", "wordpress-77f7f9c485-k7tt9", "wordpress-mysql",
          "--kubeconfig", kubeconfig).assertOk();
      assertThat(ok.out()).contains("wordpress-mysql.default.svc.cluster.local:3306     OK     ").contains("ISTIO_MUTUAL");

      CommandRun missing = Launcher.run("authn", "tls-check", "nope.default", "--kubeconfig", kubeconfig)
          .assertExit(66);
      assertThat(missing.err()).contains("pod nope not found in namespace default");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void malformedPolicyInTheClusterIs65(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour)) {
      cluster.seed(Examples.path("wordpress")).seed(PODS).seed(flavour == Flavour.LEGACY ? """
          apiVersion: authentication.istio.io/v1alpha1
          kind: Policy
          metadata: {name: mysql, namespace: default}
          spec: {targets: [{name: wordpress-mysql}], peers: [{mtls: {mode: SOMETIMES}}]}
          """ : """
          apiVersion: security.istio.io/v1
          kind: PeerAuthentication
          metadata: {name: mysql, namespace: default}
          spec: {selector: {matchLabels: {tier: mysql}}, mtls: {mode: SOMETIMES}}
          """);
      CommandRun run = Launcher.run("authn", "tls-check", "wordpress-77f7f9c485-k7tt9", "--kubeconfig",
          cluster.writeKubeconfig(dir).toString()).assertExit(65);
      assertThat(run.err()).contains(flavour == Flavour.LEGACY ? "Policy default/mysql: spec.peers[0].mtls.mode"
          : "PeerAuthentication default/mysql: spec.mtls.mode");
      assertThat(run.out()).isEmpty();
    }
  }
}
