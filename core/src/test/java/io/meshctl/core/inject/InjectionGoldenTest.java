package io.meshctl.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.ManifestWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden pairs in {@code src/test/resources/inject}: {@code X.yaml} is the input,
 * {@code X.yaml.injected} the output, {@code X.yaml.report} the report lines, or
 * {@code X.yaml.error} the one-line error when the input must be refused. A first line
 * {@code # meshctl-test: shape=native hub=... tag=... proxyImage=... initImage=... config=FILE strict
 * values=FILE mesh=FILE injectConfig=FILE revision=REV} sets the options: {@code values}/{@code mesh}/
 * {@code injectConfig} are Istio's own inputs as files (one golden per source of settings; the live
 * ConfigMaps are {@link ClusterSettingsInjectionTest}'s), and settings of an Istio 1.x release choose the
 * 1.x shape as the CLI does. The {@code .injected} file is compared as a tree first, so a failure names
 * the field path of the first difference ({@link TreeDiff}). Every golden is also injected a second time (nothing may change) and uninjected
 * (the input must come back exactly).
 *
 * <p>Regenerate with {@code mvn -o -q test -pl core -Dtest=InjectionGoldenTest -Dmeshctl.refreshGolden=true}
 * and read every changed file before committing it.
 */
class InjectionGoldenTest {

  private static final boolean REFRESH = Boolean.getBoolean("meshctl.refreshGolden");
  private static final Path DIR = Path.of("src/test/resources/inject");

  record Case(Path input, InjectionConfig config, Shape shape, boolean strict) {

    String name() {
      return input.getFileName().toString();
    }

    Path sibling(String suffix) {
      return input.resolveSibling(name() + suffix);
    }

    InjectionService service(InjectionService.Mode mode) {
      return new InjectionService(config, mode, shape, strict);
    }
  }

  @TestFactory
  Stream<DynamicTest> goldens() throws IOException {
    List<Path> inputs;
    try (Stream<Path> files = Files.list(DIR)) {
      inputs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(inputs).hasSizeGreaterThan(20);
    return inputs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(read(p))));
  }

  static Case read(Path input) throws IOException {
    String first = Files.readAllLines(input).get(0);
    Map<String, String> opts = new HashMap<>();
    if (first.startsWith("# meshctl-test:")) {
      for (String kv : first.substring("# meshctl-test:".length()).trim().split("\\s+")) {
        String[] p = kv.split("=", 2);
        opts.put(p[0], p.length > 1 ? p[1] : "true");
      }
    }
    IstioInputs inputs = null;
    if (opts.containsKey("values") || opts.containsKey("mesh") || opts.containsKey("injectConfig")) {
      inputs = IstioInputs.fromFiles(file(input, opts.get("values")), file(input, opts.get("mesh")),
          file(input, opts.get("injectConfig")), null);
    }
    InjectionConfig config = InjectionConfig.load(inputs, SettingsOrigin.bundled(null),
        opts.containsKey("config") ? input.resolveSibling(opts.get("config")) : null,
        new InjectionConfig.ImageOverrides(opts.get("hub"), opts.get("tag"), opts.get("proxyImage"), opts.get("initImage")),
        opts.get("revision"));
    Shape shape = config.legacy() ? Shape.ISTIO_1_3 : switch (opts.getOrDefault("shape", "classic")) {
      case "native" -> Shape.NATIVE;
      case "istio-1.3" -> Shape.ISTIO_1_3;
      default -> Shape.CLASSIC;
    };
    return new Case(input, config, shape, opts.containsKey("strict"));
  }

  private static Path file(Path input, String name) {
    return name == null ? null : input.resolveSibling(name);
  }

  /** The output stream and the report lines, as the CLI would write them. */
  record Run(String output, List<String> report) {
  }

  static Run run(Case c, InjectionService.Mode mode, String text, String name) {
    InjectionService service = c.service(mode);
    StringWriter out = new StringWriter();
    ManifestWriter writer = new ManifestWriter(out, ManifestWriter.Format.YAML);
    List<String> report = new ArrayList<>();
    for (Document d : ManifestReader.parse(text, name)) {
      for (ObjectReport r : service.process(d)) {
        report.add(r.line());
        r.warnings().forEach(w -> report.add("  warning: " + w));
      }
      writer.write(d.tree());
    }
    return new Run(out.toString(), report);
  }

  private static void check(Case c) throws IOException {
    String input = Files.readString(c.input(), StandardCharsets.UTF_8);
    String name = c.name();
    Path errorFile = c.sibling(".error");
    if (Files.exists(errorFile) || (REFRESH && input.contains("# expect-error"))) {
      String message;
      try {
        run(c, InjectionService.Mode.INJECT, input, name);
        message = null;
      } catch (MeshctlException.InvalidInput e) {
        message = e.getMessage();
      }
      if (REFRESH) {
        Files.writeString(errorFile, message + "\n");
      }
      assertThat(message).as("error for " + name).isEqualTo(Files.readString(errorFile).strip());
      return;
    }
    Run injected = run(c, InjectionService.Mode.INJECT, input, name);
    String report = String.join("\n", injected.report()) + "\n";
    if (REFRESH) {
      Files.writeString(c.sibling(".injected"), injected.output());
      Files.writeString(c.sibling(".report"), report);
    }
    String expected = Files.readString(c.sibling(".injected"));
    assertThat(TreeDiff.first(expected, injected.output())).as(name + ".injected: first differing field").isNull();
    assertThat(injected.output()).as(name + ".injected").isEqualTo(expected);
    assertThat(report).as(name + ".report").isEqualTo(Files.readString(c.sibling(".report")));

    // Idempotent: injecting the output again changes no byte.
    Run again = run(c, InjectionService.Mode.INJECT, injected.output(), name + ".injected");
    assertThat(again.output()).as("re-injecting " + name).isEqualTo(injected.output());
    assertThat(again.report()).noneMatch(l -> l.contains(": injected") || l.contains("re-injected"));

    // Exact inverse: uninject(inject(x)) is x, written the same way.
    String original = run(c, InjectionService.Mode.UNINJECT, input, name).output();
    Run uninjected = run(c, InjectionService.Mode.UNINJECT, injected.output(), name + ".injected");
    assertThat(uninjected.output()).as("uninjecting " + name).isEqualTo(original);
  }

  @org.junit.jupiter.api.Test
  void refreshIsOff() {
    // A refresh run rewrites the goldens and so cannot fail; it must never be the committed default.
    assertThat(REFRESH).as("-Dmeshctl.refreshGolden is for regenerating, not for CI").isFalse();
  }

  /**
   * The status of a gRPC template also lists the app containers the template added env to, as Istio's
   * does; a pod injected by Istio (no meshctl record) loses only what the templates brought, never its app.
   */
  @org.junit.jupiter.api.Test
  void uninjectingAnIstioInjectedGrpcPodKeepsTheAppContainers() throws IOException {
    String agent = istioInjected("grpc-agent.yaml", "\\\"containers\\\":[\\\"echo\\\",\\\"istio-proxy\\\"]");
    String out = run(read(DIR.resolve("grpc-agent.yaml")), InjectionService.Mode.UNINJECT, agent, "agent.yaml").output();
    assertThat(out).contains("- name: echo", "containerPort: 17070", "value: /custom/bootstrap.json", "path: /ready")
        .doesNotContain("istio-proxy", "GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT", "istio-xds", "istio-data",
            "sidecar.istio.io/status");

    String simple = istioInjected("grpc-simple.yaml", "\\\"containers\\\":[\\\"echo\\\",\\\"metrics\\\"]");
    out = run(read(DIR.resolve("grpc-simple.yaml")), InjectionService.Mode.UNINJECT, simple, "simple.yaml").output();
    assertThat(out).contains("- name: echo", "- name: metrics", "- name: migrate", "value: \"17070\"", "mountPath: /etc/metrics")
        .doesNotContain("grpc-bootstrap-init", "GRPC_", "grpc-io-proxyless-bootstrap", "sidecar.istio.io/status");

    // Combined with the sidecar: its istio-init and istio-proxy go too.
    String both = istioInjected("grpc-simple-with-sidecar.yaml", "\\\"containers\\\":[\\\"echo\\\"]");
    out = run(read(DIR.resolve("grpc-simple-with-sidecar.yaml")), InjectionService.Mode.UNINJECT, both, "both.yaml").output();
    assertThat(out).contains("- name: echo", "- name: migrate")
        .doesNotContain("istio-init", "istio-proxy", "grpc-bootstrap-init", "GRPC_", "istio-envoy", "sidecar.istio.io/status");
  }

  @org.junit.jupiter.api.Test
  void aTemplateNamedTwiceIsAppliedOnce() {
    assertThat(Injector.templates("sidecar, grpc-simple,sidecar", "p.yaml")).containsExactly("sidecar", "grpc-simple");
    assertThat(Injector.templates(" ", "p.yaml")).containsExactly("sidecar");
  }

  /** The golden's output as Istio's webhook leaves it: the same status (which {@code listed} is from), no meshctl record. */
  private static String istioInjected(String golden, String listed) throws IOException {
    String injected = Files.readString(DIR.resolve(golden + ".injected"));
    assertThat(injected).contains(listed);
    return injected.replaceAll("(?m)^ *inject\\.meshctl\\.io/record: .*\n", "");
  }

  @org.junit.jupiter.api.Test
  void badStatusAnnotationOnUninjectNamesTheObject() {
    String doc = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    sidecar.istio.io/status: nope\n"
        + "spec:\n  containers:\n  - name: a\n    image: a\n";
    Case c = new Case(Path.of("p.yaml"), InjectionConfig.defaults(), Shape.CLASSIC, false);
    assertThatThrownBy(() -> run(c, InjectionService.Mode.UNINJECT, doc, "p.yaml"))
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageContaining("p.yaml:1: Pod/p").hasMessageContaining("sidecar.istio.io/status");
  }
}
