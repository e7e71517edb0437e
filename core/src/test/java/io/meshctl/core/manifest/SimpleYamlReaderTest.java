package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimpleYamlReader must read exactly what Jackson reads (trees, node types, key order and document
 * lines) or decline. Checked on every YAML file the project ships and on generated texts around the
 * subset's edges, with Jackson ({@link ManifestReader#parse}, which never takes the simple path) as
 * the oracle.
 */
class SimpleYamlReaderTest {

  @Test
  void readsShippedManifestsAsJacksonDoes() throws IOException {
    int read = 0;
    int total = 0;
    for (Path f : shippedYaml()) {
      String text = Files.readString(f);
      total++;
      if (agree(text, f.toString())) {
        read++;
      }
    }
    // The bundled examples and most inject fixtures are plain YAML; the rest use block scalars etc.
    assertThat(total).isGreaterThan(60);
    assertThat(read).as("files read by the simple reader").isGreaterThan(total / 2);
  }

  @Test
  void readsTheBenchmarkDeploymentWithFlowCollections() {
    String text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: web, image: nginx:1.27, ports: [{containerPort: 8080}]}
        """;
    assertThat(agree(text, "deployment.yaml")).isTrue();
  }

  @Test
  void declinesWhatItDoesNotReproduce() {
    for (String text : List.of(
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n", "a: 1.5\n", "a: 0x1F\n",
        "a: 2024-01-02\n", "a: 017\n", "a: b\n  c\n", "a: \"multi\n  line\"\n", "a:\tb\n", "a: b\r\nc: d\r\n",
        "a: h\u00e9\n", "a: 1\na: 2\n", "a: 1\n---\n", "---\n---\na: 1\n", "- a\n- b\n", "just text\n",
        "\"quoted\": key\n", "a: [1,\n  2]\n", "a: {b: }\n", "a: [1, ]\n", "? complex\n: key\n", "a: b: c\n",
        "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n", "<<: {a: 1}\n", "a: @x\n", "a: `x`\n", "a: - b\n",
        "- - a\n", "a:\n- - b\n", "a: 'unterminated\n", "a: \"\\x41\"\n", "a b: c\n", "a: 12:30\n",
        "a: +1\n", "a: 99999999999999999999\n", "a:\n  - b\n c: d\n")) {
      assertThat(SimpleYamlReader.read(bytes(text), bytes(text).length)).as(text).isNull();
      agree(text, "declined.yaml"); // and Jackson's reading (or error) is what the user gets
    }
  }

  @Test
  void leavesDeepNestingToJacksonsLimits() {
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      block.append("  ".repeat(i)).append("k:\n");
    }
    for (String text : List.of("a: " + "[".repeat(5000) + "]".repeat(5000) + "\n", block.toString())) {
      assertThat(SimpleYamlReader.read(bytes(text), bytes(text).length)).isNull();
      agree(text, "deep.yaml");
    }
    String shallow = "a: " + "[".repeat(50) + "]".repeat(50) + "\n";
    assertThat(agree(shallow, "shallow.yaml")).isTrue();
  }

  @Test
  void agreesWithJacksonOnGeneratedDocuments() {
    // -Dfuzz.seed / -Dfuzz.runs for a longer search; the default is a fixed, quick run.
    Random random = new Random(Long.getLong("fuzz.seed", 42));
    int read = 0;
    int n = Integer.getInteger("fuzz.runs", 6000);
    for (int i = 0; i < n; i++) {
      String text = new Gen(random).stream();
      if (random.nextInt(4) == 0) {
        text = mutate(text, random);
      }
      if (agree(text, "generated-" + i + ".yaml")) {
        read++;
      }
    }
    assertThat(read).as("generated texts read by the simple reader").isGreaterThan(n / 5);
  }

  @Test
  void manifestReaderGivesTheSameDocumentsAndLinesThroughEitherReader(@TempDir Path dir) throws IOException {
    String text = "# a comment\n\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n"
        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  k: v\n";
    Path f = dir.resolve("two.yaml");
    Files.writeString(f, text);
    assertThat(SimpleYamlReader.read(bytes(text), bytes(text).length)).hasSize(2);
    List<Document> viaFile;
    try (ManifestReader r = ManifestReader.open(List.of(f.toString()), null)) {
      viaFile = r.readAll();
    }
    List<Document> viaJackson = ManifestReader.parse(text, f.toString());
    assertThat(viaFile).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(shape(viaFile.get(i).tree())).isEqualTo(shape(viaJackson.get(i).tree()));
      assertThat(viaFile.get(i).source()).isEqualTo(viaJackson.get(i).source());
    }
    assertThat(viaFile.get(0).source().line()).isEqualTo(4);
    assertThat(viaFile.get(1).source().line()).isEqualTo(9);
  }

  // --- the oracle

  /** Asserts the simple reader agrees with Jackson or declines; true when it read the text. */
  static boolean agree(String text, String name) {
    if (text.stripLeading().startsWith("{") || text.stripLeading().startsWith("[")) {
      text = "#\n" + text; // parse() takes such text for JSON; a .yaml file is YAML whatever it starts with
    }
    byte[] b = bytes(text);
    List<SimpleYamlReader.Parsed> ours = SimpleYamlReader.read(b, b.length);
    List<Document> theirs;
    try {
      theirs = ManifestReader.parse(text, name);
    } catch (MeshctlException e) {
      assertThat(ours).as("read what Jackson rejects (%s):%n%s", e.getMessage(), text).isNull();
      return false;
    }
    if (ours == null) {
      return false;
    }
    assertThat(ours).as("documents of%n%s", text).hasSameSizeAs(theirs);
    for (int i = 0; i < ours.size(); i++) {
      assertThat(shape(ours.get(i).tree())).as("document %d of%n%s", i, text).isEqualTo(shape(theirs.get(i).tree()));
      assertThat(ours.get(i).line()).as("line of document %d of%n%s", i, text).isEqualTo(theirs.get(i).source().line());
    }
    return true;
  }

  /** The tree as text with node types and key order, which JsonNode.equals ignores. */
  static String shape(JsonNode n) {
    if (n == null) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    shape(n, b);
    return b.toString();
  }

  private static void shape(JsonNode n, StringBuilder b) {
    if (n.isObject()) {
      b.append('{');
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        b.append(TreeCodec.json(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()))).append(':');
        shape(e.getValue(), b);
        b.append(',');
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (JsonNode v : n) {
        shape(v, b);
        b.append(',');
      }
      b.append(']');
    } else {
      b.append(n.getClass().getSimpleName()).append('(').append(TreeCodec.json(n)).append(')');
    }
  }

  static List<Path> shippedYaml() throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path dir : List.of(Examples.root(), Path.of("src/test/resources"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mutate(String text, Random r) {
    if (text.isEmpty()) {
      return text;
    }
    int at = r.nextInt(text.length());
    String[] inserts = {" ", "  ", "\n", "#", ": ", "- ", "-", ":", "'", "\"", "{", "}", "[", "]", ",", "&a ", "*a",
        "!", "|", ">", "?", "%", "@", "\t", "---\n", "\n---\n", "...", "\\", "~", "0", "1.", "e"};
    return switch (r.nextInt(3)) {
      case 0 -> text.substring(0, at) + inserts[r.nextInt(inserts.length)] + text.substring(at);
      case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + r.nextInt(3)));
      default -> {
        int nl = text.lastIndexOf('\n', at);
        yield text.substring(0, nl + 1) + " ".repeat(1 + r.nextInt(2)) + text.substring(nl + 1);
      }
    };
  }

  /** Random YAML streams in many of the shapes the subset allows, with values chosen to hit resolution edges. */
  static final class Gen {
    static final String[] COMMON = {"web", "nginx:1.27", "v1", "apps/v1", "app.kubernetes.io/name", "TCP", "a b",
        "a  b", "x-y", "$(POD_NAME)", "/healthz", "http://x/y?z=1", "a#b", "-p", "--domain",
        "true", "false", "8080", "0", "-1", "100m", "it's", "say \"hi\"", "", "Always", "IfNotPresent"};
    static final String[] WORDS = {"a,b", "a[0]", "{x}", "-", "true", "True", "TRUE", "false", "yes", "No", "on", "OFF", "y", "n", "Y", "~", "null", "Null", "NULL",
        "0", "-0", "7", "-42", "8080", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "999999999999999999", "1000000000000000000", "007", "0x1F", "0o17", "0b101", "1_000", "+1", "1.5", "1.",
        ".5", "1e3", ".inf", ".nan", "12:30", "190:20:30", "2024-01-02", "2024-01-02 10:00:00", "<<", "=", "!",
        "%x", "@x", "`x`", "&x", "*x", "a: b", "a:", ":a", "?x", "? x", "#x", "x #y", "'q'", "\"q\"", "a'b",
        "it's", "say \"hi\"", "back\\slash", "", " lead", "trail ", "100m", "128Mi", "1.27.0", "v1.2.3", "..", "---x",
        "...x", "a:b:c", "k=v", "x|y", "x>y", "a{b}", "a]b", "é"};
    static final String[] KEYS = {"name", "image", "app", "ports", "containerPort", "metadata", "labels",
        "app.kubernetes.io/name", "a-b", "a_b", "A1", "80", "on", "true", "null", "y", "x.y", "/k", "_k", "k-",
        "containers", "spec", "env", "value"};

    private final Random r;
    private final StringBuilder out = new StringBuilder();

    Gen(Random r) {
      this.r = r;
    }

    String stream() {
      int docs = 1 + r.nextInt(3);
      if (r.nextInt(3) == 0) {
        comment(0);
      }
      for (int d = 0; d < docs; d++) {
        if (d > 0 || r.nextInt(4) == 0) {
          out.append("---\n");
        }
        if (r.nextInt(8) == 0) {
          out.append("{").append(key()).append(": ").append(flowScalar()).append("}\n");
        } else {
          mapping(0, 1 + r.nextInt(5), 0);
        }
        if (r.nextInt(5) == 0) {
          out.append('\n');
        }
      }
      if (r.nextInt(12) == 0) {
        out.append("---\n");
      }
      return out.toString();
    }

    private void mapping(int col, int entries, int depth) {
      List<String> used = new ArrayList<>();
      for (int i = 0; i < entries; i++) {
        String k = key();
        if (used.contains(k) && r.nextInt(10) != 0) {
          continue;
        }
        used.add(k);
        if (i > 0) {
          comment(col);
          out.append(" ".repeat(col));
        }
        out.append(k).append(':');
        value(col, depth, true);
      }
    }

    /** After "key:" or "-" on the current line. */
    private void value(int col, int depth, boolean inMapping) {
      int kind = depth > 4 ? 0 : r.nextInt(10);
      if (kind <= 4) {
        out.append(r.nextInt(6) == 0 ? "   " : " ").append(r.nextInt(3) == 0 ? flow(0) : scalar());
        trailing();
      } else if (kind <= 6) {
        trailing();
        int inner = col + (inMapping && r.nextBoolean() ? 0 : 2 + 2 * r.nextInt(2));
        sequence(inner, 1 + r.nextInt(3), depth + 1);
      } else if (kind <= 8) {
        trailing();
        int inner = col + 2 + 2 * r.nextInt(2);
        comment(inner);
        out.append(" ".repeat(inner));
        mapping(inner, 1 + r.nextInt(4), depth + 1);
      } else {
        trailing(); // null
      }
    }

    private void sequence(int col, int items, int depth) {
      for (int i = 0; i < items; i++) {
        out.append(" ".repeat(col)).append('-');
        int c = r.nextInt(4);
        if (c == 0) {
          int spaces = 1 + r.nextInt(2);
          out.append(" ".repeat(spaces));
          mapping(col + 1 + spaces, 1 + r.nextInt(3), depth + 1);
        } else {
          value(col, depth, false);
        }
      }
    }

    private void trailing() {
      if (r.nextInt(8) == 0) {
        out.append(" ".repeat(r.nextInt(3))).append(" # note");
      } else if (r.nextInt(8) == 0) {
        out.append("  ");
      }
      out.append('\n');
    }

    private void comment(int col) {
      if (r.nextInt(8) == 0) {
        out.append(" ".repeat(r.nextInt(col + 2))).append("# comment: - x\n");
      }
      if (r.nextInt(10) == 0) {
        out.append(" ".repeat(r.nextInt(4))).append('\n');
      }
    }

    private String key() {
      return KEYS[r.nextInt(KEYS.length)];
    }

    private String scalar() {
      String w = r.nextInt(5) == 0 ? WORDS[r.nextInt(WORDS.length)] : COMMON[r.nextInt(COMMON.length)];
      return switch (r.nextInt(6)) {
        case 0 -> "'" + w.replace("'", "''") + "'";
        case 1 -> "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        default -> w;
      };
    }

    private String flowScalar() {
      String w = scalar();
      return w.isEmpty() ? "x" : w;
    }

    private String flow(int depth) {
      if (depth > 2 || r.nextInt(3) == 0) {
        return flowScalar();
      }
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(4);
      boolean map = r.nextBoolean();
      b.append(map ? '{' : '[');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(r.nextInt(4) == 0 ? " , " : ", ");
        }
        if (map) {
          b.append(key()).append(": ");
        }
        b.append(flow(depth + 1));
      }
      b.append(map ? '}' : ']');
      return b.toString();
    }
  }
}
