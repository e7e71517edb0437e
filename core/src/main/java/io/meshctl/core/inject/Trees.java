package io.meshctl.core.inject;

import static io.meshctl.core.manifest.Manifests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order-preserving edits on Jackson trees: the user's keys stay where they were. */
final class Trees {

  static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Trees() {
  }

  static ObjectNode obj(Object... keyValues) {
    ObjectNode o = F.objectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      String k = (String) keyValues[i];
      if (v instanceof JsonNode n) {
        o.set(k, n);
      } else if (v instanceof Integer n) {
        o.put(k, n);
      } else if (v instanceof Boolean b) {
        o.put(k, b);
      } else if (v != null) {
        o.put(k, v.toString());
      }
    }
    return o;
  }

  static ArrayNode arr(Object... values) {
    ArrayNode a = F.arrayNode();
    for (Object v : values) {
      if (v instanceof JsonNode n) {
        a.add(n);
      } else {
        a.add(v.toString());
      }
    }
    return a;
  }

  /** Replaces {@code oldKey} by {@code newKey} at the same position. */
  static void replaceKey(ObjectNode o, String oldKey, String newKey, JsonNode value) {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(oldKey)) {
        copy.put(newKey, value);
      } else if (!e.getKey().equals(newKey)) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    o.removeAll();
    o.setAll(copy);
  }

  /** Sets {@code key} as the first field, for a {@code metadata} created on a template that had none. */
  static void putFirst(ObjectNode o, String key, JsonNode value) {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    copy.put(key, value);
    // A loop, not a lambda: a lambda's class is spun at run time, a cost each CLI run pays (bench/startup).
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      copy.putIfAbsent(e.getKey(), e.getValue());
    }
    o.removeAll();
    o.setAll(copy);
  }

  /** The array at {@code key}, or null when absent or not an array. */
  static ArrayNode array(JsonNode o, String key) {
    JsonNode n = o == null ? null : o.get(key);
    return n instanceof ArrayNode a ? a : null;
  }

  static ObjectNode object(JsonNode o, String key) {
    JsonNode n = o == null ? null : o.get(key);
    return n instanceof ObjectNode x ? x : null;
  }

  /** Removes the elements whose {@code name} is in {@code names}; returns how many went. */
  static int removeNamed(ArrayNode a, java.util.Collection<String> names) {
    if (a == null) {
      return 0;
    }
    int removed = 0;
    for (int i = a.size() - 1; i >= 0; i--) {
      if (names.contains(text(a.get(i), "name"))) {
        a.remove(i);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Kubernetes strategic merge of {@code patch} onto {@code target}, in place: the patch's values win,
   * {@code null} deletes, maps merge recursively, lists named in {@code mergeKeys} merge element by
   * element on their key (an empty patch list changes nothing), every other list is replaced. New keys
   * go after the target's own.
   */
  static void strategicMerge(ObjectNode target, ObjectNode patch, Map<String, String> mergeKeys) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      JsonNode current = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value instanceof ObjectNode p && current instanceof ObjectNode t) {
        strategicMerge(t, p, Map.of());
      } else if (value instanceof ArrayNode p && current instanceof ArrayNode t && mergeKeys.containsKey(key)) {
        target.set(key, mergeList(t, p, mergeKeys.get(key)));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  /**
   * apimachinery's {@code mergeSlice} + {@code normalizeElementOrder}: patch items (merged onto their
   * match) in patch order; each target-only item goes before the first patch item that comes after it
   * in the target, else at the end.
   */
  private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String key) {
    List<JsonNode> patched = new ArrayList<>();
    for (JsonNode p : patch) {
      JsonNode match = p instanceof ObjectNode ? find(target, key, p.get(key)) : null;
      if (match instanceof ObjectNode m && p instanceof ObjectNode po) {
        ObjectNode merged = m.deepCopy();
        strategicMerge(merged, po, Map.of());
        patched.add(merged);
      } else {
        patched.add(p.deepCopy());
      }
    }
    List<JsonNode> targetOnly = new ArrayList<>();
    for (JsonNode t : target) {
      if (find(patch, key, t.get(key)) == null) {
        targetOnly.add(t);
      }
    }
    ArrayNode out = F.arrayNode();
    int j = 0;
    for (JsonNode left : targetOnly) {
      int li = indexOf(target, key, left.get(key));
      while (j < patched.size()) {
        int ri = indexOf(target, key, patched.get(j).get(key));
        if (li >= 0 && ri >= 0 && li < ri) {
          break;
        }
        out.add(patched.get(j++));
      }
      out.add(left);
    }
    while (j < patched.size()) {
      out.add(patched.get(j++));
    }
    return out;
  }

  private static JsonNode find(ArrayNode a, String key, JsonNode value) {
    int i = indexOf(a, key, value);
    return i < 0 ? null : a.get(i);
  }

  private static int indexOf(ArrayNode a, String key, JsonNode value) {
    if (value == null) {
      return -1;
    }
    for (int i = 0; i < a.size(); i++) {
      JsonNode v = a.get(i).get(key);
      // 80 and "80" are the same containerPort once Kubernetes decodes them.
      if (v != null && v.asText().equals(value.asText())) {
        return i;
      }
    }
    return -1;
  }

  /** The first object in {@code a} named {@code name}, or null. */
  static ObjectNode findNamed(ArrayNode a, String name) {
    int i = indexOfNamed(a, name);
    return i < 0 ? null : (ObjectNode) a.get(i);
  }

  /** The index of the first object in {@code a} named {@code name}, or -1 (also when {@code a} is null). */
  static int indexOfNamed(ArrayNode a, String name) {
    if (a != null) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) instanceof ObjectNode && name.equals(text(a.get(i), "name"))) {
          return i;
        }
      }
    }
    return -1;
  }
}
