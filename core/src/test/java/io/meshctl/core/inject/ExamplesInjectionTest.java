package io.meshctl.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.ManifestWriter;
import io.meshctl.testkit.Examples;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bundled docs/examples, as a user would inject them. */
class ExamplesInjectionTest {

  private static List<Document> read(Path dir) {
    try (ManifestReader r = ManifestReader.open(List.of(dir.toString()), null)) {
      return r.readAll();
    }
  }

  private static String write(List<Document> docs) {
    StringWriter out = new StringWriter();
    ManifestWriter w = new ManifestWriter(out, ManifestWriter.Format.YAML);
    docs.forEach(d -> w.write(d.tree()));
    return out.toString();
  }

  private static List<ObjectReport> process(List<Document> docs, InjectionService.Mode mode, Shape shape) {
    InjectionService s = new InjectionService(InjectionConfig.defaults(), mode, shape, false);
    List<ObjectReport> reports = new ArrayList<>();
    docs.forEach(d -> reports.addAll(s.process(d)));
    return reports;
  }

  private static long named(JsonNode list, String name) {
    long n = 0;
    for (JsonNode c : list) {
      n += name.equals(c.path("name").asText()) ? 1 : 0;
    }
    return n;
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void wordpressAndMysqlPodsGetExactlyOneProxyAndOneInit(Shape shape) {
    List<Document> original = read(Examples.path("wordpress"));
    List<Document> docs = read(Examples.path("wordpress"));
    List<ObjectReport> reports = process(docs, InjectionService.Mode.INJECT, shape);

    assertThat(reports).extracting(ObjectReport::object, r -> r.action().words()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ConfigMap/mysql-config", "passed through"),
        org.assertj.core.groups.Tuple.tuple("Service/wordpress-mysql", "passed through"),
        org.assertj.core.groups.Tuple.tuple("PersistentVolumeClaim/mysql-pv-claim", "passed through"),
        org.assertj.core.groups.Tuple.tuple("Deployment/wordpress-mysql", "injected"),
        org.assertj.core.groups.Tuple.tuple("Deployment/wordpress-v2", "injected"),
        org.assertj.core.groups.Tuple.tuple("Service/wordpress", "passed through"),
        org.assertj.core.groups.Tuple.tuple("PersistentVolumeClaim/wp-pv-claim", "passed through"),
        org.assertj.core.groups.Tuple.tuple("Deployment/wordpress", "injected"));
    for (int i = 0; i < docs.size(); i++) {
      JsonNode tree = docs.get(i).tree();
      if (!tree.path("kind").asText().equals("Deployment")) {
        assertThat(tree).as("untouched " + docs.get(i).describe()).isEqualTo(original.get(i).tree());
        continue;
      }
      JsonNode pod = tree.path("spec").path("template").path("spec");
      JsonNode all = pod.path("containers").deepCopy();
      ((com.fasterxml.jackson.databind.node.ArrayNode) all).addAll((com.fasterxml.jackson.databind.node.ArrayNode) pod.path("initContainers"));
      assertThat(named(all, "istio-proxy")).as("proxies in " + docs.get(i).describe()).isEqualTo(1);
      assertThat(named(all, "istio-init")).as("init containers in " + docs.get(i).describe()).isEqualTo(1);
      assertThat(pod.path("containers").get(0).path("name").asText()).isIn("wordpress", "mysql");
      // The app container keeps its image, env, ports, resources and mounts.
      JsonNode app = pod.path("containers").get(0);
      JsonNode originalApp = original.get(i).tree().path("spec").path("template").path("spec").path("containers").get(0);
      for (String field : List.of("image", "env", "ports", "resources", "volumeMounts")) {
        assertThat(app.path(field)).as(field).isEqualTo(originalApp.path(field));
      }
    }
  }

  @Test
  void everyExampleIsIdempotentAndUninjectsExactly() throws Exception {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(Examples.root())) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(dirs).hasSizeGreaterThanOrEqualTo(3);
    for (Path dir : dirs) {
      for (Shape shape : Shape.values()) {
        String original = write(read(dir));
        List<Document> docs = read(dir);
        process(docs, InjectionService.Mode.INJECT, shape);
        String injected = write(docs);

        List<Document> again = ManifestReader.parse(injected, "injected.yaml");
        List<ObjectReport> second = process(again, InjectionService.Mode.INJECT, shape);
        assertThat(write(again)).as("re-injecting " + dir.getFileName() + " " + shape).isEqualTo(injected);
        assertThat(second).noneMatch(r -> r.action() == ObjectReport.Action.INJECTED || r.action() == ObjectReport.Action.REINJECTED);

        List<Document> back = ManifestReader.parse(injected, "injected.yaml");
        process(back, InjectionService.Mode.UNINJECT, shape);
        assertThat(write(back)).as("uninjecting " + dir.getFileName() + " " + shape).isEqualTo(original);
      }
    }
  }

  @Test
  void reinjectingInAnotherShapeReplacesTheOldSidecar() {
    List<Document> docs = read(Examples.path("wordpress"));
    process(docs, InjectionService.Mode.INJECT, Shape.CLASSIC);
    List<ObjectReport> reports = process(docs, InjectionService.Mode.INJECT, Shape.NATIVE);
    assertThat(reports).filteredOn(r -> "Deployment".equals(r.kind()))
        .allMatch(r -> r.action() == ObjectReport.Action.REINJECTED);
    String nativeOnce = write(docs);
    List<Document> fresh = read(Examples.path("wordpress"));
    process(fresh, InjectionService.Mode.INJECT, Shape.NATIVE);
    assertThat(nativeOnce).isEqualTo(write(fresh));
  }

  @Test
  void uninjectsWhatIstioctlInjectedByItsStatusAnnotation() {
    // istioctl's status has no record of labels and annotations: Istio's well-known ones are removed.
    String istioctl = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: hello
          labels:
            app: hello
            security.istio.io/tlsMode: istio
            service.istio.io/canonical-name: hello
            service.istio.io/canonical-revision: latest
          annotations:
            istio.io/rev: default
            prometheus.io/path: /stats/prometheus
            prometheus.io/port: "15020"
            prometheus.io/scrape: "true"
            sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy"],"imagePullSecrets":null,"revision":"default"}'
        spec:
          containers:
          - name: hello
            image: hello
            readinessProbe:
              httpGet:
                path: /app-health/hello/readyz
                port: 15020
          - name: istio-proxy
            image: proxyv2
            env:
            - name: ISTIO_KUBE_APP_PROBERS
              value: '{"/app-health/hello/readyz":{"httpGet":{"path":"/ready","port":8080}}}'
            - name: ISTIO_PROMETHEUS_ANNOTATIONS
              value: '{"scrape":"true","port":"9090"}'
          initContainers:
          - name: istio-init
            image: proxyv2
          volumes:
          - name: istio-envoy
            emptyDir: {}
          - name: data
            emptyDir: {}
        """;
    List<Document> docs = ManifestReader.parse(istioctl, "istioctl.yaml");
    assertThat(process(docs, InjectionService.Mode.UNINJECT, Shape.CLASSIC)).extracting(ObjectReport::action)
        .containsExactly(ObjectReport.Action.UNINJECTED);
    JsonNode pod = docs.get(0).tree();
    assertThat(pod.path("metadata").path("labels").toString()).isEqualTo("{\"app\":\"hello\"}");
    assertThat(pod.path("metadata").path("annotations").toString())
        .isEqualTo("{\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9090\"}");
    assertThat(pod.path("spec").path("containers")).hasSize(1);
    assertThat(pod.path("spec").path("containers").get(0).path("readinessProbe").toString())
        .isEqualTo("{\"httpGet\":{\"path\":\"/ready\",\"port\":8080}}");
    assertThat(pod.path("spec").path("initContainers")).isEmpty();
    assertThat(pod.path("spec").path("volumes").toString()).isEqualTo("[{\"name\":\"data\",\"emptyDir\":{}}]");
  }
}
