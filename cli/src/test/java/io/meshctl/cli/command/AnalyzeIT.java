package io.meshctl.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** meshctl analyze through the packaged launcher: files only, and live against both API flavours. */
class AnalyzeIT {

  @TempDir
  Path dir;

  private static final String CONFIG = """
      apiVersion: networking.istio.io/VERSION
      kind: VirtualService
      metadata:
        name: wordpress
        namespace: default
      spec:
        hosts: [wordpress]
        http:
        - route:
          - destination:
              host: wordpress
              subset: v3
      ---
      apiVersion: networking.istio.io/VERSION
      kind: DestinationRule
      metadata:
        name: wordpress
        namespace: default
      spec:
        host: wordpress
        subsets:
        - {name: v1, labels: {version: v1}}
      ---
      apiVersion: networking.istio.io/VERSION
      kind: DestinationRule
      metadata:
        name: external
        namespace: default
      spec:
        host: api.example.com
        trafficPolicy:
          tls: {mode: SIMPLE}
      """;

  private static final String SUBSET = "Error [IST0101] (VirtualService default/wordpress %s:11) Referenced "
      + "host+subset in destinationrule not found: \"wordpress+v3\"";
  private static final String CA = "Warning [IST0128] (DestinationRule default/external %s:24) DestinationRule "
      + "default/external in namespace default has TLS mode set to SIMPLE but no caCertificates are set to validate "
      + "server identity for host: api.example.com";

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static CommandRun analyze(String... args) {
    // no kubeconfig anywhere: files only unless a test names one
    return Launcher.run(null, Map.of("KUBECONFIG", "/nonexistent"), null, concat("analyze", args));
  }

  private static String[] concat(String first, String... rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  @Test
  void filesGiveIstioctlLinesWithFileAndLineAndExit79() throws IOException {
    String f = write("mesh.yaml", CONFIG.replace("VERSION", "v1")).toString();
    CommandRun run = analyze("-f", f).assertExit(79);
    assertThat(run.out()).isEqualTo(String.format(SUBSET, f) + "\n" + String.format(CA, f) + "\n");
    assertThat(run.err()).contains("Analyzers found issues when analyzing " + f + ".");

    // a Warning is not a failure by default, only from --failure-threshold Warning
    String onlyWarning = write("warn.yaml", CONFIG.replace("VERSION", "v1").replace("subset: v3", "subset: v1"))
        .toString();
    assertThat(analyze("-f", onlyWarning).assertOk().out()).isEqualTo(String.format(CA, onlyWarning) + "\n");
    analyze("-f", onlyWarning, "--failure-threshold", "warning").assertExit(79);
    // the output threshold hides the warning but does not change the exit code
    CommandRun hidden = analyze("-f", onlyWarning, "--output-threshold", "Error", "--failure-threshold", "Warning")
        .assertExit(79);
    assertThat(hidden.out()).isEqualTo("\n");
    analyze("-f", f, "--failure-threshold", "Fatal").assertExit(64);
  }

  @Test
  void jsonYamlAndSarifExit79Too() throws IOException {
    String f = write("mesh.yaml", CONFIG.replace("VERSION", "v1alpha3")).toString();
    JsonNode json = ManifestReader.parse(analyze("-f", f, "-o", "json").assertExit(79).out(), "out.json").get(0).tree();
    assertThat(json).hasSize(2);
    assertThat(json.get(0).path("code").asText()).isEqualTo("IST0101");
    assertThat(json.get(0).path("level").asText()).isEqualTo("Error");
    assertThat(json.get(0).path("origin").asText()).isEqualTo("VirtualService default/wordpress");
    assertThat(json.get(0).path("reference").asText()).isEqualTo(f + ":11");
    assertThat(json.get(0).path("message").asText()).isEqualTo("Referenced host+subset in destinationrule not found: "
        + "\"wordpress+v3\"");
    assertThat(json.get(0).path("documentationUrl").asText()).endsWith("/ist0101/?ref=istioctl-analyze");

    JsonNode yaml = ManifestReader.parse(analyze("-f", f, "-o", "yaml").assertExit(79).out(), "out.yaml").get(0)
        .tree();
    assertThat(yaml).isEqualTo(json);

    JsonNode sarif = ManifestReader.parse(analyze("-f", f, "-o", "sarif").assertExit(79).out(), "out.json").get(0)
        .tree();
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.path("runs").get(0);
    JsonNode rules = run.path("tool").path("driver").path("rules");
    Set<String> ids = new HashSet<>();
    rules.forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("IST0101", "IST0128");
    assertThat(rules).hasSize(2);
    JsonNode result = run.path("results").get(0);
    assertThat(result.path("ruleId").asText()).isEqualTo("IST0101");
    assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText()).isEqualTo("IST0101");
    assertThat(result.path("level").asText()).isEqualTo("error");
    JsonNode physical = result.path("locations").get(0).path("physicalLocation");
    assertThat(physical.path("artifactLocation").path("uri").asText()).isEqualTo(f);
    assertThat(physical.path("region").path("startLine").asInt()).isEqualTo(11);
    assertThat(run.path("results").get(1).path("level").asText()).isEqualTo("warning");

    analyze("-f", f, "-o", "table").assertExit(64);
  }

  @Test
  void suppressionByFlagAndAnnotation() throws IOException {
    String f = write("mesh.yaml", CONFIG.replace("VERSION", "v1")).toString();
    CommandRun flag = analyze("-f", f, "-S", "IST0101=VirtualService default/*", "--suppress",
        "IST0128=DestinationRule */external").assertOk();
    assertThat(flag.out()).isEqualTo("\n");
    assertThat(flag.err()).contains("\u2714 No validation issues found when analyzing " + f + ".");
    // istioctl's pre-2021 "name.namespace" form matches nothing
    assertThat(analyze("-f", f, "-S", "IST0101=VirtualService wordpress.default").assertExit(79).out())
        .contains("IST0101");
    CommandRun unknown = analyze("-f", f, "-S", "IST9999=VirtualService *").assertExit(79);
    assertThat(unknown.err()).contains("Supplied message code 'IST9999' is an unknown message code");
    analyze("-f", f, "-S", "IST0101").assertExit(64);

    String annotated = write("annotated.yaml", CONFIG.replace("VERSION", "v1").replace("  namespace: default\nspec:\n"
        + "  hosts", "  namespace: default\n  annotations: {galley.istio.io/analyze-suppress: \"IST0101\"}\nspec:\n"
        + "  hosts")).toString();
    assertThat(analyze("-f", annotated).assertOk().out()).doesNotContain("IST0101").contains("IST0128");
  }

  @Test
  void aMalformedFileIsReportedTheOthersAnalysed() throws IOException {
    Path d = Files.createDirectories(dir.resolve("k8s"));
    Files.writeString(d.resolve("a.yaml"), CONFIG.replace("VERSION", "v1").replace("subset: v3", "subset: v1"));
    Files.writeString(d.resolve("b.yaml"), "kind: [unclosed\n");
    Files.writeString(d.resolve("notes.txt"), "not a manifest");
    CommandRun run = analyze("-f", d.toString(), "-R").assertExit(65);
    assertThat(run.out()).contains("IST0128");
    assertThat(run.err()).contains("b.yaml:", "malformed YAML", "Some files couldn't be parsed.");
    analyze("-f", d.toString(), "--ignore-unknown").assertOk();
    analyze("-f", dir.resolve("missing.yaml").toString()).assertExit(66);
    analyze().assertExit(64);
  }

  @Test
  void stdinAndListAnalyzers() {
    CommandRun run = Launcher.run(CONFIG.replace("VERSION", "v1"), Map.of("KUBECONFIG", "/nonexistent"), null,
        "analyze", "-f", "-").assertExit(79);
    assertThat(run.out()).contains("(VirtualService default/wordpress -:11)");
    CommandRun list = analyze("--list-analyzers").assertOk();
    assertThat(list.out()).contains("* virtualservice.DestinationRuleAnalyzer:\n", "* gateway.SecretAnalyzer:\n",
        "* meshctl.GatewayCertificateAnalyzer:\n", "* webhook.Analyzer:\n    Checks the validity of Istio webhooks\n");
  }

  private static final String LIVE = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: default, labels: {istio-injection: enabled}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: istio-system}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: prod, labels: {istio-injection: enabled}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: wordpress, namespace: default}
      spec: {selector: {app: wordpress}, ports: [{name: http, port: 80, protocol: TCP}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-77f7f9c485-k7tt9, namespace: default, labels: {app: wordpress, version: v1}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.2"}, {name: istio-proxy, image: proxyv2}]}
      status:
        phase: Running
        containerStatuses:
        - {name: wordpress, ready: true, restartCount: 0, image: "wordpress:php7.2", imageID: "", state: {running: {}}}
        - {name: istio-proxy, ready: true, restartCount: 0, image: proxyv2, imageID: "", state: {running: {}}}
      ---
      apiVersion: networking.istio.io/VERSION
      kind: VirtualService
      metadata: {name: wordpress, namespace: default}
      spec:
        hosts: [wordpress]
        gateways: [wordpress-gateway]
        http:
        - route:
          - destination: {host: wordpress, subset: v3}
      ---
      apiVersion: networking.istio.io/VERSION
      kind: DestinationRule
      metadata: {name: wordpress, namespace: default}
      spec:
        host: wordpress
        subsets: [{name: v1, labels: {version: v1}}]
      ---
      apiVersion: networking.istio.io/VERSION
      kind: VirtualService
      metadata: {name: api, namespace: prod}
      spec:
        hosts: [api]
        http:
        - route:
          - destination: {host: api}
      """;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void liveClusterBothFlavours(Flavour flavour) throws IOException {
    try (MockCluster cluster = MockCluster.start(flavour)) {
      String version = cluster.type(IstioKind.VIRTUAL_SERVICE).version();
      cluster.seed(LIVE.replace("VERSION", version));
      String kubeconfig = cluster.writeKubeconfig(dir).toString();
      cluster.clearRequests();
      CommandRun all = Launcher.run("analyze", "-A", "--kubeconfig", kubeconfig).assertExit(79);
      // istioctl's order: level, code, then Kind/name/namespace
      assertThat(all.out()).isEqualTo(String.join("\n",
          "Error [IST0101] (VirtualService prod/api) Referenced host not found: \"api\"",
          "Error [IST0101] (VirtualService default/wordpress) Referenced gateway not found: \"wordpress-gateway\"",
          "Error [IST0101] (VirtualService default/wordpress) Referenced host+subset in destinationrule not found: "
              + "\"wordpress+v3\"",
          "Warning [IST0132] (VirtualService default/wordpress) one or more host [wordpress] defined in VirtualService "
              + "default/wordpress not found in Gateway default/wordpress-gateway.", ""));
      assertThat(all.err()).contains("Analyzers found issues when analyzing all namespaces.");

      // -n only filters the output: the prod VirtualService is still analysed, not shown
      CommandRun prod = Launcher.run("analyze", "-n", "prod", "--kubeconfig", kubeconfig, "-o", "json")
          .assertExit(79);
      JsonNode messages = ManifestReader.parse(prod.out(), "out.json").get(0).tree();
      assertThat(messages).hasSize(1);
      assertThat(messages.get(0).path("origin").asText()).isEqualTo("VirtualService prod/api");
      assertThat(messages.get(0).has("reference")).isFalse();
      Launcher.run("analyze", "-n", "nope", "--kubeconfig", kubeconfig).assertExit(66);

      // what if I applied this? the file's VirtualService replaces the cluster's
      String fixed = write("fixed.yaml", """
          apiVersion: networking.istio.io/VERSION
          kind: VirtualService
          metadata: {name: wordpress, namespace: default}
          spec:
            hosts: [wordpress]
            http:
            - route:
              - destination: {host: wordpress, subset: v1}
          """.replace("VERSION", version)).toString();
      CommandRun overlay = Launcher.run("analyze", "--use-kube", "-f", fixed, "--kubeconfig", kubeconfig)
          .assertOk();
      assertThat(overlay.out()).isEqualTo("\n");
      assertThat(overlay.err()).contains("\u2714 No validation issues found when analyzing namespace: default.");
      assertThat(cluster.writes()).isEmpty();
    }
  }

  @Test
  void injectorWebhooksLiveAndWhenRbacForbidsThem() throws IOException {
    try (MockCluster cluster = MockCluster.start(Flavour.CURRENT)) {
      String injector = """
          apiVersion: admissionregistration.k8s.io/v1
          kind: MutatingWebhookConfiguration
          metadata: {name: NAME}
          webhooks:
          - name: sidecar-injector.istio.io
            clientConfig: {service: {name: istiod, namespace: istio-system, path: /inject}}
            sideEffects: None
            admissionReviewVersions: [v1]
            namespaceSelector: {matchLabels: {istio-injection: enabled}}
          """;
      cluster.seed("apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: {istio-injection: enabled}}\n"
          + "---\n" + injector.replace("NAME", "istio-sidecar-injector") + "---\n"
          + injector.replace("NAME", "istio-sidecar-injector-1-26"));
      String kubeconfig = cluster.writeKubeconfig(dir).toString();
      CommandRun found = Launcher.run("analyze", "--kubeconfig", kubeconfig).assertExit(79);
      // cluster-scoped, so shown whatever -n is; istiod's Service was never created here
      assertThat(found.out()).isEqualTo(String.join("\n",
          // istioctl's order: Kind/name/namespace, so "...-1-26/" before ".../"
          "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector-1-26) Injector refers to a control "
              + "plane service that does not exist: istio-system/istiod.",
          "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector-1-26) Webhook overlaps with others: "
              + "[istio-sidecar-injector/sidecar-injector.istio.io]. This may cause injection to occur twice.",
          "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector) Injector refers to a control plane "
              + "service that does not exist: istio-system/istiod.",
          "Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector) Webhook overlaps with others: "
              + "[istio-sidecar-injector-1-26/sidecar-injector.istio.io]. This may cause injection to occur twice.", ""));

      // RBAC may forbid reading webhook configurations: that analyzer is skipped, said on stderr, not a failure
      cluster.answer("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", 403);
      CommandRun forbidden = Launcher.run("analyze", "--kubeconfig", kubeconfig).assertOk();
      assertThat(forbidden.out()).isEqualTo("\n");
      assertThat(forbidden.err()).contains("cannot list MutatingWebhookConfiguration objects", "webhook.Analyzer")
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void unreachableCluster() throws IOException {
    Path kubeconfig = write("kubeconfig", """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        users: [{name: u, user: {token: t}}]
        """);
    CommandRun run = Launcher.run("analyze", "--kubeconfig", kubeconfig.toString(), "--request-timeout", "2s")
        .assertExit(69);
    assertThat(run.err().lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
    assertThat(List.of(run.out())).containsExactly("");
  }
}
