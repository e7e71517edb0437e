package io.meshctl.core.analyze.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The field types of an Istio API message as its JSON form accepts them (protobuf JSON mapping):
 * a type check names the field path and what was expected. Unknown fields are not reported: Istio
 * accepts them (its decoder retries with unknown fields allowed), and a newer API's fields would
 * otherwise be false positives.
 */
sealed interface Shape {

  /** Where a problem was found and what it is. */
  interface Sink {
    void error(String path, String message);
  }

  void check(JsonNode node, String path, Sink sink);

  /** Scalars as protobuf's JSON decoder takes them (numbers may be quoted; enums by name or number). */
  enum Scalar implements Shape {
    STRING, BOOL, INT, UINT32, DOUBLE, DURATION, ANY;

    /** Go's time.ParseDuration syntax, which Istio's decoder accepts besides protobuf's {@code 1.5s}. */
    private static final Pattern DURATION_TEXT = Pattern.compile("[-+]?(\\d*(\\.\\d*)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    @Override
    public void check(JsonNode n, String path, Sink sink) {
      if (n == null || n.isNull() || this == ANY) {
        return;
      }
      switch (this) {
        case STRING -> {
          if (!n.isTextual()) {
            sink.error(path, "expected a string, got " + describe(n));
          }
        }
        case BOOL -> {
          if (!n.isBoolean()) {
            sink.error(path, "expected true or false, got " + describe(n));
          }
        }
        case INT, UINT32 -> {
          boolean integral = n.isIntegralNumber() || (n.isTextual() && INTEGER.matcher(n.asText()).matches());
          if (!integral) {
            sink.error(path, "expected an integer, got " + describe(n));
          } else if (this == UINT32 && (n.asText().startsWith("-") || n.asLong() > 4294967295L)) {
            sink.error(path, "expected an unsigned 32-bit integer, got " + n.asText());
          }
        }
        case DOUBLE -> {
          if (!n.isNumber() && !(n.isTextual() && isNumber(n.asText()))) {
            sink.error(path, "expected a number, got " + describe(n));
          }
        }
        case DURATION -> {
          String s = n.asText();
          if (!n.isTextual() || s.isEmpty() || s.equals("-") || !DURATION_TEXT.matcher(s).matches() && !s.equals("0")) {
            sink.error(path, "expected a duration such as 10s, 1.5s or 100ms, got " + describe(n));
          } else if (s.startsWith("-")) {
            sink.error(path, "duration must not be negative: " + s);
          }
        }
        default -> { }
      }
    }

    private static boolean isNumber(String s) {
      try {
        Double.parseDouble(s);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /** An enum by value name (or its number, which protobuf's JSON decoder also takes). */
  record Enum(List<String> values) implements Shape {
    @Override
    public void check(JsonNode n, String path, Sink sink) {
      if (n == null || n.isNull()) {
        return;
      }
      if (n.isIntegralNumber() && n.asInt() >= 0 && n.asInt() < values.size()) {
        return;
      }
      if (!n.isTextual() || !values.contains(n.asText())) {
        sink.error(path, "unknown value " + describe(n) + ", expected one of " + String.join(", ", values));
      }
    }
  }

  record Arr(Shape item) implements Shape {
    @Override
    public void check(JsonNode n, String path, Sink sink) {
      if (n == null || n.isNull()) {
        return;
      }
      if (!n.isArray()) {
        sink.error(path, "expected a list, got " + describe(n));
        return;
      }
      for (int i = 0; i < n.size(); i++) {
        item.check(n.get(i), path + "[" + i + "]", sink);
      }
    }
  }

  /** {@code map<string, V>}. */
  record MapOf(Shape value) implements Shape {
    @Override
    public void check(JsonNode n, String path, Sink sink) {
      if (n == null || n.isNull()) {
        return;
      }
      if (!n.isObject()) {
        sink.error(path, "expected a map, got " + describe(n));
        return;
      }
      n.fields().forEachRemaining(e -> value.check(e.getValue(), path + "." + e.getKey(), sink));
    }
  }

  /**
   * A message: its fields (JSON names; the proto names in snake_case are accepted too), the ones
   * that are required, and an optional rule over the whole object.
   */
  record Obj(Map<String, Shape> fields, List<String> required, Rule rule) implements Shape {

    /** A cross-field rule; it runs only when the node is an object. */
    interface Rule {
      void check(JsonNode node, String path, Sink sink);
    }

    @Override
    public void check(JsonNode n, String path, Sink sink) {
      if (n == null || n.isNull()) {
        return;
      }
      if (!n.isObject()) {
        sink.error(path, "expected an object, got " + describe(n));
        return;
      }
      for (String r : required) {
        JsonNode v = field(n, r);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty())) {
          sink.error(join(path, r), "is required");
        }
      }
      n.fields().forEachRemaining(e -> {
        Shape s = fields.get(camel(e.getKey()));
        if (s != null) {
          s.check(e.getValue(), join(path, e.getKey()), sink);
        }
      });
      if (rule != null) {
        rule.check(n, path, sink);
      }
    }

    Obj with(Rule r) {
      return new Obj(fields, required, r);
    }

    Obj require(String... names) {
      return new Obj(fields, List.of(names), rule);
    }
  }

  /** The field by JSON name or proto name. */
  static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null) {
      // by hand: a regex here was compiled for every absent field of every object
      StringBuilder snake = new StringBuilder(name.length() + 4);
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c >= 'A' && c <= 'Z') {
          snake.append('_');
        }
        snake.append(c);
      }
      v = n.get(snake.toString().toLowerCase(Locale.ROOT));
    }
    return v;
  }

  static String camel(String key) {
    if (key.indexOf('_') < 0) {
      return key;
    }
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String describe(JsonNode n) {
    if (n.isTextual()) {
      return "\"" + n.asText() + "\"";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "a list";
    }
    return n.toString();
  }

  /** Builds an {@link Obj} from {@code name, shape} pairs. */
  static Obj obj(Object... pairs) {
    Map<String, Shape> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Shape) pairs[i + 1]);
    }
    return new Obj(Map.copyOf(m), List.of(), null);
  }

  static Arr list(Shape item) {
    return new Arr(item);
  }

  static MapOf map(Shape value) {
    return new MapOf(value);
  }

  static Enum oneOf(String... values) {
    return new Enum(List.of(values));
  }

  /** Runs {@code each} with every element of a list field and its path. */
  static void each(JsonNode n, String field, String path, java.util.function.BiConsumer<JsonNode, String> each) {
    JsonNode list = n == null ? null : field(n, field);
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        each.accept(list.get(i), join(path, field) + "[" + i + "]");
      }
    }
  }

  static void ifPresent(JsonNode n, String field, Consumer<JsonNode> then) {
    JsonNode v = n == null ? null : field(n, field);
    if (v != null && !v.isNull()) {
      then.accept(v);
    }
  }
}
