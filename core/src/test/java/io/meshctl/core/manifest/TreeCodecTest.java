package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * TreeCodec reads what ObjectMapper.readTree reads and writes the same bytes, except that a number
 * keeps the form it was written in. Checked against the mapper on every manifest the project ships
 * and on scalars chosen to hit each node type; numbers in other forms have their own tests.
 */
class TreeCodecTest {

  private static final String TRICKY = """
      ints: [0, -7, 2147483647, 2147483648, -9223372036854775808, 9223372036854775808, 0o17]
      floats: [1.5, -7.25, 1.0E-5, 3.141592653589793]
      bools: [true, false, yes, no, on, off, True]
      nulls: [null, ~, Null]
      empty:
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
        assertThat(text).as("only the malformed fixtures fail: %s", e).isNotEqualTo(TRICKY);
        continue; // ManifestReaderTest covers their errors
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

  /** Each form Jackson would write differently, with its value. */
  private static final String NUMBERS = """
      - 1e400
      - 1.50
      - 0x1F
      - 1_000
      - -0
      - +1
      - 012
      - .5
      - 1.
      - 1e3
      - 0b101
      - 99999999999999999999
      - 2_147_483_648
      - 80
      - 1.5
      """;

  @Test
  void numbersKeepTheFormTheyWereWrittenInAndTheirValue() throws IOException {
    JsonNode tree = readYaml(NUMBERS);
    assertThat(tree.get(0).decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
    assertThat(tree.get(1).doubleValue()).isEqualTo(1.5);
    assertThat(tree.get(2).isInt()).isTrue();
    assertThat(tree.get(2).intValue()).isEqualTo(31);
    assertThat(tree.get(2).asText()).isEqualTo("31");
    assertThat(tree.get(3).intValue()).isEqualTo(1000);
    assertThat(tree.get(4).intValue()).isZero();
    assertThat(tree.get(6).intValue()).isEqualTo(10); // YAML 1.1 octal
    assertThat(tree.get(12).longValue()).isEqualTo(2_147_483_648L);
    assertThat(tree.get(13)).isInstanceOf(IntNode.class);
    assertThat(tree.get(14)).isInstanceOf(DoubleNode.class);

    StringWriter yaml = new StringWriter();
    TreeCodec.write(Yaml.yamlFactory(), yaml, tree, false);
    // SnakeYAML's emitter would quote 012 (a string in YAML 1.2), so its value is written instead.
    assertThat(yaml.toString()).isEqualTo(NUMBERS.replace("- 012\n", "- 10\n"));
  }

  @Test
  void jsonGetsTheWrittenFormWhereItIsJsonAndTheValueElsewhere() throws IOException {
    JsonNode tree = readYaml(NUMBERS);
    String json = TreeCodec.json(tree);
    assertThat(json).isEqualTo("[1e400,1.50,31,1000,-0,1,10,0.5,1.0,1e3,5,99999999999999999999,2147483648,80,1.5]");
    JsonNode back = Yaml.jsonMapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .readTree(json); // valid JSON, same values
    for (int i = 0; i < tree.size(); i++) {
      assertThat(back.get(i).decimalValue()).as(tree.get(i).toString()).isEqualByComparingTo(tree.get(i).decimalValue());
    }
  }

  @Test
  void yamlInfinityAndNanAreRefusedAsNoKubernetesObjectCanHoldThem() {
    for (String v : List.of(".inf", "-.Inf", "+.INF", ".NaN")) {
      assertThatThrownBy(() -> readYaml("a: " + v + "\n")).as(v)
          .isInstanceOf(JsonParseException.class)
          .hasMessageContaining(v + " is an infinity or NaN")
          .hasMessageContaining("line: 1");
    }
  }

  private static JsonNode readYaml(String text) throws IOException {
    try (JsonParser p = Yaml.yamlFactory().createParser(text)) {
      return TreeCodec.read(p);
    }
  }

  @Test
  void emptyInputIsMissingAsReadTreeGivesIt() throws IOException {
    assertThat(TreeCodec.parseJson("").isMissingNode()).isTrue();
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
