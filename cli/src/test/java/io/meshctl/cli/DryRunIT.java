package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Kubectl;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --dry-run[=none|client|server]} on the commands that write to the cluster, through the
 * packaged CLI against the mock API server: what is sent (the recorded requests), what is stored
 * (nothing), and whether kubectl, as an independent checker, accepts the printed manifest.
 */
class DryRunIT {

  private static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-v1-7f9c4, labels: {app: wordpress, version: v1}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.2"}]}
      status: {phase: Running, containerStatuses: [{name: wordpress, ready: true, restartCount: 0, image: "wordpress:php7.2", imageID: "", started: true, state: {running: {startedAt: "2026-01-01T00:00:00Z"}}}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-v2-5d8b6, labels: {app: wordpress, version: v2}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.3"}]}
      status: {phase: Running, containerStatuses: [{name: wordpress, ready: true, restartCount: 0, image: "wordpress:php7.3", imageID: "", started: true, state: {running: {startedAt: "2026-01-01T00:00:00Z"}}}]}
      """;

  @TempDir
  Path tmp;

  private Path kubeconfig;

  private MockCluster start(Flavour flavour) {
    MockCluster cluster = MockCluster.start(flavour).seed(Examples.path("wordpress"))
        .seed(Examples.path(flavour.examples()).resolve("wordpress-gateway.yaml")).seed(PODS);
    kubeconfig = cluster.writeKubeconfig(tmp);
    cluster.clearRequests();
    return cluster;
  }

  private CommandRun meshctl(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (kubeconfig != null) {
      all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    }
    return Launcher.run(stdin, Map.of("NO_COLOR", "1"), tmp, all.toArray(String[]::new));
  }

  private static JsonNode document(String yaml) {
    return ManifestReader.parse(yaml, "stdout").get(0).tree();
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void routeClientDryRunSendsNothingAndPrintsAManifestKubectlApplies(Flavour flavour) {
    try (MockCluster c = start(flavour)) {
      ResourceType vs = c.type(IstioKind.VIRTUAL_SERVICE);
      ObjectNode before = c.get(vs, "default", "wordpress").orElseThrow();
      // a bare --dry-run is client, and does not take the HOST after it as its value
      CommandRun run = meshctl(null, "route", "--dry-run", "wordpress", "v1=75", "v2=25").assertOk();
      assertThat(c.writes()).isEmpty();
      assertThat(c.get(vs, "default", "wordpress").orElseThrow()).isEqualTo(before);
      assertThat(run.err()).endsWith("dry run: VirtualService default/wordpress would be updated; nothing was sent "
          + "to the cluster\n");
      JsonNode printed = document(run.out());
      assertThat(printed.at("/spec/http/0/route/0/weight").asInt()).isEqualTo(75);
      assertThat(printed.path("apiVersion").asText()).isEqualTo(vs.apiVersion());
      assertThat(printed.at("/metadata/namespace").asText()).isEqualTo("default");

      // kubectl reads it and sends it as its own server-side dry run: the result has the new split, nothing stored
      Kubectl.Result applied = Kubectl.run(kubeconfig, run.out(), "apply", "--dry-run=server", "--validate=false",
          "-f", "-", "-o", "json");
      assertThat(applied.exit()).as(applied.err()).isZero();
      assertThat(applied.out()).contains("\"weight\": 75");
      assertThat(c.writes()).singleElement().asString().contains("dryRun=All");
      assertThat(c.get(vs, "default", "wordpress").orElseThrow()).isEqualTo(before);
      assertThat(meshctl(null, "route", "wordpress", "v1=75", "v2=25", "--dry-run=client").assertOk().out())
          .isEqualTo(run.out());
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void routeServerDryRunSendsTheWriteWithDryRunAllAndStoresNothing(Flavour flavour) {
    try (MockCluster c = start(flavour)) {
      ResourceType vs = c.type(IstioKind.VIRTUAL_SERVICE);
      ObjectNode before = c.get(vs, "default", "wordpress").orElseThrow();
      CommandRun run = meshctl(null, "route", "wordpress", "v1=75", "v2=25", "--dry-run=server").assertOk();
      assertThat(c.writes()).containsExactly("PUT " + vs.path("default") + "/wordpress?dryRun=All");
      assertThat(c.get(vs, "default", "wordpress").orElseThrow()).isEqualTo(before);
      assertThat(run.err()).endsWith("server dry run: VirtualService default/wordpress: the API server accepted the "
          + "update; nothing was stored\n");
      assertThat(document(run.out()).at("/spec/http/0/route/1/weight").asInt()).isEqualTo(25);

      // none really writes, without the query parameter
      meshctl(null, "route", "wordpress", "v1=75", "v2=25", "--dry-run=none").assertOk();
      assertThat(c.writes()).containsExactly("PUT " + vs.path("default") + "/wordpress");
      assertThat(c.get(vs, "default", "wordpress").orElseThrow().at("/spec/http/0/route/0/weight").asInt())
          .isEqualTo(75);
    }
  }

  @Test
  void routeServerDryRunOnFilesIsAUsageError() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("k8s"));
    for (String f : List.of("wordpress")) {
      try (var files = Files.list(Examples.path(f))) {
        for (Path p : files.toList()) {
          Files.copy(p, dir.resolve(p.getFileName()));
        }
      }
    }
    CommandRun run = meshctl(null, "route", "-f", "k8s", "wordpress", "v1=75", "v2=25", "--dry-run=server")
        .assertExit(64);
    assertThat(run.err()).isEqualTo("error: --dry-run=server needs the cluster, and with -f meshctl reads and prints "
        + "files and sends nothing: drop -f, or use --dry-run=client\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void certUploadServerDryRunIsCheckedByTheServerAndStoresNothing() {
    meshctl(null, "cert", "issue", "server", "--host", "blog.datadoc.info", "--cert", "fullchain.pem", "--key",
        "privkey.pem").assertOk();
    try (MockCluster c = start(Flavour.LEGACY)) {
      CommandRun run = meshctl(null, "cert", "upload", "--cert", "fullchain.pem", "--key", "privkey.pem",
          "--gateway", "wordpress-gateway", "--dry-run=server").assertOk();
      assertThat(c.writes()).containsExactly("POST /api/v1/namespaces/istio-system/secrets?dryRun=All");
      assertThat(c.get(ResourceType.SECRET, "istio-system", "istio-ingressgateway-certs")).isEmpty();
      assertThat(run.err()).contains("warning: the printed Secret's tls.key is REDACTED (not base64: kubectl apply "
          + "refuses it); pass --show-secrets to print the private key\n", "server dry run: secret "
          + "istio-system/istio-ingressgateway-certs (kubernetes.io/tls: tls.crt, tls.key) passed every check and the "
          + "API server accepted the creation; nothing was stored\n");
      JsonNode printed = document(run.out());
      assertThat(printed.at("/data/tls.key").asText()).startsWith("REDACTED");
      assertThat(run.out()).doesNotContain("PRIVATE KEY");

      // the redacted manifest cannot be applied by mistake: the API server refuses its data
      Kubectl.Result refused = Kubectl.run(kubeconfig, run.out(), "apply", "--dry-run=server", "--validate=false",
          "-f", "-");
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.err()).contains("illegal base64 data in data[tls.key]");

      // asked for, the whole Secret is printed and kubectl applies it
      CommandRun shown = meshctl(null, "cert", "upload", "--cert", "fullchain.pem", "--key", "privkey.pem",
          "--gateway", "wordpress-gateway", "--dry-run", "--show-secrets").assertOk();
      assertThat(shown.err()).doesNotContain("REDACTED");
      c.clearRequests();
      Kubectl.Result applied = Kubectl.run(kubeconfig, shown.out(), "apply", "--dry-run=server", "--validate=false",
          "-f", "-");
      assertThat(applied.exit()).as(applied.err()).isZero();
      assertThat(applied.out()).isEqualTo("secret/istio-ingressgateway-certs created (server dry run)\n");
      assertThat(c.get(ResourceType.SECRET, "istio-system", "istio-ingressgateway-certs")).isEmpty();
    }
  }

  @Test
  void certUploadClientDryRunWithoutGatewayTouchesNoCluster() throws Exception {
    meshctl(null, "cert", "issue", "server", "--host", "blog.datadoc.info", "--cert", "fullchain.pem", "--key",
        "privkey.pem").assertOk();
    try (MockCluster c = start(Flavour.CURRENT)) {
      c.clearRequests();
      // the key from standard input, as from a secrets manager
      CommandRun run = meshctl(Files.readString(tmp.resolve("privkey.pem")), "cert", "upload", "--cert",
          "fullchain.pem", "--key", "-", "--secret", "blog",
          "-n", "istio-ingress", "--type", "credential", "--dry-run").assertOk();
      assertThat(c.writes()).isEmpty();
      assertThat(c.reads()).isEmpty();
      JsonNode printed = document(run.out());
      assertThat(printed.path("kind").asText()).isEqualTo("Secret");
      assertThat(printed.at("/metadata/namespace").asText()).isEqualTo("istio-ingress");
      assertThat(run.err()).endsWith("dry run: secret istio-ingress/blog (kubernetes.io/tls: tls.crt, tls.key) passed "
          + "every check; nothing was sent to the cluster\n");
    }
  }
}
