package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.Issued;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cluster.TestApiServer.Pki;
import io.meshctl.core.cluster.TestApiServer.Seen;
import io.meshctl.core.manifest.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@link Kube} reaches the API server, through fabric8, for each kind of kubeconfig: tokens,
 * token files, basic auth, exec plugins and PEM client certificates in every key format over HTTPS
 * (trust from the kubeconfig's CA, or none under insecure-skip-tls-verify), several files in
 * KUBECONFIG; and what each failure becomes: time-outs, Retry-After, refusals.
 */
class KubeConnectTest {

  @TempDir
  Path dir;

  private static final Pki PKI = Pki.create("localhost");

  /** A kubeconfig with one context {@code c}; {@code cluster} and {@code user} are YAML mapping bodies. */
  private Path kubeconfig(Path file, String server, String cluster, String user) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
        %s
        users:
        - name: u
          user:
        %s
        contexts:
        - name: c
          context: {cluster: c, user: u, namespace: shop}
        current-context: c
        """.formatted(server, indent(cluster), indent(user)));
  }

  private static String indent(String yaml) {
    StringBuilder sb = new StringBuilder();
    yaml.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
    return sb.toString().stripTrailing();
  }

  private static Kube connect(Path kubeconfig) {
    return Kube.connect(new ClusterOptions(kubeconfig, null, null, null, null), Map.of());
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static void assertReached(Kube kube) {
    assertThat(kube.getPath("/api").orElseThrow().path("versions").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void certificateAuthorityDataTrustsTheServerAndTheTokenIsSent() throws IOException {
    try (TestApiServer server = TestApiServer.https(PKI, null);
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(),
            "certificate-authority-data: " + base64(PKI.caPem()), "token: s3cret"))) {
      assertReached(kube);
      assertThat(kube.namespace()).isEqualTo("shop");
      assertThat(kube.server()).isEqualTo(server.url() + "/");
      Seen seen = server.seen.get(0);
      assertThat(seen.authorization()).isEqualTo("Bearer s3cret");
      assertThat(seen.clientSubject()).isNull();
    }
  }

  @Test
  void aServerSignedByAnotherCaIsUnavailableWithATlsMessage() throws IOException {
    Pki other = Pki.create("localhost");
    try (TestApiServer server = TestApiServer.https(PKI, null);
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(),
            "certificate-authority-data: " + base64(other.caPem()), "token: s3cret"))) {
      assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class)
          .hasMessageStartingWith("cannot reach the API server at " + server.url() + "/: TLS handshake failed: ")
          .hasMessageContaining("certificate-authority");
      assertThat(server.seen).as("the token never left the client").isEmpty();
    }
  }

  @Test
  void theHostNameIsCheckedUnlessInsecureSkipTlsVerify() throws IOException {
    Pki elsewhere = Pki.create("elsewhere.example");
    try (TestApiServer server = TestApiServer.https(elsewhere, null)) {
      // trusted CA, but the certificate names another host (and 127.0.0.1, not localhost)
      try (Kube kube = connect(kubeconfig(dir.resolve("secure"), server.url("localhost"),
          "certificate-authority-data: " + base64(elsewhere.caPem()), "token: t"))) {
        assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class)
            .hasMessageContaining("TLS handshake failed");
      }
      // no CA at all, and the wrong host name: kubectl's insecure-skip-tls-verify accepts both
      try (Kube kube = connect(kubeconfig(dir.resolve("insecure"), server.url("localhost"),
          "insecure-skip-tls-verify: true", "token: t"))) {
        assertReached(kube);
      }
    }
  }

  @Test
  void withoutACertificateAuthorityTheJdkRootsDecide() throws IOException {
    try (TestApiServer server = TestApiServer.https(PKI, null);
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(), "", "token: t"))) {
      assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class)
          .hasMessageContaining("TLS handshake failed");
    }
  }

  /**
   * Client certificates in the three PEM key formats kubeconfigs carry, made by openssl; the files
   * are named relative to the kubeconfig, which lives in another directory than the working one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"RSA PRIVATE KEY", "PRIVATE KEY (RSA)", "EC PRIVATE KEY", "PRIVATE KEY (EC)"})
  void clientCertificateAuthInEachKeyFormat(String format) throws Exception {
    assumeTrue(openssl(dir, "version") != null, "openssl is not on PATH");
    Path certs = Files.createDirectories(dir.resolve("home/.kube/certs"));
    openssl(certs, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "client-ca.key", "-out", "client-ca.crt", "-subj", "/CN=client-ca", "-days", "1");
    switch (format) {
      case "RSA PRIVATE KEY" -> openssl(certs, "genrsa", "-traditional", "-out", "alice.key", "2048");
      case "PRIVATE KEY (RSA)" -> openssl(certs, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
          "-out", "alice.key");
      case "EC PRIVATE KEY" -> openssl(certs, "ecparam", "-name", "prime256v1", "-genkey", "-out", "alice.key");
      default -> openssl(certs, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-out", "alice.key");
    }
    String key = Files.readString(certs.resolve("alice.key"));
    assertThat(key).as("openssl wrote the format under test")
        .contains("-----BEGIN " + format.replaceAll(" \\(.*\\)", "") + "-----");
    openssl(certs, "req", "-new", "-key", "alice.key", "-subj", "/CN=alice/O=system:masters", "-out", "alice.csr");
    openssl(certs, "x509", "-req", "-in", "alice.csr", "-CA", "client-ca.crt", "-CAkey", "client-ca.key",
        "-CAcreateserial", "-days", "1", "-out", "alice.crt");
    Files.writeString(certs.resolve("ca.crt"), PKI.caPem());

    try (TestApiServer server = TestApiServer.https(PKI, certificate(certs.resolve("client-ca.crt")));
        Kube kube = connect(kubeconfig(dir.resolve("home/.kube/config"), server.url(),
            "certificate-authority: certs/ca.crt",
            "client-certificate: certs/alice.crt\nclient-key: certs/alice.key"))) {
      assertReached(kube);
      assertThat(server.seen.get(0).clientSubject()).contains("CN=alice");
      assertThat(server.seen.get(0).authorization()).isNull();
    }
  }

  @Test
  void aServerThatWantsAClientCertificateRefusesAUserWithout() throws IOException {
    try (TestApiServer server = TestApiServer.https(PKI, PKI.ca().cert());
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(),
            "certificate-authority-data: " + base64(PKI.caPem()), "token: t"))) {
      assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class);
      assertThat(server.seen).isEmpty();
    }
  }

  @Test
  void basicAuthAndTokenFileHeaders() throws IOException {
    try (TestApiServer server = TestApiServer.http()) {
      try (Kube kube = connect(kubeconfig(dir.resolve("basic/kc"), server.url(), "",
          "username: alice\npassword: \"pa:55\""))) {
        assertReached(kube);
      }
      Files.createDirectories(dir.resolve("file/tokens"));
      Files.writeString(dir.resolve("file/tokens/sa"), "from-file\n");
      try (Kube kube = connect(kubeconfig(dir.resolve("file/kc"), server.url(), "disable-compression: true",
          "tokenFile: tokens/sa"))) {
        assertReached(kube);
      }
      assertThat(server.seen).extracting(Seen::authorization)
          .containsExactly("Basic " + base64("alice:pa:55"), "Bearer from-file");
    }
  }

  /** KUBECONFIG=a:b as kubectl merges it: the first file to define a name or set current-context wins. */
  @Test
  void kubeconfigListMergesFirstDefinitionWins() throws IOException {
    try (TestApiServer server = TestApiServer.http()) {
      Path a = Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("config"), """
          apiVersion: v1
          kind: Config
          current-context: work
          clusters:
          - name: c
            cluster: {server: "%s"}
          users:
          - name: u
            user: {token: first}
          contexts:
          - name: work
            context: {cluster: c, user: u}
          - name: files
            context: {cluster: c, user: from-b, namespace: ops}
          """.formatted(server.url()));
      Path b = Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("config"), """
          apiVersion: v1
          kind: Config
          current-context: other
          clusters:
          - name: c
            cluster: {server: "http://127.0.0.1:1"}
          users:
          - name: u
            user: {token: second}
          - name: from-b
            user: {tokenFile: token}
          contexts:
          - name: work
            context: {cluster: c, user: u, namespace: ignored}
          """);
      Files.writeString(dir.resolve("b/token"), "b-relative");
      Map<String, String> env = Map.of("KUBECONFIG", a + File.pathSeparator + b);
      try (Kube kube = Kube.connect(new ClusterOptions(null, null, null, null, null), env)) {
        assertReached(kube);
        assertThat(kube.namespace()).isEqualTo("default");
      }
      try (Kube kube = Kube.connect(new ClusterOptions(null, "files", null, null, null), env)) {
        assertReached(kube);
        assertThat(kube.namespace()).isEqualTo("ops");
      }
      // the second file's user reads its token file next to the second file
      assertThat(server.seen).extracting(Seen::authorization).containsExactly("Bearer first", "Bearer b-relative");
    }
  }

  @Test
  void anExecPluginProvidesTheToken() throws IOException {
    Path plugin = Files.writeString(dir.resolve("credential-plugin.sh"), """
        #!/bin/sh
        echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"from-exec"}}'
        """);
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    try (TestApiServer server = TestApiServer.http();
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(), "", """
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: ./credential-plugin.sh
              interactiveMode: Never"""))) {
      assertReached(kube);
      assertThat(server.seen.get(0).authorization()).isEqualTo("Bearer from-exec");
    }
  }

  /** API answers become the exit-code table's exceptions, with the server's Status message. */
  @Test
  void refusalsMapToExitCodesWithTheServersMessage() throws IOException {
    try (TestApiServer server = TestApiServer.http();
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(), "", "token: t"))) {
      assertThat(kube.getPath("/api/v1/namespaces/default/configmaps/absent")).isEmpty();
      assertThatThrownBy(() -> kube.getPath("/forbidden")).isInstanceOf(MeshctlException.Forbidden.class)
          .hasMessage("forbidden: /forbidden: configmaps is forbidden: User \"alice\" cannot list "
              + "(ask for RBAC access, or check with kubectl auth can-i)");
      assertThatThrownBy(() -> kube.delete(ResourceType.CONFIG_MAP, "default", "absent"))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessage("ConfigMap/absent not found: the server could not find the requested resource");
      assertThatThrownBy(() -> kube.getPath("/html")).isInstanceOf(MeshctlException.Unavailable.class)
          .hasMessage("cannot reach the API server at " + server.url() + "/: it answered 502: HTTP 502 "
              + "(check the cluster, the kubeconfig context, or --request-timeout)");

      ObjectNode cm = (ObjectNode) ManifestReader.parse("""
          {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "ü"}}
          """, "cm.json").get(0).tree();
      assertThat(kube.create(ResourceType.CONFIG_MAP, "default", cm)).isEqualTo(cm);
      Seen post = server.seen.get(server.seen.size() - 1);
      assertThat(post.method()).isEqualTo("POST");
      assertThat(post.contentType()).startsWith("application/json");
      assertThat(ManifestReader.parse(post.body(), "body.json").get(0).tree()).isEqualTo(cm);
    }
  }

  /** A server that accepts the connection and never answers: --request-timeout ends the wait. */
  @Test
  void aSilentServerTimesOutAsUnavailable() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path kc = kubeconfig(dir.resolve("kc"), "http://127.0.0.1:" + silent.getLocalPort(), "", "token: t");
      try (Kube kube = Kube.connect(new ClusterOptions(kc, null, null, null, Duration.ofMillis(500)), Map.of())) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class)
            .hasMessageContaining("cannot reach the API server at http://127.0.0.1:" + silent.getLocalPort() + "/: ")
            .hasMessageContaining("timeout period of 500ms has been exceeded");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried, not waited out")
            .isLessThan(Duration.ofSeconds(5));
      }
    }
  }

  /** A key that does not parse is bad input naming the kubeconfig user, exit 65, before any request. */
  @Test
  void anUnreadableClientKeyIsInvalidInput() throws IOException {
    Path kc = kubeconfig(dir.resolve("kc"), "https://127.0.0.1:1", "insecure-skip-tls-verify: true",
        "client-certificate-data: " + base64(PKI.caPem()) + "\nclient-key-data: "
            + base64("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"));
    assertThatThrownBy(() -> connect(kc)).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageStartingWith("the client key of kubeconfig user u block 1 (PRIVATE KEY) does not parse: ");
  }

  /**
   * A user with a token, a client certificate whose key is PKCS#8 EC ("BEGIN PRIVATE KEY"), and a
   * username/password: fabric8 alone took such a key for RSA ("Invalid DER: object is not integer").
   */
  @Test
  void tokenClientCertificateAndBasicAuthTogether() throws IOException {
    Issued alice = PKI.client("alice");
    String key = Pem.privateKey(alice.key(), null);
    assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
    try (TestApiServer server = TestApiServer.https(PKI, PKI.ca().cert());
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(),
            "certificate-authority-data: " + base64(PKI.caPem()),
            "token: s3cret\nusername: alice\npassword: pw\nclient-certificate-data: "
                + base64(Pem.certificate(alice.cert())) + "\nclient-key-data: " + base64(key)))) {
      assertReached(kube);
      assertThat(server.seen.get(0).clientSubject()).contains("CN=alice");
      // kubectl refuses two auth methods; fabric8 sends the basic credentials
      assertThat(server.seen.get(0).authorization()).isEqualTo("Basic " + base64("alice:pw"));
    }
  }

  @Test
  void requestsWaitThirtySecondsUnlessTold() throws IOException {
    Path kc = kubeconfig(dir.resolve("kc"), "http://127.0.0.1:1", "", "token: t");
    try (Kube kube = connect(kc)) {
      assertThat(kube.requestTimeout()).contains(Duration.ofSeconds(30));
    }
    try (Kube kube = Kube.connect(new ClusterOptions(kc, null, null, null, Duration.ofMillis(1500)), Map.of())) {
      assertThat(kube.requestTimeout()).contains(Duration.ofMillis(1500));
    }
    try (Kube kube = Kube.connect(new ClusterOptions(kc, null, null, null, Duration.ZERO), Map.of())) {
      assertThat(kube.requestTimeout()).as("--request-timeout 0: no limit").isEmpty();
    }
  }

  /** As client-go: a 429 or 503 with Retry-After is sent again after that many seconds. */
  @Test
  void retryAfterIsHonouredThenTheAnswerIsUsed() throws IOException {
    try (TestApiServer server = TestApiServer.http();
        Kube kube = connect(kubeconfig(dir.resolve("kc"), server.url(), "", "token: t"))) {
      server.script.add(new TestApiServer.Scripted(429, "1", "too many requests"));
      server.script.add(new TestApiServer.Scripted(503, "0", "the server is shutting down"));
      long start = System.nanoTime();
      assertReached(kube);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited the second Retry-After asked for")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(10));
      assertThat(server.seen).extracting(Seen::path).containsExactly("/api", "/api", "/api");
    }
  }

  /** Retry-After past the request timeout, or a 5xx without it, is unreachable (69) at once, with the server's message. */
  @Test
  void busyOrFailingServersAreUnavailable() throws IOException {
    try (TestApiServer server = TestApiServer.http();
        Kube kube = Kube.connect(new ClusterOptions(kubeconfig(dir.resolve("kc"), server.url(), "", "token: t"),
            null, null, null, Duration.ofSeconds(5)), Map.of())) {
      server.script.add(new TestApiServer.Scripted(429, "2", "slow down"));
      server.script.add(new TestApiServer.Scripted(429, "2", "slow down"));
      server.script.add(new TestApiServer.Scripted(429, "2", "slow down"));
      assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class)
          .hasMessage("cannot reach the API server at " + server.url() + "/: it answered 429: slow down (after 3 tries) "
              + "(check the cluster, the kubeconfig context, or --request-timeout)");
      server.seen.clear();
      server.script.add(new TestApiServer.Scripted(500, null, "etcdserver: request timed out"));
      assertThatThrownBy(() -> kube.getPath("/api")).isInstanceOf(MeshctlException.Unavailable.class)
          .hasMessageContaining("it answered 500: etcdserver: request timed out (check");
      assertThat(server.seen).hasSize(1);
    }
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }

  /** Runs openssl in {@code cwd}; null when openssl is not installed; fails the test when it fails. */
  private static String openssl(Path cwd, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
