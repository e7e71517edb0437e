package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Field-by-field comparison of two manifest streams, as a reviewer compares injected pod templates:
 * the path of the first difference ({@code doc 1: spec.template.spec.containers[1].resources.limits.cpu:
 * expected "2", got "2000m"}), or null when they are the same trees. Key order is not a difference
 * (Istio writes keys sorted); list order is.
 */
final class TreeDiff {

  private TreeDiff() {
  }

  static String first(String expectedYaml, String actualYaml) {
    List<Document> e = ManifestReader.parse(expectedYaml, "expected").stream().filter(d -> !d.isEmpty()).toList();
    List<Document> a = ManifestReader.parse(actualYaml, "actual").stream().filter(d -> !d.isEmpty()).toList();
    if (e.size() != a.size()) {
      return "expected " + e.size() + " documents, got " + a.size();
    }
    for (int i = 0; i < e.size(); i++) {
      String d = first(e.get(i).tree(), a.get(i).tree(), "");
      if (d != null) {
        return "doc " + (i + 1) + ": " + d;
      }
    }
    return null;
  }

  static String first(JsonNode e, JsonNode a, String path) {
    if (e == null || a == null) {
      return e == a ? null : path + ": expected " + e + ", got " + a;
    }
    if (e.isObject() && a.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      for (String k : keys) {
        String d = first(e.get(k), a.get(k), path.isEmpty() ? k : path + "." + k);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (e.isArray() && a.isArray()) {
      for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
        String name = e.has(i) && e.get(i).has("name") ? "[" + e.get(i).get("name").asText() + "]" : "[" + i + "]";
        String d = first(e.get(i), a.get(i), path + name);
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    // scalars: the same text is the same value ("2" and 2 differ only in YAML quoting, which the byte compare checks)
    return e.isContainerNode() == a.isContainerNode() && e.asText().equals(a.asText()) ? null
        : path + ": expected " + e + ", got " + a;
  }
}
