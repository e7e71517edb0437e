package io.meshctl.cli.command.cert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cert upload} against the mock API server in both Istio flavours: the article's legacy
 * file-mounted secret and the current credentialName. Bad input must leave the server untouched.
 */
class CertUploadCommandTest {

  @TempDir
  static Path pki;

  @TempDir
  Path work;

  private MockCluster cluster;
  private String kubeconfig;

  /** One PKI for the whole class: a root, an intermediate, and good and bad server certificates. */
  @BeforeAll
  static void issue() throws IOException {
    run("cert", "issue", "root-ca", "--cert", f("root.pem"), "--key", f("root.key"));
    run("cert", "issue", "intermediate-ca", "--ca-cert", f("root.pem"), "--ca-key", f("root.key"), "--out-dir", f("ca"));
    server("fullchain.pem", "privkey.pem", "--host", "blog.datadoc.info");
    server("other.pem", "other.key", "--host", "blog.datadoc.info");
    server("expired.pem", "expired.key", "--host", "blog.datadoc.info", "--not-before", "2020-01-01T00:00:00Z",
        "--not-after", "30d");
    server("soon.pem", "soon.key", "--host", "blog.datadoc.info", "--not-after", "10d");
    server("wrong-host.pem", "wrong-host.key", "--host", "www.example.com");
    Cli.run("", Map.of("PW", "pw"), "cert", "issue", "server", "--host", "blog.datadoc.info", "--ca-cert",
        f("ca/ca-cert.pem"), "--ca-key", f("ca/ca-key.pem"), "--cert", f("enc.pem"), "--key", f("enc.key"),
        "--password-env", "PW").assertOk();
    List<String> blocks = blocks(Files.readString(pki.resolve("fullchain.pem")));
    Files.writeString(pki.resolve("reversed.pem"), blocks.get(1) + blocks.get(0));
    Files.writeString(pki.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
        + "-----END CERTIFICATE-----\n");
  }

  private static void server(String cert, String key, String... extra) {
    List<String> args = new ArrayList<>(List.of("cert", "issue", "server", "--ca-cert", f("ca/ca-cert.pem"),
        "--ca-key", f("ca/ca-key.pem"), "--cert", f(cert), "--key", f(key)));
    args.addAll(List.of(extra));
    run(args.toArray(String[]::new));
  }

  private static void run(String... args) {
    Cli.run(args).assertOk();
  }

  static String f(String name) {
    return pki.resolve(name).toString();
  }

  static List<String> blocks(String pem) {
    List<String> out = new ArrayList<>();
    for (String part : pem.split("(?<=-----END CERTIFICATE-----\n)")) {
      if (!part.isBlank()) {
        out.add(part);
      }
    }
    return out;
  }

  private void start(MockCluster.Flavour flavour) {
    cluster = MockCluster.start(flavour);
    cluster.seed(Examples.path(flavour.examples()).resolve("wordpress-gateway.yaml"));
    // the default ingress gateway's pod, which the Gateway's selector istio=ingressgateway matches
    cluster.seed("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: istio-ingressgateway-5d8f
          namespace: istio-system
          labels: {istio: ingressgateway, app: istio-ingressgateway}
        spec:
          containers: [{name: istio-proxy, image: docker.io/istio/proxyv2}]
        """);
    kubeconfig = cluster.writeKubeconfig(work).toString();
    cluster.clearRequests();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private CommandRun upload(String... args) {
    List<String> all = new ArrayList<>(List.of("cert", "upload", "--kubeconfig", kubeconfig));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  /** The secret's layout for each flavour: the article's file mount, or the current credentialName. */
  private static List<String> layoutArgs(MockCluster.Flavour flavour) {
    return flavour == MockCluster.Flavour.LEGACY ? List.of("--gateway", "wordpress-gateway")
        : List.of("--type", "credential", "--gateway", "wordpress-gateway");
  }

  static Stream<Arguments> badInputs() {
    List<Arguments> cases = new ArrayList<>();
    for (MockCluster.Flavour fl : MockCluster.Flavour.values()) {
      cases.add(Arguments.of(fl, "fullchain.pem", "other.key", "[key-match]", "is not the private key of"));
      cases.add(Arguments.of(fl, "expired.pem", "expired.key", "[validity]", "expired on 2020-01-31T00:00:00Z"));
      cases.add(Arguments.of(fl, "wrong-host.pem", "wrong-host.key", "[san]",
          "host blog.datadoc.info of the Gateway's server 1 (port https) is not covered"));
      cases.add(Arguments.of(fl, "reversed.pem", "privkey.pem", "[chain-order]", "right order of its blocks is [2, 1]"));
      cases.add(Arguments.of(fl, "enc.pem", "enc.key", "[key-encrypted]", "is encrypted"));
      cases.add(Arguments.of(fl, "garbage.pem", "privkey.pem", "[pem]", "garbage.pem block 1 is not a valid certificate"));
      cases.add(Arguments.of(fl, "fullchain.pem", "garbage.pem", "[pem]", "is a CERTIFICATE, not a private key"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("badInputs")
  void badInputIsRefusedBeforeAnythingIsSent(MockCluster.Flavour flavour, String cert, String key, String check,
      String message) {
    start(flavour);
    List<String> args = new ArrayList<>(List.of("--cert", f(cert), "--key", f(key)));
    args.addAll(layoutArgs(flavour));
    CommandRun run = upload(args.toArray(String[]::new)).assertExit(65);
    assertThat(run.err()).contains("check failed " + check, message, "nothing was sent to the cluster")
        .doesNotContain("Exception", "\tat ");
    assertThat(run.out()).isEmpty();
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void legacyFileMountedSecretAsInTheArticle() throws IOException {
    start(MockCluster.Flavour.LEGACY);
    CommandRun run = upload("--cert", f("fullchain.pem"), "--key", f("privkey.pem"), "--ca", f("root.pem"),
        "--gateway", "wordpress-gateway").assertOk();
    assertThat(run.err()).contains("secret istio-system/istio-ingressgateway-certs created");
    assertThat(run.out()).isEmpty();
    assertThat(cluster.writes()).containsExactly("POST /api/v1/namespaces/istio-system/secrets");
    ObjectNode s = cluster.get(ResourceType.SECRET, "istio-system", "istio-ingressgateway-certs").orElseThrow();
    assertThat(s.path("type").asText()).isEqualTo("kubernetes.io/tls");
    assertThat(data(s, "tls.crt")).isEqualTo(Files.readString(pki.resolve("fullchain.pem")));
    assertThat(data(s, "tls.key")).isEqualTo(Files.readString(pki.resolve("privkey.pem")));
    assertThat(data(s, "ca.crt")).isEqualTo(Files.readString(pki.resolve("root.pem")));

    // a renewal replaces it in place, keeping what others put on the object
    CommandRun again = upload("--cert", f("other.pem"), "--key", f("other.key"), "--gateway", "wordpress-gateway")
        .assertOk();
    assertThat(again.err()).contains("secret istio-system/istio-ingressgateway-certs replaced");
    assertThat(cluster.writes()).containsExactly("PUT /api/v1/namespaces/istio-system/secrets/istio-ingressgateway-certs");
    ObjectNode after = cluster.get(ResourceType.SECRET, "istio-system", "istio-ingressgateway-certs").orElseThrow();
    assertThat(data(after, "tls.crt")).isEqualTo(Files.readString(pki.resolve("other.pem")));

    // and the stored secret inspects clean: chain to the intermediate, key belongs to the leaf
    CommandRun inspect = Cli.run("cert", "inspect", "secret/istio-ingressgateway-certs", "--kubeconfig", kubeconfig)
        .assertOk();
    assertThat(inspect.out()).contains("CN=blog.datadoc.info", "key:   matches the leaf certificate");
  }

  @Test
  void currentCredentialNameSecretGoesToTheGatewayPodsNamespace() throws IOException {
    start(MockCluster.Flavour.CURRENT);
    CommandRun run = upload("--type", "credential", "--cert", f("fullchain.pem"), "--key", f("privkey.pem"),
        "--gateway", "wordpress-gateway", "-o", "json").assertOk();
    assertThat(run.err()).contains("secret istio-system/wordpress-credential created");
    JsonNode printed = io.meshctl.core.manifest.Yaml.jsonMapper().readTree(run.out());
    assertThat(printed.path("data").path("tls.key").asText()).startsWith("REDACTED");
    ObjectNode s = cluster.get(ResourceType.SECRET, "istio-system", "wordpress-credential").orElseThrow();
    assertThat(data(s, "tls.crt")).isEqualTo(Files.readString(pki.resolve("fullchain.pem")));
    assertThat(data(s, "tls.key")).isEqualTo(Files.readString(pki.resolve("privkey.pem")));
    assertThat(cluster.get(ResourceType.SECRET, "default", "wordpress-credential")).isEmpty();
  }

  @Test
  void credentialInTheGatewayResourceNamespaceIsRefused() {
    start(MockCluster.Flavour.CURRENT);
    CommandRun run = upload("--type", "credential", "--cert", f("fullchain.pem"), "--key", f("privkey.pem"),
        "--gateway", "wordpress-gateway", "-n", "default").assertExit(65);
    assertThat(run.err()).contains("run in [istio-system]", "-n istio-system");
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void fileMountLayoutForACredentialNameGatewaySaysWhichTypeToUse() {
    start(MockCluster.Flavour.CURRENT);
    CommandRun run = upload("--cert", f("fullchain.pem"), "--key", f("privkey.pem"), "--gateway", "wordpress-gateway")
        .assertExit(65);
    assertThat(run.err()).contains("presents secret istio-ingressgateway-certs", "credentialName wordpress-credential",
        "--type credential");
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void cacertsCarriesIstiosFourFiles() throws IOException {
    start(MockCluster.Flavour.CURRENT);
    upload("--type", "cacerts", "--cert", f("ca/cert-chain.pem"), "--key", f("ca/ca-key.pem"), "--ca",
        f("ca/root-cert.pem")).assertOk();
    ObjectNode s = cluster.get(ResourceType.SECRET, "istio-system", "cacerts").orElseThrow();
    assertThat(s.path("type").asText()).isEqualTo("Opaque");
    assertThat(data(s, "ca-cert.pem")).isEqualTo(Files.readString(pki.resolve("ca/ca-cert.pem")));
    assertThat(data(s, "ca-key.pem")).isEqualTo(Files.readString(pki.resolve("ca/ca-key.pem")));
    assertThat(data(s, "root-cert.pem")).isEqualTo(Files.readString(pki.resolve("ca/root-cert.pem")));
    assertThat(data(s, "cert-chain.pem")).isEqualTo(Files.readString(pki.resolve("ca/cert-chain.pem")));
    // a leaf is no signing CA
    cluster.clearRequests();
    CommandRun leaf = upload("--type", "cacerts", "--secret", "cacerts", "--cert", f("fullchain.pem"), "--key",
        f("privkey.pem"), "--ca", f("root.pem")).assertExit(65);
    assertThat(leaf.err()).contains("[ca]", "is not a CA certificate");
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void existingSecretOfAnotherTypeIsNotTouched() {
    start(MockCluster.Flavour.LEGACY);
    cluster.seed("""
        apiVersion: v1
        kind: Secret
        metadata: {name: istio-ingressgateway-certs, namespace: istio-system}
        type: Opaque
        data: {cert: eA==}
        """);
    cluster.clearRequests();
    CommandRun run = upload("--cert", f("fullchain.pem"), "--key", f("privkey.pem")).assertExit(65);
    assertThat(run.err()).contains("exists with type Opaque", "kubectl delete secret -n istio-system");
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void dryRunPrintsTheSecretRedactedAndSendsNothing() throws IOException {
    start(MockCluster.Flavour.LEGACY);
    CommandRun run = upload("--cert", f("fullchain.pem"), "--key", f("privkey.pem"), "--gateway",
        "wordpress-gateway", "--dry-run").assertOk();
    String keyB64 = Base64.getEncoder().encodeToString(Files.readAllBytes(pki.resolve("privkey.pem")));
    assertThat(run.out()).contains("kind: Secret", "type: kubernetes.io/tls", "namespace: istio-system",
        "tls.key: REDACTED").doesNotContain(keyB64, "PRIVATE KEY");
    assertThat(cluster.writes()).isEmpty();
    CommandRun shown = upload("--cert", f("fullchain.pem"), "--key", f("privkey.pem"), "--dry-run",
        "--show-secrets").assertOk();
    assertThat(shown.out()).contains("tls.key: " + keyB64);
    assertThat(cluster.writes()).isEmpty();
  }

  @Test
  void fixChainOrderStoresTheLeafFirst() throws IOException {
    start(MockCluster.Flavour.LEGACY);
    CommandRun run = upload("--cert", f("reversed.pem"), "--key", f("privkey.pem"), "--fix-chain-order").assertOk();
    assertThat(run.err()).contains("reordered");
    ObjectNode s = cluster.get(ResourceType.SECRET, "istio-system", "istio-ingressgateway-certs").orElseThrow();
    assertThat(data(s, "tls.crt")).isEqualTo(Files.readString(pki.resolve("fullchain.pem")));
  }

  @Test
  void expiringSoonWarnsButUploads() {
    start(MockCluster.Flavour.LEGACY);
    CommandRun run = upload("--cert", f("soon.pem"), "--key", f("soon.key")).assertOk();
    assertThat(run.err()).contains("warning:", "less than --min-remaining 30 days");
    CommandRun inspect = Cli.run("cert", "inspect", f("soon.pem")).assertExit(79);
    assertThat(inspect.out()).contains("CN=blog.datadoc.info");
    assertThat(inspect.err()).contains("renew");
    Cli.run("cert", "inspect", f("soon.pem"), "--min-remaining", "5d").assertOk();
  }

  @Test
  void missingGatewayIsNotFound() {
    start(MockCluster.Flavour.CURRENT);
    CommandRun run = upload("--cert", f("fullchain.pem"), "--key", f("privkey.pem"), "--gateway", "nope")
        .assertExit(66);
    assertThat(run.err()).contains("Gateway default/nope not found");
    assertThat(cluster.writes()).isEmpty();
  }

  private static String data(JsonNode secret, String key) {
    return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
  }
}
