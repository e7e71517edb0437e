package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * TreeCodec replaces ObjectMapper.readTree/writeValue on the start-up path, so it must read the same
 * nodes and write the same bytes. Checked against the mapper on every manifest the project ships
 * and on scalars chosen to hit each node type.
 */
class TreeCodecTest {

  private static final String TRICKY = """
      ints: [0, -7, 2147483647, 2147483648, -9223372036854775808, 9223372036854775808, 0x1F, 0o17, 017, 1_000]
      floats: [1.5, -0.0, 1e3, 1.0e-3, .inf, -.Inf, .nan, 3.14159265358979323846264338327950288, 6.02E+23]
      bools: [true, false, yes, no, on, off, True]
      nulls: [null, ~, , Null]
      strings: ["15001", "0x1F", "1_000", "12:30", "yes", "", " ", "2024-01-02", "a: b", "# not a comment", "-", "@x", "tab\\there"]
      block: |
        line one
        line two
      folded: >
        folded
        text
      "quoted key": 1
      "123": numeric key
      "true": bool key
      empty_map: {}
      empty_list: []
      nested: [[1, [2, {a: [3]}]], {b: {c: null}}]
      binary: !!binary aGVsbG8=
      unicode: "héllo ✓ \\u0001"
      long: "%s"
      """.formatted("x".repeat(300));

  @Test
  void readsTheSameNodesAsObjectMapperAndWritesTheSameBytes() throws IOException {
    List<String> texts = new ArrayList<>(List.of(TRICKY));
    for (Path dir : List.of(Examples.path("wordpress"), Examples.path("mesh-legacy"), Examples.path("mesh-current"),
        Path.of("src/test/resources"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(f -> ManifestReader.isManifestName(f.getFileName().toString())).toList()) {
          texts.add(Files.readString(f));
        }
      }
    }
    assertThat(texts).hasSizeGreaterThan(40);
    int documents = 0;
    for (String text : texts) {
      boolean json = text.stripLeading().startsWith("{");
      var factory = json ? Yaml.JSON_FACTORY : Yaml.yamlFactory();
      var mapper = json ? Yaml.jsonMapper() : Yaml.yamlMapper();
      List<JsonNode> ours = new ArrayList<>();
      List<JsonNode> theirs = new ArrayList<>();
      try (JsonParser p = factory.createParser(text)) {
        for (JsonNode n; (n = TreeCodec.read(p)) != null; p.clearCurrentToken()) {
          ours.add(n);
        }
      } catch (IOException e) {
        continue; // the malformed fixtures: ManifestReaderTest covers their errors
      }
      mapper.readerFor(JsonNode.class).readValues(text).forEachRemaining(n -> theirs.add((JsonNode) n));
      assertThat(ours).as(text).isEqualTo(theirs);
      for (int i = 0; i < ours.size(); i++) {
        assertSameTypes(ours.get(i), theirs.get(i));
        for (boolean asJson : new boolean[] {false, true}) {
          ObjectWriter w = (asJson ? Yaml.jsonMapper() : Yaml.yamlMapper()).writer();
          StringWriter ourText = new StringWriter();
          TreeCodec.write(asJson ? Yaml.JSON_FACTORY : Yaml.yamlFactory(), ourText, ours.get(i), asJson);
          assertThat(ourText.toString()).isEqualTo(w.writeValueAsString(theirs.get(i)));
        }
        assertThat(TreeCodec.json(ours.get(i))).isEqualTo(theirs.get(i).toString());
        documents++;
      }
    }
    assertThat(documents).isGreaterThan(60);
  }

  @Test
  void emptyInputIsMissingAsReadTreeGivesIt() throws IOException {
    assertThat(TreeCodec.parseJson("").isMissingNode()).isTrue();
    assertThat(TreeCodec.parseYaml(InputStream.nullInputStream()).isMissingNode()).isTrue();
    assertThat(TreeCodec.parseYaml(new java.io.ByteArrayInputStream("a: 1\n".getBytes(StandardCharsets.UTF_8)))
        .path("a").intValue()).isEqualTo(1);
  }

  private static void assertSameTypes(JsonNode a, JsonNode b) {
    assertThat(a.getClass()).isEqualTo(b.getClass());
    if (a.isContainerNode()) {
      for (int i = 0; i < a.size(); i++) {
        if (a.isArray()) {
          assertSameTypes(a.get(i), b.get(i));
        }
      }
      a.fieldNames().forEachRemaining(k -> assertSameTypes(a.get(k), b.get(k)));
    }
  }
}
