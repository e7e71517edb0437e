package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SimpleYamlWriter must write the bytes Jackson's YAML generator writes, or nothing. Checked on every
 * manifest and golden inject output the project ships and on generated trees full of strings that
 * sit on SnakeYAML's and Jackson's quoting edges.
 */
class SimpleYamlWriterTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void writesShippedManifestsAndInjectGoldensAsJacksonDoes() throws IOException {
    List<Path> files = new ArrayList<>(SimpleYamlReaderTest.shippedYaml());
    try (Stream<Path> injected = Files.walk(Path.of("src/test/resources"))) {
      injected.filter(f -> f.toString().endsWith(".injected")).sorted().forEach(files::add);
    }
    int written = 0;
    int total = 0;
    for (Path f : files) {
      List<Document> docs;
      try {
        docs = ManifestReader.parse(Files.readString(f), f.toString());
      } catch (RuntimeException e) {
        continue; // fixtures of malformed input
      }
      for (Document d : docs) {
        if (d.tree() != null) {
          total++;
          written += agree(d.tree()) ? 1 : 0;
        }
      }
    }
    assertThat(total).isGreaterThan(100);
    assertThat(written).as("documents written by the simple writer").isGreaterThan(total * 3 / 4);
  }

  @Test
  void writesTheInjectedSidecarWithItsLiteralBlocksAndQuotedNumbers() {
    ObjectNode env = NODES.objectNode();
    env.put("PROXY_CONFIG", "{}\n");
    env.put("ISTIO_META_POD_PORTS", "[\n    {\"containerPort\":8080}\n]");
    env.put("port", "15001");
    env.put("all", "*");
    env.put("none", "");
    env.put("status", "{\"a\":[\"b\"]}");
    ObjectNode root = NODES.objectNode();
    root.set("env", env);
    root.set("args", NODES.arrayNode().add("-p").add("15001").add("--domain").add("$(POD_NAMESPACE).svc"));
    assertThat(agree(root)).isTrue();
    assertThat(simple(root)).isEqualTo("""
        env:
          PROXY_CONFIG: |
            {}
          ISTIO_META_POD_PORTS: |-
            [
                {"containerPort":8080}
            ]
          port: "15001"
          all: "*"
          none: ""
          status: "{\\"a\\":[\\"b\\"]}"
        args:
        - -p
        - "15001"
        - --domain
        - $(POD_NAMESPACE).svc
        """);
  }

  @Test
  void declinesWhatItDoesNotReproduce() {
    List<JsonNode> declined = List.of(
        NODES.arrayNode().add(1),
        NODES.textNode("scalar root"),
        obj("a", NODES.numberNode(1.5)),
        obj("a", NODES.numberNode(BigInteger.TEN.pow(30))),
        obj("a", NODES.arrayNode().add(NODES.arrayNode().add(1))),
        obj("a", NODES.textNode("h\u00e9")),
        obj("a", NODES.textNode("tab\there")),
        obj("a", NODES.textNode("two breaks\n\n")),
        obj("a", NODES.arrayNode().add("multi\nline")),
        obj("a", NODES.textNode("'single'")), // SnakeYAML single-quotes this one
        obj("", NODES.textNode("x")),
        obj("k".repeat(101), NODES.textNode("x")));
    for (JsonNode tree : declined) {
      assertThat(simple(tree)).as(TreeCodec.json(tree)).isNull();
    }
  }

  @Test
  void agreesWithJacksonOnGeneratedTrees() {
    Random random = new Random(Long.getLong("fuzz.seed", 11));
    int n = Integer.getInteger("fuzz.runs", 6000);
    int written = 0;
    for (int i = 0; i < n; i++) {
      written += agree(tree(random, 0)) ? 1 : 0;
    }
    assertThat(written).as("generated trees written by the simple writer").isGreaterThan(n / 5);
  }

  // --- the oracle

  /** Asserts the simple writer's bytes are Jackson's, or that it wrote nothing; true when it wrote. */
  private static boolean agree(JsonNode tree) {
    String ours = simple(tree);
    if (ours == null) {
      return false;
    }
    assertThat(ours).as("YAML of %s", TreeCodec.json(tree)).isEqualTo(jackson(tree));
    return true;
  }

  private static String simple(JsonNode tree) {
    StringWriter w = new StringWriter();
    try {
      return SimpleYamlWriter.write(tree, w) ? w.toString() : assertEmpty(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String assertEmpty(StringWriter w) {
    assertThat(w.toString()).as("output of a declined tree").isEmpty();
    return null;
  }

  private static String jackson(JsonNode tree) {
    StringWriter w = new StringWriter();
    try {
      TreeCodec.write(Yaml.yamlFactory(), w, tree, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static ObjectNode obj(String k, JsonNode v) {
    ObjectNode o = NODES.objectNode();
    o.set(k, v);
    return o;
  }

  // --- generated trees

  private static final String[] STRINGS = {"web", "nginx:1.27", "a b", "a  b", "$(POD_NAME)", "-p", "--domain", "-",
      "--", "---", "...", "---x", "a: b", "a:", ":a", "a:b", "? x", "?x", "#x", "a #b", "a#b", "[x]", "{x}", "x]", "a,b",
      "&x", "*", "*x", "!x", "|x", "x|", ">x", "'q'", "a'b", "\"q\"", "a\"b", "%x", "@x", "`x`", "back\\slash",
      "true", "True", "yes", "no", "y", "n", "on", "off", "~", "null", "NULL", "0", "00", "007", "0x1F", "0o17", "1_000",
      "15001", "-1", "+1", "1.5", "1.", ".5", ".", "1e3", ".inf", ".nan", "12:30", "2024-01-02", "<<", "=", " lead",
      "trail ", " ", "", "x\ny", "x\ny\n", "\nx", " x\ny", "x \ny", "x\n y", "x\n\ny", "x\n", "{}\n", "x\n\n", "\n",
      "a\n#b\n", "- a\n- b\n", "x\r", "t\tab", "h\u00e9", "long ".repeat(30).trim(), "x".repeat(150)};
  private static final String[] KEYS = {"name", "image", "app.kubernetes.io/name", "80", "on", "true", "y", "null",
      "a b", "a: b", "#k", "-k", "- k", "k:", "k#", "'k'", "\"k\"", "", "k\nk", "k".repeat(99), "k".repeat(101)};

  private static JsonNode tree(Random r, int depth) {
    ObjectNode o = NODES.objectNode();
    int n = r.nextInt(depth == 0 ? 5 : 4);
    for (int i = 0; i < n; i++) {
      String k = r.nextInt(4) == 0 ? KEYS[r.nextInt(KEYS.length)] : "k" + i;
      o.set(k, value(r, depth));
    }
    return o;
  }

  private static JsonNode value(Random r, int depth) {
    int kind = depth > 3 ? r.nextInt(6) : r.nextInt(9);
    return switch (kind) {
      case 0, 1, 2 -> NODES.textNode(r.nextInt(3) == 0 ? randomString(r) : STRINGS[r.nextInt(STRINGS.length)]);
      case 3 -> switch (r.nextInt(6)) {
        case 0 -> NODES.numberNode(r.nextInt());
        case 1 -> NODES.numberNode(r.nextLong());
        case 2 -> NODES.numberNode(r.nextDouble());
        default -> NODES.numberNode(r.nextInt(100) - 50);
      };
      case 4 -> r.nextBoolean() ? NODES.booleanNode(r.nextBoolean()) : NODES.nullNode();
      case 5 -> r.nextBoolean() ? NODES.objectNode() : NODES.arrayNode();
      case 6, 7 -> tree(r, depth + 1);
      default -> {
        ArrayNode a = NODES.arrayNode();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          a.add(r.nextInt(8) == 0 ? NODES.arrayNode().add(1) : value(r, depth + 1));
        }
        yield a;
      }
    };
  }

  private static String randomString(Random r) {
    String alphabet = "ab01 :#-?'\"\\{}[],.&*!|>%@`\n~+_/";
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
