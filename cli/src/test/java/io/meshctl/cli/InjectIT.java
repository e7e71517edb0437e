package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshctl inject} through the packaged launcher, as a shell pipeline runs it. */
class InjectIT {

  @TempDir
  Path tmp;

  /** The same shape as bench/inject/generate.py: one third of the pods have a second container. */
  static void generate(Path file, int count) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        w.write("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app-%1$d
              namespace: team-%2$d
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: app-%1$d
              template:
                metadata:
                  labels:
                    app: app-%1$d
                    version: v1
                spec:
                  containers:
                  - name: app
                    image: registry.example.com/app:%1$d
                    ports:
                    - name: http
                      containerPort: 8080
                    env:
                    - name: LISTEN
                      value: "8080"
                    readinessProbe:
                      httpGet:
                        path: /ready
                        port: http
            """.formatted(i, i % 7));
        if (i % 3 == 0) {
          w.write("""
                    - name: exporter
                      image: registry.example.com/exporter:1
                      args: ["--port", "9100"]
                      resources:
                        requests:
                          cpu: 10m
                          memory: 32Mi
              """);
        }
        w.write("---\n");
      }
    }
  }

  @Test
  void tenThousandDeploymentsStreamThroughInOrder() throws Exception {
    Path in = tmp.resolve("deployments.yaml");
    Path out = tmp.resolve("injected.yaml");
    generate(in, 10_000);
    CommandRun run = Launcher.run(null, Map.of(), null, "inject", "-f", in.toString(), "--output-file", out.toString(), "-q")
        .assertOk();
    assertThat(run.out()).isEmpty();
    int n = 0;
    try (ManifestReader r = ManifestReader.open(List.of(out.toString()), null)) {
      for (Document d : r) {
        JsonNode pod = d.tree().at("/spec/template/spec");
        assertThat(d.name()).isEqualTo("app-" + n);
        JsonNode containers = pod.path("containers");
        assertThat(containers).hasSize(n % 3 == 0 ? 3 : 2);
        assertThat(containers.get(containers.size() - 1).path("name").asText()).isEqualTo("istio-proxy");
        assertThat(pod.at("/initContainers/0/name").asText()).isEqualTo("istio-init");
        assertThat(pod.at("/containers/0/readinessProbe/httpGet/path").asText()).isEqualTo("/app-health/app/readyz");
        assertThat(containers.get(containers.size() - 1).toString())
            .contains("kubernetes://apis/apps/v1/namespaces/team-" + (n % 7) + "/deployments/app-" + n);
        n++;
      }
    }
    assertThat(n).isEqualTo(10_000);
  }

  @Test
  void wordpressPipelineAndErrors() throws Exception {
    CommandRun run = Launcher.run(null, Map.of(), null, "inject", "-f", Examples.path("wordpress").toString()).assertOk();
    assertThat(ManifestReader.parse(run.out(), "out")).hasSize(8);
    assertThat(run.err()).contains("3 injected, 5 passed through (8 documents)");

    CommandRun again = Launcher.run(run.out(), Map.of(), null, "inject", "-f", "-").assertOk();
    assertThat(again.out()).isEqualTo(run.out());
    assertThat(again.err()).contains("3 already injected");

    CommandRun bad = Launcher.run("kind: Pod\nmetadata: [\n", Map.of(), null, "inject", "-f", "-").assertExit(65);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).contains("<stdin>:").doesNotContain("Exception");
    CommandRun missing = Launcher.run(null, Map.of(), null, "inject", "-f", tmp.resolve("missing.yaml").toString()).assertExit(66);
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void aRepeatedObjectIsWrittenOnceAndDifferingCopiesAreRefused() throws Exception {
    Path mysql = Examples.path("wordpress").resolve("mysql.yaml");
    CommandRun once = Launcher.run(null, Map.of(), null, "inject", "-f", mysql.toString()).assertOk();
    Path copy = Files.copy(mysql, tmp.resolve("mysql-copy.yaml"));
    CommandRun twice = Launcher.run(null, Map.of(), null, "inject", "-f", mysql.toString(), "-f", copy.toString())
        .assertOk();
    assertThat(twice.out()).isEqualTo(once.out());

    Files.writeString(copy, Files.readString(mysql).replace("mysql:5.6", "mysql:5.7"));
    CommandRun differs = Launcher.run(null, Map.of(), null, "inject", "-f", mysql.toString(), "-f", copy.toString())
        .assertExit(65);
    assertThat(differs.out()).isEmpty();
    assertThat(differs.err()).contains(mysql + ":", " and " + copy + ":",
        "both define Deployment wordpress-mysql with different content: keep one").doesNotContain("Exception");
  }
}
