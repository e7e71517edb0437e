package io.meshctl.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Jackson trees read from and written to the streaming API directly. An {@code ObjectMapper} costs
 * a CLI run 20-30 ms of class loading and set-up before it reads a byte (bench/startup), and trees
 * need none of its machinery. Reads and writes exactly what {@code ObjectMapper.readTree} and
 * {@code writeValue} do with default settings: the same node types, numbers and bytes.
 */
public final class TreeCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TreeCodec() {
  }

  /**
   * The value starting at the parser's current token, or at the next one if there is none yet;
   * null at the end of the input. Leaves the parser on the value's last token.
   */
  public static JsonNode read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      t = p.nextToken();
      if (t == null) {
        return null;
      }
    }
    return value(p, t);
  }

  /** The first value of a JSON text; {@link MissingNode} when there is none, as readTree gives. */
  public static JsonNode parseJson(String text) throws JsonProcessingException {
    try (JsonParser p = Yaml.JSON_FACTORY.createParser(text)) {
      return orMissing(read(p));
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String has no I/O to fail
    }
  }

  private static JsonNode orMissing(JsonNode n) {
    return n == null ? MissingNode.getInstance() : n;
  }

  // Recursion depth is bounded by the parsers' own nesting limits.
  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          String name = p.currentName();
          o.set(name, value(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          a.add(value(p, t));
        }
        return a;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return written(p.getText(), switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        });
      case VALUE_NUMBER_FLOAT:
        return written(p.getText(), floatValue(p));
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT: {
        Object o = p.getEmbeddedObject();
        return o == null ? NODES.nullNode() : o instanceof byte[] b ? NODES.binaryNode(b) : NODES.pojoNode(o);
      }
      default:
        throw new JsonParseException(p, "unexpected " + t + " where a value should start");
    }
  }

  /**
   * The number as a plain node when Jackson writes it back as it was written, else as a
   * {@link WrittenNumber} that keeps the text: {@code 1.50} must not come back as {@code 1.5}.
   */
  private static JsonNode written(String text, JsonNode value) {
    return text.equals(value.asText()) ? value : new WrittenNumber(text, (NumericNode) value);
  }

  /**
   * A float as a double when that holds it, else exactly ({@code 1e400} is not Infinity). YAML's
   * {@code .inf} and {@code .nan} are refused: Kubernetes objects are JSON, which cannot hold them.
   */
  private static JsonNode floatValue(JsonParser p) throws IOException {
    String t = p.getText();
    String unsigned = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    if (unsigned.equalsIgnoreCase(".inf") || unsigned.equalsIgnoreCase(".nan")) {
      throw new JsonParseException(p, t + " is an infinity or NaN, which a Kubernetes object (JSON) cannot hold"
          + " (quote it if it is a string)");
    }
    double d = p.getDoubleValue();
    return Double.isFinite(d) ? NODES.numberNode(d) : NODES.numberNode(p.getDecimalValue());
  }

  /** Writes {@code n} as the generator's next value. */
  public static void write(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject(n);
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray(n, n.size());
        for (JsonNode v : n) {
          write(g, v);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case NUMBER -> {
        if (n instanceof WrittenNumber w) {
          w.write(g);
          return;
        }
        switch (n.numberType()) {
          case INT -> g.writeNumber(n.intValue());
          case LONG -> g.writeNumber(n.longValue());
          case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
          case FLOAT -> g.writeNumber(n.floatValue());
          case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
          default -> g.writeNumber(n.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL -> g.writeNull();
      case BINARY -> g.writeBinary(n.binaryValue());
      default -> throw new IOException("cannot write a " + n.getNodeType() + " node as " + g.getClass().getSimpleName());
    }
  }

  /** Writes one document to {@code out} and leaves {@code out} open. */
  public static void write(JsonFactory factory, Writer out, JsonNode n, boolean pretty) throws IOException {
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(g, n);
    }
  }

  /** Compact JSON, the text {@code JsonNode.toString()} gives, without its hidden ObjectMapper. */
  public static String json(JsonNode n) {
    StringWriter w = new StringWriter();
    try {
      write(Yaml.JSON_FACTORY, w, n, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
