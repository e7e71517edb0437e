package io.meshctl.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.authn.TlsCheck;
import io.meshctl.core.authn.TlsCheckRow;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshots from {@code -f} manifests: repeated objects and objects the decisions cannot name. */
class SnapshotBuilderTest {

  @TempDir
  Path tmp;

  private static List<Document> read(Path... files) {
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(f.toString());
    }
    try (ManifestReader r = ManifestReader.open(names, null)) {
      return r.readAll();
    }
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(tmp.resolve(name), yaml);
  }

  private static MeshSnapshot build(List<Document> docs) {
    return new SnapshotBuilder("default", "istio-system", null).addDocuments(docs).build(true, null);
  }

  @Test
  void aRepeatedObjectWithOtherContentIs65NamingBothPlaces() {
    Path disable = Examples.path("mesh-legacy").resolve("destinationrule-mysql-disable.yaml");
    Path mutual = Examples.path("mesh-legacy").resolve("destinationrule-mysql-mutual.yaml");
    assertThatThrownBy(() -> build(read(disable, mutual)))
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessage(disable + ":5 and " + mutual + ":3 both define DestinationRule default/wordpress-mysql "
            + "with different content: keep one");
  }

  @Test
  void anIdenticalRepeatCountsOnceWhateverItsKeyOrderOrSpelledOutNamespace() throws IOException {
    Path a = write("a.yaml", """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: svc}
        spec: {host: svc, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
        """);
    Path b = write("b.yaml", """
        kind: DestinationRule
        apiVersion: networking.istio.io/v1
        spec:
          trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
          host: svc
        metadata: {namespace: default, name: svc}
        """);
    assertThat(build(read(a, b)).destinationRules()).hasSize(1);
    // in another namespace it is another object
    assertThat(new SnapshotBuilder("web", "istio-system", null).addDocuments(read(a, b)).build(true, null)
        .destinationRules()).hasSize(2);
  }

  /**
   * A CI gate must not depend on file order: over every order of the article's files the verdict is
   * the same, and with both wordpress-mysql rules (alternatives, not a pair) it is always 65.
   */
  @Test
  void theVerdictIsTheSameForEveryOrderOfTheFiles() {
    Path legacy = Examples.path("mesh-legacy");
    List<List<Document>> files = new ArrayList<>();
    files.add(read(Examples.path("wordpress")));
    for (String f : List.of("mtls-meshpolicy.yaml", "istio-configmap.yaml", "destinationrule-mysql-disable.yaml",
        "wordpress-gateway.yaml")) {
      files.add(read(legacy.resolve(f)));
    }
    Set<List<String>> verdicts = new HashSet<>();
    for (List<Document> order : orders(files)) {
      verdicts.add(TlsCheck.of(build(order), Reporter.SILENT).meshWide(Reporter.SILENT).stream()
          .map(r -> r.host() + ":" + r.port() + " " + r.status() + " " + r.destinationRule()).toList());
    }
    assertThat(verdicts).hasSize(1);
    assertThat(verdicts.iterator().next()).contains(
        "wordpress-mysql.default.svc.cluster.local:3306 " + TlsCheckRow.Status.CONFLICT + " default/wordpress-mysql");

    files.add(read(legacy.resolve("destinationrule-mysql-mutual.yaml")));
    List<List<Document>> mesh = files.subList(1, files.size());
    for (List<Document> order : orders(mesh)) {
      assertThatThrownBy(() -> build(order)).isInstanceOf(MeshctlException.InvalidInput.class)
          .hasMessageContaining("both define DestinationRule default/wordpress-mysql with different content");
    }
  }

  /** The documents of the files, for every order of the files. */
  private static List<List<Document>> orders(List<List<Document>> files) {
    List<List<Document>> out = new ArrayList<>();
    permute(new ArrayList<>(files), 0, out);
    return out;
  }

  private static void permute(List<List<Document>> files, int from, List<List<Document>> out) {
    if (from == files.size()) {
      List<Document> docs = new ArrayList<>();
      files.forEach(docs::addAll);
      out.add(docs);
      return;
    }
    for (int i = from; i < files.size(); i++) {
      Collections.swap(files, from, i);
      permute(files, from + 1, out);
      Collections.swap(files, from, i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"apps/v1 Deployment", "v1 Pod", "v1 Service", "networking.istio.io/v1 DestinationRule",
      "networking.istio.io/v1 VirtualService", "security.istio.io/v1 PeerAuthentication", "v1 Namespace"})
  void anObjectWithoutANameIs65NamingFileLineAndField(String type) throws IOException {
    String[] t = type.split(" ");
    Path f = write("unnamed.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: other}
        ---
        apiVersion: %s
        kind: %s
        metadata:
          labels: {app: x}
        spec:
          template:
            metadata: {labels: {app: x}}
            spec: {containers: [{name: app, image: x}]}
        """.formatted(t[0], t[1]));
    assertThatThrownBy(() -> build(read(f))).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessage(f + ":5: " + t[1] + " has no metadata.name: give it a name");
  }
}
