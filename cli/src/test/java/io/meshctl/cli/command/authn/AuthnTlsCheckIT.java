package io.meshctl.cli.command.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
      assertThat(missing.err()).contains("pod \"nope\" not found in namespace \"default\"");
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

  /** The article's legacy mesh, one file per argument: the policy, the mesh config, the gateway and a mysql rule. */
  static List<String> articleFiles(String mysqlRule) {
    Path legacy = Examples.path("mesh-legacy");
    List<String> files = new ArrayList<>(List.of(Examples.path("wordpress").toString()));
    for (String f : List.of("mtls-meshpolicy.yaml", "istio-configmap.yaml", "wordpress-gateway.yaml", mysqlRule)) {
      files.add(legacy.resolve(f).toString());
    }
    return files;
  }

  static CommandRun offline(List<String> files, String... more) {
    List<String> args = new ArrayList<>(List.of("authn", "tls-check", "--all"));
    files.forEach(f -> args.addAll(List.of("-f", f)));
    args.addAll(List.of(more));
    return Launcher.run(null, Map.of("HOME", "/nonexistent"), null, args.toArray(String[]::new));
  }

  /** A CI gate must not depend on file order: two different definitions of one rule are refused in every order. */
  @Test
  void conflictingDefinitionsAre65InEveryOrderOfTheFiles() {
    Path legacy = Examples.path("mesh-legacy");
    String disable = legacy.resolve("destinationrule-mysql-disable.yaml").toString();
    String mutual = legacy.resolve("destinationrule-mysql-mutual.yaml").toString();
    List<String> files = articleFiles("destinationrule-mysql-disable.yaml");
    files.add(mutual);
    CommandRun forward = offline(files).assertExit(65);
    assertThat(forward.err()).isEqualTo("error: " + disable + ":5 and " + mutual + ":3 both define DestinationRule "
        + "default/wordpress-mysql with different content: keep one\n");
    assertThat(forward.out()).isEmpty();
    Collections.reverse(files);
    CommandRun backward = offline(files).assertExit(65);
    assertThat(backward.err()).isEqualTo("error: " + mutual + ":3 and " + disable + ":5 both define DestinationRule "
        + "default/wordpress-mysql with different content: keep one\n");
    assertThat(backward.out()).isEmpty();
    // the directory as the docs have it: both alternatives in it
    offline(List.of(Examples.path("wordpress").toString(), legacy.toString())).assertExit(65);
  }

  @Test
  void anIdenticalCopyOfAFileChangesNothingAndTheVerdictIgnoresOrder() throws IOException {
    List<String> files = articleFiles("destinationrule-mysql-disable.yaml");
    CommandRun once = offline(files, "-o", "json").assertExit(79);
    Path copy = Files.copy(Path.of(files.get(files.size() - 1)), dir.resolve("mysql-rule-copy.yaml"));
    files.add(0, copy.toString());
    CommandRun twice = offline(files, "-o", "json").assertExit(79);
    assertThat(twice.out()).isEqualTo(once.out()).contains("CONFLICT");
    Collections.reverse(files);
    assertThat(offline(files, "-o", "json").assertExit(79).out()).isEqualTo(once.out());
  }

  @Test
  void aWorkloadWithoutANameIs65OnOneLine() throws IOException {
    Path f = Files.writeString(dir.resolve("unnamed.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          labels: {app: web}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: nginx}]}
        """);
    CommandRun run = offline(List.of(f.toString())).assertExit(65);
    assertThat(run.err()).isEqualTo("error: " + f + ":1: Deployment has no metadata.name: give it a name\n");
    assertThat(run.out()).isEmpty();
    CommandRun pod = Launcher.run(null, Map.of("HOME", "/nonexistent"), null, "authn", "tls-check", "web-1", "-f",
        f.toString()).assertExit(65);
    assertThat(pod.err()).isEqualTo(run.err());
  }
}
