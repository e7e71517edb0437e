package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Strings that YAML 1.1 (kubectl, SnakeYAML) would read as something else are written quoted; others plain. */
class Yaml11QuotingTest {

  private static final List<String> NOT_STRINGS_IN_YAML_11 = List.of(
      "0x1F", "1_000", "12:30", "190:20:30", "yes", "On", "off", "NO", "~", "null", "2024-01-02", "0b101", "017",
      ".5", "1e3", "-.inf", ".NaN", "<<", "15001", "-1", "+1", "1.", "1__");
  private static final List<String> PLAIN = List.of("web", "TCP", "-p", "--domain", "15001a", "v1.2.3", "a:b", "x_1",
      "0x", "yesno");

  @Test
  void writesAPlainScalarOnlyWhenYaml11ReadsItBackAsTheSameString() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    for (String s : NOT_STRINGS_IN_YAML_11) {
      tree.put(s, s);
    }
    for (String s : PLAIN) {
      tree.put(s, s);
    }
    StringWriter out = new StringWriter();
    new ManifestWriter(out, ManifestWriter.Format.YAML).write(tree);
    String yaml = out.toString();
    for (String s : NOT_STRINGS_IN_YAML_11) {
      assertThat(yaml).as(s).doesNotContain("\n" + s + ": ").doesNotContain(": " + s + "\n");
      assertThat(yaml).as(s).containsAnyOf(": \"" + s + "\"\n", ": '" + s + "'\n");
    }
    for (String s : PLAIN) {
      assertThat(yaml).as(s).contains(": " + s + "\n");
    }
    // SnakeYAML's YAML 1.1 loader reads every key and value back as the same string.
    Map<?, ?> loaded = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      assertThat(loaded.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().textValue());
    }
    assertThat(loaded).hasSize(tree.size());
  }
}
