package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.cli.testing.Values;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.TreeCodec;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshctl inject} through the packaged launcher: what it does not modify comes out with the
 * same values, on stdout (the all-or-nothing spool), with {@code --output-file} and from stdin.
 */
class ValuePreservationIT {

  /** The values the issue reported corrupted, and numbers in forms Jackson would write differently. */
  static final String PASS_THROUGH = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: tricky
      data:
        k: "x\\ty z"
        n: '* hello'
        schedule: "*/1 * * * *"
        multi: |
          line one
            line two
        hex: "0x1F"
        on: "on"
        time: "12:30"
      ---
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata:
        name: wordpress-gateway
      spec:
        servers:
        - port: {number: 80, name: http, protocol: HTTP}
          hosts:
          - '* wordpress-mysql'
      ---
      apiVersion: example.com/v1
      kind: Numbers
      metadata:
        name: numbers
      spec:
        big: 1e400
        decimal: 1.50
        hex: 0x1F
        grouped: 1_000
        negativeZero: -0
        exact: 123456789012345678901234567890
        flag: true
        nothing: null
      """;

  @TempDir
  Path tmp;

  @Test
  void passedThroughValuesAreUnchangedOnStdoutFromStdinAndInTheOutputFile() throws IOException {
    Path in = Files.writeString(tmp.resolve("in.yaml"), PASS_THROUGH);
    Path file = tmp.resolve("out.yaml");
    CommandRun stdout = Launcher.run(null, Map.of(), tmp, "inject", "-f", "in.yaml", "--report", "json").assertOk();
    CommandRun stdin = Launcher.run(PASS_THROUGH, Map.of(), tmp, "inject", "-f", "-", "--report", "json").assertOk();
    CommandRun toFile = Launcher.run(null, Map.of(), tmp, "inject", "-f", in.toString(), "--output-file", file.toString(),
        "--report", "json").assertOk();
    assertThat(toFile.out()).isEmpty();
    for (String out : List.of(stdout.out(), stdin.out(), Files.readString(file))) {
      Values.assertUnchangedDocumentsKeepTheirValues(PASS_THROUGH, "in.yaml", out, TreeCodec.parseJson(stdout.err()));
      assertThat(out).contains("k: \"x\\ty z\"", "'* hello'", "schedule: '*/1 * * * *'", "'* wordpress-mysql'", "big: 1e400",
          "decimal: 1.50", "hex: 0x1F", "grouped: 1_000", "negativeZero: -0");
    }
    assertThat(stdout.out()).isEqualTo(stdin.out()).isEqualTo(Files.readString(file));
  }

  @Test
  void jsonOutputIsValidJsonWithTheSameValues() throws IOException {
    Files.writeString(tmp.resolve("in.yaml"), PASS_THROUGH);
    CommandRun run = Launcher.run(null, Map.of(), tmp, "inject", "-f", "in.yaml", "-o", "json").assertOk();
    List<JsonNode> out = new ArrayList<>();
    io.meshctl.core.manifest.Yaml.jsonMapper().readerFor(JsonNode.class).readValues(run.out())
        .forEachRemaining(n -> out.add((JsonNode) n)); // Jackson's own JSON reader: strict JSON
    assertThat(out).hasSize(3);
    JsonNode numbers = out.get(2).path("spec");
    assertThat(numbers.path("hex").intValue()).isEqualTo(31); // 0x1F is YAML only: its value
    assertThat(numbers.path("grouped").intValue()).isEqualTo(1000);
    assertThat(run.out()).contains("\"big\" : 1e400", "\"decimal\" : 1.50", "\"k\" : \"x\\ty z\"");
  }

  /** Istio's own plain CronJob crashed with IndexOutOfBoundsException, as did any multi-line command once injected. */
  @Test
  void cronJobAndMultiLineCommandsInjectToStdoutWithTheirValues() throws IOException {
    String input = """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: hello
        spec:
          schedule: "*/1 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: hello
                    image: busybox
                    command: ["/bin/sh", "-c"]
                    args:
                    - |
                      date; echo "Hello from the Kubernetes cluster"
                      echo '* done'
                    env:
                    - {name: TAB, value: "a\\tb c"}
                    - {name: RATIO, value: "1.50"}
                    resources: {requests: {cpu: 1.50}}
        """;
    Files.writeString(tmp.resolve("cron.yaml"), input);
    for (CommandRun run : List.of(Launcher.run(null, Map.of(), tmp, "inject", "-f", "cron.yaml"),
        Launcher.run(input, Map.of(), tmp, "inject", "-f", "-"))) {
      run.assertOk();
      assertThat(run.err()).contains("CronJob/hello: injected").doesNotContain("Exception");
      JsonNode before = ManifestReader.parse(input, "cron.yaml").get(0).tree();
      JsonNode after = ManifestReader.parse(run.out(), "stdout").get(0).tree();
      assertThat(Values.dump(after.at("/spec/schedule"))).isEqualTo(Values.dump(before.at("/spec/schedule")));
      JsonNode app = before.at("/spec/jobTemplate/spec/template/spec/containers/0");
      JsonNode appAfter = after.at("/spec/jobTemplate/spec/template/spec/containers/0");
      for (String field : List.of("command", "args", "env", "resources")) {
        assertThat(Values.dump(appAfter.get(field))).as(field).isEqualTo(Values.dump(app.get(field)));
      }
      assertThat(run.out()).contains("cpu: 1.50");
    }
  }

  @Test
  void aProbePortBeyondAnyPortIsInvalidInputNamingTheField() throws IOException {
    Files.writeString(tmp.resolve("probe.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            readinessProbe:
              httpGet: {path: /ready, port: 2147483648}
        """);
    for (String[] args : List.of(new String[] {"inject", "-f", "probe.yaml"},
        new String[] {"inject", "-f", "probe.yaml", "--output-file", "out.yaml"})) {
      CommandRun run = Launcher.run(null, Map.of(), tmp, args).assertExit(65);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception")
          .contains("probe.yaml:1", "Pod/web", "container app", "readinessProbe.httpGet.port", "2147483648", "1-65535");
    }
    assertThat(tmp.resolve("out.yaml")).doesNotExist();
  }

  /** Kubernetes objects are JSON: YAML's infinity has no place in one, and is refused before anything is written. */
  @Test
  void yamlInfinityIsInvalidInputNamingFileAndLine() throws IOException {
    Files.writeString(tmp.resolve("inf.yaml"), PASS_THROUGH + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
        + "data:\n  ratio: .inf\n");
    CommandRun run = Launcher.run(null, Map.of(), tmp, "inject", "-f", "inf.yaml", "--report", "none").assertExit(65);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception")
        .startsWith("error: inf.yaml:" + (PASS_THROUGH.lines().count() + 7) + ":").contains(".inf is an infinity or NaN");
  }

  /** Every golden of core's injection tests, through the launcher, byte for byte. */
  @TestFactory
  Stream<DynamicTest> injectGoldensThroughTheLauncher() throws IOException {
    Path dir = Examples.root().resolveSibling("../core/src/test/resources/inject").normalize();
    List<Path> inputs;
    try (Stream<Path> files = Files.list(dir)) {
      inputs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(inputs).hasSizeGreaterThan(20);
    return inputs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> golden(p)));
  }

  private static void golden(Path input) throws IOException {
    String name = input.getFileName().toString();
    List<String> args = new ArrayList<>(List.of("inject", "-f", name));
    args.addAll(options(Files.readAllLines(input).get(0)));
    CommandRun run = Launcher.run(null, Map.of(), input.getParent(), args.toArray(String[]::new));
    Path injected = input.resolveSibling(name + ".injected");
    Path error = input.resolveSibling(name + ".error");
    if (Files.exists(error)) {
      run.assertExit(65);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains(Files.readString(error).strip());
    } else {
      run.assertOk();
      assertThat(run.out()).isEqualTo(Files.readString(injected));
      Path report = input.resolveSibling(name + ".report");
      if (Files.exists(report)) {
        // The golden's warnings are indented under their object; the CLI prefixes them with file and object.
        assertThat(run.err().lines().toList())
            .containsAll(Files.readAllLines(report).stream().filter(l -> !l.startsWith(" ")).toList());
      }
    }
  }

  /** The golden's {@code # meshctl-test:} options as command-line flags. */
  private static List<String> options(String first) {
    Map<String, String> opts = new HashMap<>();
    if (first.startsWith("# meshctl-test:")) {
      for (String kv : first.substring("# meshctl-test:".length()).trim().split("\\s+")) {
        String[] p = kv.split("=", 2);
        opts.put(p[0], p.length > 1 ? p[1] : "true");
      }
    }
    List<String> args = new ArrayList<>();
    switch (opts.getOrDefault("shape", "classic")) {
      case "native" -> args.add("--native-sidecar");
      case "istio-1.3" -> args.add("--istio-1.3");
      default -> { }
    }
    Map<String, String> flags = Map.of("hub", "--hub", "tag", "--tag", "proxyImage", "--proxy-image",
        "initImage", "--init-image", "config", "--injection-config", "values", "--injection-values", "mesh", "--mesh-config",
        "injectConfig", "--injectConfigFile", "revision", "--revision");
    opts.forEach((k, v) -> {
      if (flags.containsKey(k)) {
        args.add(flags.get(k));
        args.add(v);
      }
    });
    if (opts.containsKey("strict")) {
      args.add("--strict");
    }
    return args;
  }

  /** Every bundled example: injected where it is a workload, every other document unchanged. */
  @TestFactory
  Stream<DynamicTest> everyExampleThroughTheLauncher() throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(Examples.root())) {
      files = all.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    return files.stream().map(f -> DynamicTest.dynamicTest(Examples.root().relativize(f).toString(), () -> {
      String input = Files.readString(f);
      CommandRun run = Launcher.run(null, Map.of(), null, "inject", "-f", f.toString(), "--report", "json").assertOk();
      Values.assertUnchangedDocumentsKeepTheirValues(input, f.toString(), run.out(), TreeCodec.parseJson(run.err()));
      List<Document> out = ManifestReader.parse(run.out(), "stdout");
      assertThat(out).isNotEmpty();
    }));
  }
}
