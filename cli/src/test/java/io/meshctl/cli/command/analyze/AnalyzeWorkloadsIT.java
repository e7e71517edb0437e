package io.meshctl.cli.command.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The analyzers of analyze.md §8.9-8.15 through the packaged launcher: the article's MySQL mTLS
 * conflict (MSH0001) from files and from a cluster in both API flavours, with the workload and
 * injection findings a live mesh adds.
 */
class AnalyzeWorkloadsIT {

  @TempDir
  Path dir;

  private static String example(String relative) {
    return Examples.path(relative).toString();
  }

  private static List<JsonNode> messages(CommandRun run) {
    List<JsonNode> out = new ArrayList<>();
    ManifestReader.parse(run.out(), "out.json").get(0).tree().forEach(out::add);
    return out;
  }

  @Test
  void mysqlConflictFromFilesAsJson() {
    CommandRun run = Launcher.run("analyze", "--use-kube=false", "-o", "json", "-f", example("wordpress"),
        "-f", example("mesh-current/mtls-peerauthentication.yaml"), "-f", example("mesh-current/istio-configmap.yaml"),
        "-f", example("mesh-current/wordpress-gateway.yaml"),
        "-f", example("mesh-current/destinationrule-mysql-disable.yaml")).assertExit(79);
    List<JsonNode> messages = messages(run);
    assertThat(messages).hasSize(1);
    JsonNode m = messages.get(0);
    assertThat(m.path("code").asText()).isEqualTo("MSH0001");
    assertThat(m.path("level").asText()).isEqualTo("Error");
    assertThat(m.path("origin").asText()).isEqualTo("DestinationRule default/wordpress-mysql");
    // the line of tls.mode in the file
    assertThat(m.path("reference").asText()).endsWith("destinationrule-mysql-disable.yaml:13");
    assertThat(m.path("message").asText()).contains("wordpress-mysql.default.svc.cluster.local:3306")
        .contains("sets DISABLE but mesh-wide PeerAuthentication istio-system/default sets STRICT");

    // the fixed rule: nothing left, exit 0
    Launcher.run("analyze", "--use-kube=false", "-f", example("wordpress"),
        "-f", example("mesh-current/mtls-peerauthentication.yaml"), "-f", example("mesh-current/istio-configmap.yaml"),
        "-f", example("mesh-current/wordpress-gateway.yaml"),
        "-f", example("mesh-current/destinationrule-mysql-mutual.yaml")).assertOk();
  }

  @Test
  void schemaErrorsNameTheFieldAndLine() throws Exception {
    Path vs = dir.resolve("vs.yaml");
    java.nio.file.Files.writeString(vs, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: default}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: -5
        """);
    CommandRun run = Launcher.run("analyze", "--use-kube=false", "-f", vs.toString()).assertExit(79);
    assertThat(run.out()).contains("Error [IST0106] (VirtualService default/reviews " + vs + ":9) Schema validation "
        + "error: spec.http[0].route[0].weight: weight -5 < 0");
  }

  /** An injected namespace with a pod that lost its sidecar, and the article's rules. */
  @ParameterizedTest
  @EnumSource(Flavour.class)
  void liveMeshBothFlavours(Flavour flavour) {
    String mtls = flavour == Flavour.LEGACY ? "mesh-legacy/mtls-meshpolicy.yaml" : "mesh-current/mtls-peerauthentication.yaml";
    try (MockCluster cluster = MockCluster.start(flavour)) {
      cluster.seed(Examples.path("wordpress")).seed(Examples.path(mtls))
          .seed(Examples.path(flavour.examples() + "/istio-configmap.yaml"))
          .seed(Examples.path(flavour.examples() + "/wordpress-gateway.yaml"))
          .seed(Examples.path(flavour.examples() + "/destinationrule-mysql-disable.yaml"))
          .seed("""
              apiVersion: v1
              kind: Namespace
              metadata: {name: default, labels: {istio-injection: enabled}}
              ---
              apiVersion: v1
              kind: Pod
              metadata: {name: wordpress-mysql-5d4f6b9c8-x2v7p, namespace: default,
                         labels: {app: wordpress, tier: mysql, version: v1}}
              spec: {containers: [{name: mysql, image: "mysql:5.6"}, {name: istio-proxy, image: proxyv2}]}
              status:
                phase: Running
                containerStatuses:
                - {name: mysql, ready: true, restartCount: 0, image: "mysql:5.6"}
                - {name: istio-proxy, ready: true, restartCount: 0, image: proxyv2}
              ---
              apiVersion: v1
              kind: Pod
              metadata: {name: wordpress-77f7f9c485-k7tt9, namespace: default,
                         labels: {app: wordpress, tier: frontend, version: v1}}
              spec: {containers: [{name: wordpress, image: "wordpress:php7.2"}]}
              status:
                phase: Running
                containerStatuses:
                - {name: wordpress, ready: true, restartCount: 0, image: "wordpress:php7.2"}
              """);
      String kubeconfig = cluster.writeKubeconfig(dir).toString();
      CommandRun run = Launcher.run("analyze", "--kubeconfig", kubeconfig, "-o", "yaml").assertExit(79);
      List<String> codes = new ArrayList<>();
      ManifestReader.parse(run.out(), "out.yaml").get(0).tree().forEach(m -> codes.add(m.path("code").asText()
          + " " + m.path("origin").asText()));
      assertThat(codes).contains("MSH0001 DestinationRule default/wordpress-mysql",
          "IST0103 Pod default/wordpress-77f7f9c485-k7tt9");
      // cluster objects have no file reference
      assertThat(run.out()).doesNotContain("reference:");

      // suppressed by code and resource glob: only the conflict stays, still exit 79
      CommandRun suppressed = Launcher.run("analyze", "--kubeconfig", kubeconfig, "-S", "IST0103=Pod default/*")
          .assertExit(79);
      assertThat(suppressed.out()).contains("[MSH0001]").doesNotContain("[IST0103]");
    }
  }
}
