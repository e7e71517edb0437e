package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

  @TempDir
  Path dir;

  private List<Document> read(String... names) {
    try (ManifestReader r = ManifestReader.open(List.of(names), new ByteArrayInputStream(new byte[0]))) {
      return r.readAll();
    }
  }

  @Test
  void readsMultiDocumentYamlInOrderWithLines() throws Exception {
    Path f = Files.writeString(dir.resolve("app.yaml"), """
        apiVersion: v1
        kind: Service
        metadata:
          name: wordpress
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: wordpress
        """);
    List<Document> docs = read(f.toString());
    assertThat(docs).extracting(Document::describe).containsExactly("Service/wordpress", "Deployment/wordpress");
    assertThat(docs).extracting(d -> d.source().line()).containsExactly(1, 6);
    assertThat(docs.get(1).source().toString()).isEqualTo(f + ":6");
  }

  @Test
  void emptyDocumentsAreKeptAsEmptyAndSkippedByObjects() throws Exception {
    Path f = Files.writeString(dir.resolve("e.yaml"), "---\n---\nkind: A\n---\n# just a comment\n---\n");
    List<Document> docs = read(f.toString());
    assertThat(docs).filteredOn(d -> !d.isEmpty()).hasSize(1);
    assertThat(Manifests.objects(docs)).extracting(n -> n.get("kind").asText()).containsExactly("A");
  }

  @Test
  void listKindsAreFlattenedByObjectsButKeptAsOneDocument() throws Exception {
    Path f = Files.writeString(dir.resolve("l.yaml"), """
        apiVersion: v1
        kind: List
        items:
        - kind: Pod
          metadata: {name: a}
        - kind: Service
          metadata: {name: b}
        """);
    List<Document> docs = read(f.toString());
    assertThat(docs).hasSize(1);
    assertThat(Manifests.objects(docs)).extracting(Manifests::describe).containsExactly("Pod/a", "Service/b");
  }

  @Test
  void directoriesAreReadRecursivelyInNameOrderSkippingOtherFiles() throws Exception {
    Files.createDirectories(dir.resolve("b/nested"));
    Files.writeString(dir.resolve("b/nested/z.yml"), "kind: Z\n");
    Files.writeString(dir.resolve("a.json"), "{\"kind\": \"A\"}\n");
    Files.writeString(dir.resolve("b/c.yaml"), "kind: C\n");
    Files.writeString(dir.resolve("notes.txt"), "kind: NotAManifest\n");
    assertThat(read(dir.toString())).extracting(Document::kind).containsExactly("A", "C", "Z");
  }

  @Test
  void fileIsRepeatableAndStdinIsDash() throws Exception {
    Path f = Files.writeString(dir.resolve("one.yaml"), "kind: One\n");
    String stdin = "kind: Two\n---\nkind: Three\n";
    try (ManifestReader r = ManifestReader.open(List.of(f.toString(), "-"),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))) {
      List<Document> docs = r.readAll();
      assertThat(docs).extracting(Document::kind).containsExactly("One", "Two", "Three");
      assertThat(docs.get(2).source().toString()).isEqualTo("<stdin>:3");
    }
  }

  @Test
  void jsonOnStdinIsRecognisedEvenWithTabs() {
    String json = "{\n\t\"kind\": \"Pod\",\n\t\"metadata\": {\"name\": \"p\"}\n}\n";
    try (ManifestReader r = ManifestReader.open(List.of("-"),
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
      assertThat(r.readAll()).extracting(Document::describe).containsExactly("Pod/p");
    }
  }

  @Test
  void malformedYamlNamesFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.yaml"), "kind: Pod\nmetadata:\n  name: a\n   labels: x\n");
    assertThatThrownBy(() -> read(f.toString()))
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageStartingWith(f + ":4:")
        .hasMessageContaining("malformed YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void malformedSecondDocumentNamesItsLine() throws Exception {
    Path f = Files.writeString(dir.resolve("two.yaml"), "kind: A\n---\nkind: B\nspec: [1, 2\n");
    assertThatThrownBy(() -> read(f.toString())).hasMessageStartingWith(f + ":")
        .hasMessageContaining("malformed YAML");
  }

  @Test
  void duplicateKeysAreMalformed() throws Exception {
    Path f = Files.writeString(dir.resolve("dup.yaml"), "kind: A\nkind: B\n");
    assertThatThrownBy(() -> read(f.toString())).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageContaining("dup.yaml:2").hasMessageContaining("Duplicate field 'kind'");
  }

  @Test
  void anEscapeCutShortIsNamedWithoutTheJavaException() {
    assertThatThrownBy(() -> ManifestReader.parse("a: b\nc: \"x\\u", "cut.yaml")) // a file truncated in an escape
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageStartingWith("cut.yaml:2:")
        .hasMessageContaining("an escape sequence")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void malformedJsonIsNamedJson() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.json"), "{\"kind\": \"A\",}\n");
    assertThatThrownBy(() -> read(f.toString())).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageStartingWith(f + ":1:").hasMessageContaining("malformed JSON");
  }

  @Test
  void missingFileIsNotFoundBeforeAnythingIsRead() throws Exception {
    Path ok = Files.writeString(dir.resolve("ok.yaml"), "kind: A\n");
    assertThatThrownBy(() -> ManifestReader.open(List.of(ok.toString(), dir.resolve("nope.yaml").toString()), null))
        .isInstanceOf(MeshctlException.NotFound.class)
        .hasMessage(dir.resolve("nope.yaml") + ": no such file or directory");
  }

  @Test
  void writerKeepsOrderUnknownFieldsAndStringsThatLookLikeNumbers() {
    String in = """
        kind: Deployment
        zeta: 1
        alpha:
          x-unknown: {deep: true}
        spec:
          args: ["15001", "0x1F", "1_000", "12:30", "true", "yes", "on", "null", "~", "1.0"]
          quantity: 500m
          empty: ""
          multi: "line one\\nline two\\n"
        """;
    Document d = ManifestReader.parse(in, "in.yaml").get(0);
    StringWriter out = new StringWriter();
    new ManifestWriter(out, ManifestWriter.Format.YAML).write(d.tree());
    String yaml = out.toString();
    assertThat(yaml).startsWith("kind: Deployment\nzeta: 1\nalpha:\n  x-unknown:\n    deep: true\n");
    assertThat(yaml).contains("- \"15001\"", "- \"0x1F\"", "- \"1_000\"", "- \"12:30\"", "- \"true\"",
        "- \"yes\"", "quantity: 500m", "multi: |");
    assertThat(yaml).doesNotContain("null\n", "{}");
    assertThat(ManifestReader.parse(yaml, "out.yaml").get(0).tree()).isEqualTo(d.tree());
  }

  @Test
  void yamlStreamsAreSeparatedAndJsonRoundTrips() {
    List<Document> docs = ManifestReader.parse("kind: A\n---\nkind: B\n", "in.yaml");
    StringWriter y = new StringWriter();
    StringWriter j = new StringWriter();
    ManifestWriter yw = new ManifestWriter(y, ManifestWriter.Format.YAML);
    ManifestWriter jw = new ManifestWriter(j, ManifestWriter.Format.JSON);
    docs.forEach(d -> {
      yw.write(d.tree());
      jw.write(d.tree());
    });
    assertThat(y.toString()).isEqualTo("kind: A\n---\nkind: B\n");
    assertThat(ManifestReader.parse(j.toString(), "out.json")).extracting(Document::kind).containsExactly("A", "B");
  }
}
