package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Yaml;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/walkthrough.md as a user runs it: the seed article's WordPress story, every meshctl command of
 * the walkthrough through the packaged CLI, against the mock API server of each Istio flavour.
 *
 * <p>The mock is an API server only: nothing reconciles. Where a real cluster's controllers act —
 * {@code kubectl apply}, the Deployment controller starting pods — the test does it (see
 * {@link #apply} and {@link #startPods}). Each run is also written to
 * {@code target/walkthrough-<flavour>.md}, so the outputs in the doc are copied from a real run.
 */
class WalkthroughIT {

  /** The pods the Deployment controller would start: the article's name for v1, made-up hashes for the rest. */
  private static final Map<String, String> POD_NAMES = Map.of(
      "wordpress", "wordpress-77f7f9c485-k7tt9",
      "wordpress-v2", "wordpress-v2-6c9b8d7f4d-q4xzt",
      "wordpress-mysql", "wordpress-mysql-5d4f6b9c8-x2v7p");

  private static final String POD = POD_NAMES.get("wordpress");

  @TempDir
  Path work;

  private MockCluster cluster;
  private Transcript transcript;
  private Map<String, String> env;
  private boolean legacy;
  /** docs/examples/mesh-legacy or mesh-current. */
  private String mesh;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theSeedArticleWithMeshctl(Flavour flavour) throws IOException {
    legacy = flavour == Flavour.LEGACY;
    mesh = "docs/examples/" + flavour.examples();
    copyExamples();
    try (MockCluster c = MockCluster.start(flavour)) {
      cluster = c;
      seedInjectorSettings(c, flavour);
      createNamespaces();
      env = Map.of("KUBECONFIG", c.writeKubeconfig(work).toString(), "NO_COLOR", "1");
      transcript = new Transcript(flavour, c.url(), work);
      try {
        deploy();
        mutualTls();
        https();
        canary();
        analyze();
        ci();
      } finally {
        transcript.write();
      }
    }
  }

  /**
   * The injector's ConfigMaps as Istio installs them: on the article's cluster Istio 1.3.0's own
   * {@code istio-sidecar-injector} (the one docs/examples/mesh-legacy shows, with its values), on a
   * current one 1.27's. Step 1's inject reads them: the shape comes from the cluster, not from a flag.
   */
  private static void seedInjectorSettings(MockCluster c, MockCluster.Flavour flavour) throws IOException {
    Path dir = Path.of("../core/src/test/resources/inject").toAbsolutePath().normalize();
    boolean legacy = flavour == MockCluster.Flavour.LEGACY;
    if (legacy) {
      String file = flavour.examples() + "/istio-sidecar-injector.yaml";
      for (Document d : ManifestReader.parse(Files.readString(Examples.path(file)), file)) {
        if ("ConfigMap".equals(Manifests.text(d.tree(), "kind"))) {
          c.create((ObjectNode) d.tree());
        }
      }
    } else {
      String values = "{\"global\":{\"hub\":\"docker.io/istio\",\"tag\":\"1.27.0\"},\"revision\":\"\"}";
      c.create((ObjectNode) Yaml.jsonMapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
          + "\"metadata\":{\"name\":\"istio-sidecar-injector\",\"namespace\":\"istio-system\"},\"data\":{\"values\":"
          + Yaml.jsonMapper().writeValueAsString(values) + "}}"));
    }
    String mesh = legacy ? Files.readString(dir.resolve("mesh-1.3.yaml.conf")).strip()
        : "defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ntrustDomain: cluster.local";
    c.create((ObjectNode) Yaml.jsonMapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
        + "\"metadata\":{\"name\":\"istio\",\"namespace\":\"istio-system\"},\"data\":{\"mesh\":"
        + Yaml.jsonMapper().writeValueAsString(mesh) + "}}"));
  }

  /** Step 1: inject (with the cluster's own injector settings), apply, and the pods the Deployment controller would start. */
  private void deploy() throws IOException {
    MockCluster c = cluster;
    transcript.step("1. Deploy with sidecars");
    List<String> inject = new ArrayList<>(List.of("inject"));
    inject.addAll(List.of("-f", "docs/examples/wordpress/wordpress.yaml", "-f",
        "docs/examples/wordpress/wordpress-v2.yaml", "-f", "docs/examples/wordpress/mysql.yaml",
        "--output-file", "wordpress-injected.yaml"));
    CommandRun injected = meshctl(inject.toArray(String[]::new)).assertOk();
    assertThat(injected.err()).contains(
        "docs/examples/wordpress/wordpress.yaml:37: Deployment/wordpress: injected",
        "docs/examples/wordpress/wordpress-v2.yaml:4: Deployment/wordpress-v2: injected",
        "docs/examples/wordpress/mysql.yaml:49: Deployment/wordpress-mysql: injected",
        "3 injected, 5 passed through (8 documents)");
    // no flag: the cluster's injector ConfigMap decides the release and so the sidecar's shape
    String settings = legacy ? "Istio 1.3.0 from ConfigMap istio-system/istio-sidecar-injector"
        : "Istio 1.27.0 from ConfigMap istio-system/istio-sidecar-injector";
    assertThat(injected.err()).startsWith("settings: " + settings + "\n")
        .contains("sidecar shape: " + (legacy ? "Istio 1.x (the settings are of " + settings + ")" : "classic ("));
    String manifests = Files.readString(work.resolve("wordpress-injected.yaml"));
    if (legacy) {
      // 1.3's own shape: proxy_init, the istio-certs secret volume, 1.3's proxy arguments
      assertThat(manifests).contains("image: docker.io/istio/proxy_init:1.3.0", "image: docker.io/istio/proxyv2:1.3.0",
          "secretName: istio.default", "--discoveryAddress").doesNotContain("istiod");
    }
    transcript.note("kubectl apply -f wordpress-injected.yaml");
    apply(manifests);
    startPods(manifests);
    startIngressGateway();
    // the article's kubectl get pods (2/2 READY) and kubectl describe pod, read back through meshctl
    CommandRun status = meshctl("proxy-status").assertOk();
    for (String pod : POD_NAMES.values()) {
      JsonNode stored = c.get(ResourceType.POD, "default", pod).orElseThrow();
      assertThat(names(stored.at("/spec/containers"))).as(pod).hasSize(2).endsWith("istio-proxy");
      assertThat(names(stored.at("/spec/initContainers"))).as(pod).containsExactly("istio-init");
      assertThat(status.out()).containsPattern(pod + "\\.default +Deployment/" + pod.replaceAll("-[^-]+-[^-]+$", "")
          + " +2/2 +Running +0 +" + (legacy ? "1\\.3\\.0" : "1\\.27\\.0") + " .* classic ");
    }
    CommandRun described = meshctl("describe", "pod", POD).assertOk();
    assertThat(described.out()).contains("Pod:      " + POD + ".default (Deployment/wordpress), Running, 2/2 ready",
        "Sidecar:  classic, Running, ready, 0 restarts", "  wordpress (wordpress.default.svc.cluster.local)",
        "port 80/http -> 80   HTTP (port name http)");
    // the cluster's injector (installed with Istio) against what runs: same release, nothing to restart
    transcript.note("kubectl apply -f " + mesh + "/istio-sidecar-injector.yaml   # what the Istio install created");
    applyFile(mesh + "/istio-sidecar-injector.yaml");
    CommandRun check = meshctl("check-inject", "--strict").assertOk();
    assertThat(check.out()).contains(POD + ".default", "no injector webhook selects it: namespace default has no "
        + "istio-injection/istio.io/rev label and the pod does not opt in").doesNotContain("restart");
    assertThat(check.err()).isEmpty();
  }

  /** Step 2: mesh-wide STRICT mTLS, the MySQL DestinationRule that breaks it, the fix. */
  private void mutualTls() throws IOException {
    MockCluster c = cluster;
    transcript.step("2. Mesh-wide mTLS and the CONFLICT");
    String policy = legacy ? mesh + "/mtls-meshpolicy.yaml" : mesh + "/mtls-peerauthentication.yaml";
    transcript.note("kubectl apply -f " + policy + " -f " + mesh + "/istio-configmap.yaml -f " + mesh
        + "/destinationrule-mysql-disable.yaml");
    applyFile(policy);
    applyFile(mesh + "/istio-configmap.yaml");
    applyFile(mesh + "/destinationrule-mysql-disable.yaml");
    CommandRun conflict = meshctl("authn", "tls-check", POD).assertExit(79);
    String authn = legacy ? "/default " : "istio-system/default ";
    assertThat(conflict.out()).containsPattern("wordpress-mysql\\.default\\.svc\\.cluster\\.local:3306 +CONFLICT +STRICT"
        + " +DISABLE +" + authn + " *default/wordpress-mysql");
    // legacy: auto mTLS is off and wordpress has no DestinationRule yet, so its clients send plaintext too;
    // current: auto mTLS picks ISTIO_MUTUAL for it
    assertThat(conflict.out()).containsPattern("wordpress\\.default\\.svc\\.cluster\\.local:80 +"
        + (legacy ? "CONFLICT +STRICT +- " : "AUTO "));

    // the fix: ISTIO_MUTUAL to MySQL, and Listing 3's DestinationRule (with its Gateway) for wordpress
    transcript.note("kubectl apply -f " + mesh + "/destinationrule-mysql-mutual.yaml");
    transcript.note("yq 'select(.kind != \"VirtualService\")' " + mesh + "/wordpress-gateway.yaml | kubectl apply -f -");
    applyFile(mesh + "/destinationrule-mysql-mutual.yaml");
    apply(withoutVirtualService(mesh + "/wordpress-gateway.yaml"));
    ObjectNode mysqlRule = c.get(c.type(IstioKind.DESTINATION_RULE), "default", "wordpress-mysql").orElseThrow();
    assertThat(mysqlRule.at("/spec/trafficPolicy/tls/mode").asText()).isEqualTo("ISTIO_MUTUAL");
    // kubectl's way to name the pod: the Deployment, whose Ready pod is checked (and named on stderr)
    CommandRun ok = meshctl("authn", "tls-check", "deploy/wordpress").assertOk();
    assertThat(ok.err()).isEqualTo("deployment \"wordpress\": using pod " + POD + "\n");
    assertThat(ok.out()).containsPattern("wordpress-mysql\\.default\\.svc\\.cluster\\.local:3306 +OK +STRICT"
        + " +ISTIO_MUTUAL +" + authn + " *default/wordpress-mysql")
        .containsPattern("wordpress\\.default\\.svc\\.cluster\\.local:80 +OK +STRICT +ISTIO_MUTUAL +" + authn
            + " *default/wordpress\n")
        .doesNotContain("CONFLICT");
  }

  /** Step 3: the ingress gateway's certificate, refused for a wrong host, then uploaded. */
  private void https() throws IOException {
    MockCluster c = cluster;
    transcript.step("3. HTTPS certificate for blog.datadoc.info");
    List<String> layout = legacy ? List.of("--gateway", "wordpress-gateway")
        : List.of("--type", "credential", "--gateway", "wordpress-gateway");
    String secretName = legacy ? "istio-ingressgateway-certs" : "wordpress-credential";
    meshctl("cert", "issue", "server", "--host", "www.datadoc.info", "--cert", "www.pem", "--key", "www.key")
        .assertOk();
    c.clearRequests();
    CommandRun wrongHost = meshctl(concat(List.of("cert", "upload", "--cert", "www.pem", "--key", "www.key"), layout))
        .assertExit(65);
    assertThat(wrongHost.err()).contains("check failed [san]",
        "host blog.datadoc.info of the Gateway's server 1 (port https) is not covered");
    assertThat(wrongHost.out()).isEmpty();
    assertThat(c.writes()).isEmpty();
    assertThat(c.get(ResourceType.SECRET, "istio-system", secretName)).isEmpty();

    CommandRun issued = meshctl("cert", "issue", "server", "--host", "blog.datadoc.info", "--cert", "fullchain.pem",
        "--key", "privkey.pem").assertOk();
    assertThat(issued.out() + issued.err()).contains("blog.datadoc.info").doesNotContain("PRIVATE KEY");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("privkey.pem"))))
        .isEqualTo("rw-------");
    c.clearRequests();
    CommandRun uploaded = meshctl(concat(List.of("cert", "upload", "--cert", "fullchain.pem", "--key",
        "privkey.pem"), layout)).assertOk();
    assertThat(uploaded.err()).contains("secret istio-system/" + secretName + " created");
    assertThat(uploaded.out() + uploaded.err()).doesNotContain("PRIVATE KEY");
    assertThat(c.writes()).containsExactly("POST /api/v1/namespaces/istio-system/secrets");
    ObjectNode secret = c.get(ResourceType.SECRET, "istio-system", secretName).orElseThrow();
    assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");
    assertThat(fieldNames(secret.path("data"))).containsExactlyInAnyOrder("tls.crt", "tls.key");
    assertThat(decode(secret, "tls.crt")).isEqualTo(Files.readString(work.resolve("fullchain.pem")));
    assertThat(decode(secret, "tls.key")).isEqualTo(Files.readString(work.resolve("privkey.pem")));
    assertThat(c.get(ResourceType.SECRET, "default", secretName)).isEmpty();
    // what the gateway will present, read back from the cluster
    CommandRun inspected = meshctl("cert", "inspect", "secret/" + secretName, "-n", "istio-system",
        "--min-remaining", "30d").assertOk();
    assertThat(inspected.out()).contains("subject:   CN=blog.datadoc.info", "SANs:      DNS:blog.datadoc.info",
        "(90 days left)", "key:   matches the leaf certificate");
  }

  /** Step 4: the canary written by meshctl, shown, promoted. */
  private void canary() {
    MockCluster c = cluster;
    ResourceType vs = c.type(IstioKind.VIRTUAL_SERVICE);
    transcript.step("4. Canary 90/10, then promotion");
    CommandRun created = meshctl("route", "wordpress", "v1=90", "v2=10", "--create", "--hosts", "blog.datadoc.info",
        "--gateway", "wordpress-gateway").assertOk();
    assertThat(created.err()).contains("created VirtualService default/wordpress");
    JsonNode listing3 = objects(mesh + "/wordpress-gateway.yaml").stream()
        .filter(o -> "VirtualService".equals(o.path("kind").asText())).findFirst().orElseThrow();
    ObjectNode stored = c.get(vs, "default", "wordpress").orElseThrow();
    assertThat(stored.path("apiVersion").asText()).isEqualTo(vs.apiVersion());
    assertThat(stored.path("spec")).isEqualTo(normalisedDestinations(listing3.path("spec")));

    CommandRun show = meshctl("route", "show", "wordpress").assertOk();
    assertThat(show.out()).isEqualTo("""
        VIRTUALSERVICE      ROUTE     MATCH   HOST        SUBSET   WEIGHT   SHARE
        default/wordpress   http[0]   -       wordpress   v1       90       90.0%
        default/wordpress   http[0]   -       wordpress   v2       10       10.0%
        """);

    CommandRun promoted = meshctl("route", "wordpress", "v1=0", "v2=100").assertOk();
    assertThat(promoted.out()).isEqualTo("""
        VirtualService default/wordpress, route http[0], host wordpress.default.svc.cluster.local
        SUBSET   BEFORE   AFTER
        v1       90       0
        v2       10       100
        """);
    assertThat(weights(c.get(vs, "default", "wordpress").orElseThrow())).containsExactly(0, 100);

    // everything the mesh now does to the v1 pod, in the order a request meets it
    CommandRun described = meshctl("describe", "pod", POD).assertOk();
    assertThat(described.out()).contains(
        "default/wordpress for wordpress.default.svc.cluster.local: subset v1, TLS ISTIO_MUTUAL",
        "default/wordpress http[0] -> subset v1, weight 0 (0.0%), hosts blog.datadoc.info, gateways wordpress-gateway",
        "default/wordpress-gateway", "SANs blog.datadoc.info", "Findings:\n  Info [IST0102] (Namespace default) The namespace is not enabled for Istio injection.");
    assertThat(described.out()).containsPattern("wordpress\\.default\\.svc\\.cluster\\.local:80 +STRICT +\\S+ +OK "
        + "+ISTIO_MUTUAL +default/wordpress");
  }

  /**
   * Step 5: both mistakes of steps 2 and 3 made again the way they happen without meshctl, found by
   * one {@code meshctl analyze}, then fixed and the analysis clean.
   */
  private void analyze() throws IOException {
    MockCluster c = cluster;
    transcript.step("5. Everything at once: meshctl analyze");
    installControlPlaneServices();
    String secretName = legacy ? "istio-ingressgateway-certs" : "wordpress-credential";
    transcript.note("kubectl apply -f " + mesh + "/destinationrule-mysql-disable.yaml");
    applyFile(mesh + "/destinationrule-mysql-disable.yaml");
    transcript.note("kubectl create -n istio-system secret tls " + secretName + " --cert www.pem --key www.key "
        + "--dry-run=client -o yaml | kubectl replace -f -");
    apply(List.of(tlsSecret(secretName, "www.pem", "www.key")));

    CommandRun found = meshctl("analyze").assertExit(79);
    String gateway = "Error [MSH0003] (Gateway default/wordpress-gateway) The certificate in secret istio-system/"
        + secretName + " does not cover host \"blog.datadoc.info\" of the Gateway's server (its names: "
        + "[www.datadoc.info]): clients fail hostname verification. Reissue it for that host.";
    String mysql = "Error [MSH0001] (DestinationRule default/wordpress-mysql) mTLS conflict for "
        + "wordpress-mysql.default.svc.cluster.local:3306: DestinationRule default/wordpress-mysql sets DISABLE but ";
    assertThat(found.out()).contains(mysql, gateway);
    assertThat(found.out().lines().filter(l -> l.startsWith("Error"))).as("nothing else is an error").hasSize(2);
    assertThat(found.err()).contains("Analyzers found issues when analyzing namespace: default.");

    // the fixes of steps 2 and 3
    transcript.note("kubectl apply -f " + mesh + "/destinationrule-mysql-mutual.yaml");
    applyFile(mesh + "/destinationrule-mysql-mutual.yaml");
    List<String> upload = new ArrayList<>(List.of("cert", "upload", "--cert", "fullchain.pem", "--key", "privkey.pem"));
    upload.addAll(legacy ? List.of("--gateway", "wordpress-gateway")
        : List.of("--type", "credential", "--gateway", "wordpress-gateway"));
    meshctl(upload).assertOk();
    CommandRun clean = meshctl("analyze").assertOk();
    assertThat(clean.out()).doesNotContain("Error", "Warning");
  }

  /** The namespaces every cluster has before the article starts (unlabelled, as the article's default is). */
  private void createNamespaces() {
    apply(parse("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: default}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: istio-system}
        """, "namespaces.yaml"));
  }

  /**
   * What Istio's installation creates and the mock lacks until step 5: the Services of the injector
   * (which its webhook calls) and of the ingress gateway. Not before: the mesh-wide tables of steps
   * 2-4 would list them too (on legacy, with no DestinationRule for them, as CONFLICTs).
   */
  private void installControlPlaneServices() {
    String injector = legacy ? "istio-sidecar-injector" : "istiod";
    apply(parse("""
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: istio-system, labels: {app: istiod, istio: pilot}}
        spec:
          selector: {app: istiod}
          ports: [{name: https-webhook, port: 443, targetPort: 15017}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: istio-ingressgateway, namespace: istio-system, labels: {app: istio-ingressgateway, istio: ingressgateway}}
        spec:
          type: LoadBalancer
          selector: {app: istio-ingressgateway, istio: ingressgateway}
          ports:
          - {name: http2, port: 80, targetPort: 8080, protocol: TCP}
          - {name: https, port: 443, targetPort: 8443, protocol: TCP}
        """.formatted(injector), "istio-install.yaml"));
  }

  /** What {@code kubectl create secret tls} stores: the files as they are, no check. */
  private ObjectNode tlsSecret(String name, String cert, String key) throws IOException {
    ObjectNode secret = Yaml.jsonMapper().createObjectNode().put("apiVersion", "v1").put("kind", "Secret")
        .put("type", "kubernetes.io/tls");
    secret.putObject("metadata").put("name", name).put("namespace", "istio-system");
    Base64.Encoder b64 = Base64.getEncoder();
    secret.putObject("data").put("tls.crt", b64.encodeToString(Files.readAllBytes(work.resolve(cert))))
        .put("tls.key", b64.encodeToString(Files.readAllBytes(work.resolve(key))));
    return secret;
  }

  /** Step 6: the offline gates of a pull request; none of them may touch the cluster. */
  private void ci() throws IOException {
    MockCluster c = cluster;
    transcript.step("6. meshctl in CI");
    Path k8s = Files.createDirectories(work.resolve("k8s"));
    Files.copy(work.resolve("wordpress-injected.yaml"), k8s.resolve("wordpress.yaml"));
    for (String f : List.of(legacy ? "mtls-meshpolicy.yaml" : "mtls-peerauthentication.yaml", "istio-configmap.yaml",
        "wordpress-gateway.yaml", "destinationrule-mysql-disable.yaml")) {
      Files.copy(work.resolve(mesh).resolve(f), k8s.resolve(f));
    }
    c.clearRequests();
    CommandRun gate = meshctl("authn", "tls-check", "-A", "-f", "k8s/").assertExit(79);
    assertThat(gate.out()).containsPattern("\\* +wordpress-mysql\\.default\\.svc\\.cluster\\.local:3306 +CONFLICT");
    CommandRun gateJson = meshctl("authn", "tls-check", "-A", "-f", "k8s/", "-o", "json").assertExit(79);
    JsonNode rows = Yaml.jsonMapper().readTree(gateJson.out());
    assertThat(rows.get(0).path("status").asText()).isEqualTo("CONFLICT");
    assertThat(rows.get(0).path("fix").asText())
        .isEqualTo("set tls.mode ISTIO_MUTUAL in DestinationRule default/wordpress-mysql or remove the override");
    meshctl("inject", "--strict", "--report", "none", "-f", "k8s/wordpress.yaml", "--output-file", "injected.yaml")
        .assertOk();
    CommandRun dry = meshctl("route", "-f", "k8s/", "wordpress", "v1=50", "v2=50", "--dry-run").assertOk();
    JsonNode edited = ManifestReader.parse(dry.out(), "out.yaml").get(0).tree();
    assertThat(weights(edited)).containsExactly(50, 50);
    meshctl("cert", "inspect", "fullchain.pem", "--min-remaining", "30d").assertOk();
    CommandRun expiring = meshctl("cert", "inspect", "fullchain.pem", "--min-remaining", "120d").assertExit(79);
    assertThat(expiring.err()).contains("renew");
    assertThat(c.writes()).as("offline modes never touch the cluster").isEmpty();
  }

  // ---- running things, as the user would, recording each run

  private CommandRun meshctl(List<String> args) {
    return meshctl(args.toArray(String[]::new));
  }

  private CommandRun meshctl(String... args) {
    CommandRun run = Launcher.run(null, env, work, args);
    transcript.run("meshctl " + String.join(" ", quoted(args)), run);
    return run;
  }

  private static List<String> quoted(String... args) {
    return Stream.of(args).map(a -> a.matches("[\\w./=:,*-]+") ? a : "'" + a + "'").toList();
  }

  private static String[] concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }

  /** docs/examples under {@code work}, so commands use the paths the walkthrough shows. */
  private void copyExamples() throws IOException {
    Path from = Examples.root();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = work.resolve("docs/examples").resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  // ---- what kubectl and the controllers would do on a real cluster

  private List<ObjectNode> objects(String file) {
    try {
      return parse(Files.readString(work.resolve(file)), file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ObjectNode> parse(String yaml, String name) {
    List<ObjectNode> out = new ArrayList<>();
    for (Document d : ManifestReader.parse(yaml, name)) {
      if (!d.isEmpty()) {
        Manifests.forEachObject(d.tree(), o -> out.add((ObjectNode) o));
      }
    }
    return out;
  }

  private List<ObjectNode> withoutVirtualService(String file) {
    return objects(file).stream().filter(o -> !"VirtualService".equals(o.path("kind").asText())).toList();
  }

  private void applyFile(String file) throws IOException {
    apply(Files.readString(work.resolve(file)));
  }

  /** {@code kubectl apply}: create, or replace what exists (the mock has no server-side apply). */
  private void apply(String yaml) {
    apply(parse(yaml, "apply.yaml"));
  }

  private void apply(List<ObjectNode> objects) {
    for (ObjectNode o : objects) {
      String name = o.at("/metadata/name").asText();
      String ns = o.at("/metadata/namespace").asText("default");
      ResourceType type = replaceableType(o);
      var existing = type == null ? java.util.Optional.<ObjectNode>empty()
          : cluster.get(type, type.namespaced() ? ns : null, name);
      if (existing.isEmpty()) {
        cluster.create(o);
      } else {
        ObjectNode meta = (ObjectNode) o.with("metadata");
        meta.put("namespace", ns);
        meta.put("resourceVersion", existing.get().at("/metadata/resourceVersion").asText());
        cluster.client().raw(type.path(type.namespaced() ? ns : null) + "/" + name, "PUT", o.toString());
      }
    }
  }

  /** The types the walkthrough applies twice; the rest are only ever created. */
  private ResourceType replaceableType(ObjectNode o) {
    String kind = o.path("kind").asText();
    for (IstioKind k : IstioKind.values()) {
      if (k.kind.equals(kind)) {
        return cluster.type(k);
      }
    }
    return switch (kind) {
      case "Pod" -> ResourceType.POD;
      case "Service" -> ResourceType.SERVICE;
      case "ConfigMap" -> ResourceType.CONFIG_MAP;
      case "MutatingWebhookConfiguration" -> new ResourceType("admissionregistration.k8s.io", "v1",
          "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false);
      case "Secret" -> ResourceType.SECRET;
      default -> null;
    };
  }

  /** What the Deployment controller does: one running pod per Deployment, from its (injected) pod template. */
  private void startPods(String manifests) {
    for (ObjectNode d : parse(manifests, "wordpress-injected.yaml")) {
      if (!"Deployment".equals(d.path("kind").asText())) {
        continue;
      }
      String name = POD_NAMES.get(d.at("/metadata/name").asText());
      ObjectNode pod = Yaml.jsonMapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
      ObjectNode meta = pod.putObject("metadata").put("name", name).put("namespace", "default");
      ObjectNode template = (ObjectNode) d.path("spec").path("template");
      if (template.at("/metadata/annotations").isObject()) {
        meta.set("annotations", template.at("/metadata/annotations").deepCopy());
      }
      ObjectNode labels = template.at("/metadata/labels").deepCopy();
      String hash = name.split("-")[name.split("-").length - 2];
      labels.put("pod-template-hash", hash);
      meta.set("labels", labels);
      meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
          .put("name", d.at("/metadata/name").asText() + "-" + hash).put("uid", "rs-" + hash).put("controller", true);
      ObjectNode spec = template.path("spec").deepCopy();
      spec.put("nodeName", "node-1");
      pod.set("spec", spec);
      // as the kubelet reports a started pod: Running, Ready, every container running
      ObjectNode status = pod.putObject("status").put("phase", "Running");
      status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
          .put("lastTransitionTime", "2026-12-01T10:00:30Z");
      var statuses = status.putArray("containerStatuses");
      for (JsonNode container : spec.path("containers")) {
        statuses.addObject().put("name", container.path("name").asText()).put("ready", true).put("restartCount", 0)
            .putObject("state").putObject("running").put("startedAt", "2026-12-01T10:00:20Z");
      }
      cluster.create(pod);
    }
  }

  /** The default ingress gateway's pod: what a credentialName secret's namespace is found from. */
  private void startIngressGateway() {
    ObjectNode pod = parse("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: istio-ingressgateway-7c6b9f8d5-m2lqp
          namespace: istio-system
          labels: {app: istio-ingressgateway, istio: ingressgateway}
        spec:
          containers: [{name: istio-proxy, image: docker.io/istio/proxyv2}]
        """, "gateway.yaml").get(0);
    cluster.create(pod);
  }

  // ---- reading back

  private static List<String> names(JsonNode containers) {
    List<String> out = new ArrayList<>();
    containers.forEach(c -> out.add(c.path("name").asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String decode(JsonNode secret, String key) {
    return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
  }

  private static List<Integer> weights(JsonNode vs) {
    List<Integer> out = new ArrayList<>();
    vs.at("/spec/http/0/route").forEach(d -> out.add(d.path("weight").asInt()));
    return out;
  }

  /** Listing 3 writes {@code subset} before {@code host}; key order is not part of the object. */
  private static JsonNode normalisedDestinations(JsonNode spec) {
    ObjectNode copy = spec.deepCopy();
    for (JsonNode r : copy.at("/http/0/route")) {
      JsonNode d = r.path("destination");
      ((ObjectNode) r).putObject("destination").put("host", d.path("host").asText())
          .put("subset", d.path("subset").asText());
    }
    return copy;
  }

  /** The runs of one flavour as markdown: command, stdout, stderr, exit code; temp paths and the port normalised. */
  static final class Transcript {
    private final Flavour flavour;
    private final String url;
    private final Path work;
    private final StringBuilder md = new StringBuilder();

    Transcript(Flavour flavour, String url, Path work) {
      this.flavour = flavour;
      this.url = url;
      this.work = work;
      md.append("# Walkthrough transcript, ").append(flavour).append(" flavour\n\n")
          .append("Written by WalkthroughIT from real runs of the packaged CLI against the mock API server.\n");
    }

    void step(String title) {
      md.append("\n## ").append(title).append("\n");
    }

    void note(String command) {
      md.append("\n```console\n$ ").append(command).append("\n```\n(done by the test on the mock cluster)\n");
    }


    void run(String command, CommandRun run) {
      md.append("\n```console\n$ ").append(command).append('\n').append(clean(run.out()));
      if (!run.err().isEmpty()) {
        md.append("```\nstderr:\n```\n").append(clean(run.err()));
      }
      md.append("```\nexit code: ").append(run.exitCode()).append('\n');
    }

    private String clean(String text) {
      String s = text.replace(work.toString() + "/", "").replace(work.toString(), ".").replace(url, "https://api.example:6443");
      return s.isEmpty() || s.endsWith("\n") ? s : s + "\n";
    }

    void write() throws IOException {
      Path dir = Files.createDirectories(Path.of("target"));
      Files.writeString(dir.resolve("walkthrough-" + flavour.name().toLowerCase() + ".md"), md.toString());
    }
  }
}
