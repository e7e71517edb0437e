package io.meshctl.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Yaml;
import io.meshctl.testkit.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshctl inject} through the real command line, as a user runs it. */
class InjectCommandTest {

  private static final String HELLO = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: hello
      spec:
        template:
          metadata:
            labels:
              app: hello
          spec:
            containers:
            - name: hello
              image: hello:1
      """;

  @TempDir
  Path tmp;

  private static List<Document> docs(String text) {
    return ManifestReader.parse(text, "out");
  }

  @Test
  void injectsTheWordpressExampleToStdoutWithAReportOnStderr() {
    String dir = Examples.path("wordpress").toString();
    CommandRun run = Cli.run("inject", "-f", dir).assertOk();
    List<Document> out = docs(run.out());
    assertThat(out).hasSize(8);
    assertThat(run.out()).contains("name: istio-proxy", "name: istio-init").doesNotContain("creationTimestamp", "status: {}");
    assertThat(run.err()).contains("wordpress.yaml:37: Deployment/wordpress: injected",
        "mysql.yaml:18: Service/wordpress-mysql: passed through", "3 injected, 5 passed through (8 documents)");
  }

  @Test
  void stdinJsonOutputAndJsonReport() throws Exception {
    CommandRun run = Cli.runWithStdin(HELLO + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: hello\n",
        "inject", "-f", "-", "-o", "json", "--report", "json").assertOk();
    List<Document> out = docs(run.out());
    assertThat(out).hasSize(2);
    assertThat(out.get(0).tree().at("/spec/template/spec/containers/1/name").asText()).isEqualTo("istio-proxy");
    JsonNode report = Yaml.jsonMapper().readTree(run.err());
    assertThat(report.at("/summary/injected").asInt()).isEqualTo(1);
    assertThat(report.at("/summary/passed_through").asInt()).isEqualTo(1);
    assertThat(report.at("/objects/0/file").asText()).isEqualTo("<stdin>");
    assertThat(report.at("/objects/0/action").asText()).isEqualTo("injected");
    assertThat(report.at("/objects/1/kind").asText()).isEqualTo("Service");
  }

  @Test
  void uninjectRestoresTheInput() throws Exception {
    Path in = Files.writeString(tmp.resolve("hello.yaml"), HELLO);
    Path injected = tmp.resolve("injected.yaml");
    Cli.run("inject", "-f", in.toString(), "--output-file", injected.toString()).assertOk();
    CommandRun back = Cli.run("inject", "--uninject", "-f", injected.toString()).assertOk();
    assertThat(back.out()).isEqualTo(HELLO);
    assertThat(back.err()).contains("Deployment/hello: uninjected");
  }

  @Test
  void outputFileIsWrittenWholeAndStdoutStaysEmpty() throws Exception {
    Path out = tmp.resolve("out.yaml");
    CommandRun run = Cli.run("inject", "-f", Examples.path("wordpress").toString(), "--output-file", out.toString()).assertOk();
    assertThat(run.out()).isEmpty();
    assertThat(docs(Files.readString(out))).hasSize(8);
    assertThat(run.err()).contains("wrote " + out);
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).containsExactly(out); // no temporary file left behind
    }
  }

  @Test
  void outputFileHasTheModeOfAPlainWrite() throws Exception {
    // A spool made by Files.createTempFile is 0600; renamed into place, the manifest was unreadable by others.
    String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.writeString(tmp.resolve("plain"), "x")));
    Path out = tmp.resolve("out.yaml");
    Cli.runWithStdin(HELLO, "inject", "-f", "-", "--output-file", out.toString()).assertOk();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo(plain);

    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
    Cli.runWithStdin(HELLO, "inject", "-f", "-", "--output-file", out.toString()).assertOk();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
  }

  @Test
  void anErrorInTheLastDocumentWritesNothingAndKeepsAnExistingOutputFile() throws Exception {
    Path good = Files.writeString(tmp.resolve("a-good.yaml"), HELLO);
    // another Deployment (the same name twice with different content would be refused as such)
    Path bad = Files.writeString(tmp.resolve("b-bad.yaml"), HELLO.replace("    metadata:\n      labels:",
        "    metadata:\n      annotations:\n        traffic.sidecar.istio.io/includeInboundPorts: \"80,http\"\n      labels:")
        .replaceFirst("name: hello", "name: hello-bad"));
    CommandRun run = Cli.run("inject", "-f", good.toString(), "-f", bad.toString()).assertExit(65);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("b-bad.yaml:1: Deployment/hello-bad: invalid value '80,http' for annotation "
        + "'traffic.sidecar.istio.io/includeInboundPorts'");

    Path out = Files.writeString(tmp.resolve("out.yaml"), "previous\n");
    Cli.run("inject", "-f", tmp.toString(), "--output-file", out.toString()).assertExit(65);
    assertThat(Files.readString(out)).isEqualTo("previous\n");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a-good.yaml", "b-bad.yaml", "out.yaml");
    }
  }

  @Test
  void malformedYamlIs65WithTheLineAndEmptyStdout() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), HELLO + "---\nkind: [unclosed\n");
    CommandRun run = Cli.run("inject", "-f", bad.toString()).assertExit(65);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("bad.yaml:").contains("malformed YAML");
  }

  @Test
  void missingFileIs66BeforeAnythingIsRead() {
    CommandRun run = Cli.run("inject", "-f", Examples.path("wordpress").toString(), "-f", tmp.resolve("nope.yaml").toString())
        .assertExit(66);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("nope.yaml: no such file or directory");
  }

  @Test
  void strictRefusesAHostNetworkWorkload() {
    String hostNet = HELLO.replace("      containers:", "      hostNetwork: true\n      containers:");
    CommandRun lenient = Cli.runWithStdin(hostNet, "inject", "-f", "-").assertOk();
    assertThat(lenient.err()).contains("Deployment/hello: skipped (host networking enabled)");
    assertThat(docs(lenient.out()).get(0).tree()).isEqualTo(docs(hostNet).get(0).tree());
    CommandRun strict = Cli.runWithStdin(hostNet, "inject", "-f", "-", "--strict").assertExit(65);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err()).contains("cannot be injected: host networking enabled (--strict");
  }

  @Test
  void imageFlagsAndInjectionConfig() throws Exception {
    CommandRun hubTag = Cli.runWithStdin(HELLO, "inject", "-f", "-", "--hub", "reg.example/istio", "--tag", "1.20.1").assertOk();
    assertThat(hubTag.out()).contains("image: reg.example/istio/proxyv2:1.20.1").doesNotContain("docker.io");
    CommandRun images = Cli.runWithStdin(HELLO, "inject", "-f", "-", "--proxy-image", "p.example/envoy:1",
        "--init-image", "p.example/init:2").assertOk();
    assertThat(images.out()).contains("image: p.example/envoy:1", "image: p.example/init:2");
    Path cfg = Files.writeString(tmp.resolve("cfg.yaml"), "statusPort: 15999\nresources:\n  requests:\n    cpu: 5m\n");
    CommandRun config = Cli.runWithStdin(HELLO, "inject", "-f", "-", "--injection-config", cfg.toString()).assertOk();
    assertThat(config.out()).contains("prometheus.io/port: \"15999\"", "cpu: 5m").doesNotContain("cpu: 2000m");
    Path typo = Files.writeString(tmp.resolve("typo.yaml"), "statusport: 1\n");
    CommandRun bad = Cli.runWithStdin(HELLO, "inject", "-f", "-", "--injection-config", typo.toString()).assertExit(65);
    assertThat(bad.err()).contains("typo.yaml: unknown key 'statusport'");
    assertThat(bad.out()).isEmpty();
  }

  @Test
  void nativeAndIstio13Shapes() {
    CommandRun nat = Cli.runWithStdin(HELLO, "inject", "-f", "-", "--native-sidecar").assertOk();
    JsonNode pod = docs(nat.out()).get(0).tree().at("/spec/template/spec");
    assertThat(pod.at("/initContainers/1/name").asText()).isEqualTo("istio-proxy");
    assertThat(pod.at("/initContainers/1/restartPolicy").asText()).isEqualTo("Always");
    CommandRun old = Cli.runWithStdin(HELLO.replace("image: hello:1", "image: hello:1\n        ports:\n        - containerPort: 8080"),
        "inject", "-f", "-", "--istio-1.3").assertOk();
    assertThat(old.out()).contains("proxy_init:1.3.0", "secretName: istio.default", "- -b\n        - \"8080\"");
    Cli.runWithStdin(HELLO, "inject", "-f", "-", "--istio-1.3", "--native-sidecar").assertExit(64);
  }
}
