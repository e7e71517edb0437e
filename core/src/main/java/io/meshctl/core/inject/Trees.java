package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    o.fields().forEachRemaining(e -> copy.putIfAbsent(e.getKey(), e.getValue()));
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

  static String text(JsonNode o, String key) {
    JsonNode n = o == null ? null : o.get(key);
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
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

  static ObjectNode findNamed(ArrayNode a, String name) {
    if (a != null) {
      for (JsonNode n : a) {
        if (n instanceof ObjectNode o && name.equals(text(o, "name"))) {
          return o;
        }
      }
    }
    return null;
  }
}
