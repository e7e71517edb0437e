package io.meshctl.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.TreeCodec;
import io.meshctl.core.manifest.WrittenNumber;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What "the same values" means for a manifest: the same strings, booleans and nulls, numbers in the
 * same written form, keys in the same order. {@code JsonNode.equals} ignores key order and would
 * not see {@code 1.50} become {@code 1.5}, so trees are compared through {@link #dump}.
 */
public final class Values {

  /** Report actions that leave the object as it was. */
  private static final Set<String> UNCHANGED = Set.of("passed_through", "skipped", "not_injected",
      "already_injected", "nothing_to_remove");

  private Values() {
  }

  /** A text that differs whenever a value, a value's type, a number's written form or the key order differs. */
  public static String dump(JsonNode n) {
    StringBuilder b = new StringBuilder();
    dump(n, false, b);
    return b.toString();
  }

  /** As {@link #dump} but numbers by value: JSON output writes {@code 0x1F} as {@code 31}. */
  public static String dumpValues(JsonNode n) {
    StringBuilder b = new StringBuilder();
    dump(n, true, b);
    return b.toString();
  }

  private static void dump(JsonNode n, boolean byValue, StringBuilder b) {
    if (n == null) {
      b.append("<missing>");
    } else if (n.isObject()) {
      b.append('{');
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        b.append(TreeCodec.json(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()))).append(':');
        dump(e.getValue(), byValue, b);
        b.append(',');
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (JsonNode v : n) {
        dump(v, byValue, b);
        b.append(',');
      }
      b.append(']');
    } else if (n.isNumber() && byValue) {
      b.append("number ").append(n.decimalValue().stripTrailingZeros());
    } else if (n instanceof WrittenNumber w && w.text().matches("0[0-9_]+")) {
      // 012 is written as 10 on purpose (WrittenNumber#octal): the value YAML 1.1 readers such as kubectl see
      b.append("number ").append(n.asText());
    } else if (n instanceof WrittenNumber w) {
      b.append("number ").append(w.text());
    } else if (n.isNumber()) {
      b.append("number ").append(n.asText());
    } else if (n.isTextual()) {
      b.append(TreeCodec.json(n));
    } else {
      b.append(n.getNodeType()).append(' ').append(n.asText());
    }
  }

  /**
   * Every document of {@code input} whose objects the JSON {@code report} lists only as left alone
   * comes out in {@code output}, at the same position, with the same values.
   */
  public static void assertUnchangedDocumentsKeepTheirValues(String input, String name, String output, JsonNode report) {
    assertUnchangedDocumentsKeepTheirValues(input, name, output, report, false);
  }

  /** As above; {@code json} when the output is {@code -o json}, where numbers keep their value, not their form. */
  public static void assertUnchangedDocumentsKeepTheirValues(String input, String name, String output, JsonNode report,
      boolean json) {
    List<Document> in = ManifestReader.parse(input, name).stream().filter(d -> !d.isEmpty()).toList();
    List<Document> out = ManifestReader.parse(output, "stdout").stream().filter(d -> !d.isEmpty()).toList();
    assertThat(out).as("documents out").hasSameSizeAs(in);
    Map<Integer, Boolean> unchangedByLine = new HashMap<>();
    for (JsonNode o : report.path("objects")) {
      unchangedByLine.merge(o.path("line").asInt(), UNCHANGED.contains(o.path("action").asText()), Boolean::logicalAnd);
    }
    for (int i = 0; i < in.size(); i++) {
      if (unchangedByLine.getOrDefault(in.get(i).source().line(), true)) {
        JsonNode before = in.get(i).tree();
        JsonNode after = out.get(i).tree();
        assertThat(json ? dumpValues(after) : dump(after)).as("document %d (%s) of %s", i, in.get(i).source(), name)
            .isEqualTo(json ? dumpValues(before) : dump(before));
      }
    }
  }
}
