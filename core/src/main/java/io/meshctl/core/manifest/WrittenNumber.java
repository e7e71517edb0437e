package io.meshctl.core.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A number read from a manifest in a form Jackson would not write back ({@code 1e400}, {@code 1.50},
 * {@code 0x1F}, {@code 1_000}, {@code -0}): its value, for the code that reads it, and
 * its text, which YAML output writes unchanged so a passed-through value is the one the user wrote.
 * JSON output writes the text when it is a JSON number, else the value.
 */
public final class WrittenNumber extends NumericNode {

  private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?");

  private final String text;
  private final NumericNode value;

  WrittenNumber(String text, NumericNode value) {
    this.text = text;
    this.value = value;
  }

  /** The number as the manifest wrote it. */
  public String text() {
    return text;
  }

  /** Writes the number: its text in YAML and where it is a JSON number, else its value. */
  void write(JsonGenerator g) throws IOException {
    if (g instanceof YAMLGenerator ? !octal() : JSON_NUMBER.matcher(text).matches()) {
      g.writeNumber(text);
    } else {
      value.serialize(g, null);
    }
  }

  /**
   * {@code 012}, {@code 00}, {@code 0_1}: SnakeYAML's emitter quotes integers with a leading zero
   * (YAML 1.2 reads them as strings), which would turn the number into a string; its value is
   * written instead ({@code 10}), the number YAML 1.1 reads.
   */
  private boolean octal() {
    return value.isIntegralNumber() && text.length() > 1 && text.charAt(0) == '0'
        && (Character.isDigit(text.charAt(1)) || text.charAt(1) == '_');
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    write(g);
  }

  @Override
  public JsonToken asToken() {
    return value.asToken();
  }

  @Override
  public JsonParser.NumberType numberType() {
    return value.numberType();
  }

  @Override
  public boolean isIntegralNumber() {
    return value.isIntegralNumber();
  }

  @Override
  public boolean isFloatingPointNumber() {
    return value.isFloatingPointNumber();
  }

  @Override
  public boolean isInt() {
    return value.isInt();
  }

  @Override
  public boolean isLong() {
    return value.isLong();
  }

  @Override
  public boolean isBigInteger() {
    return value.isBigInteger();
  }

  @Override
  public boolean isDouble() {
    return value.isDouble();
  }

  @Override
  public boolean isBigDecimal() {
    return value.isBigDecimal();
  }

  @Override
  public boolean isNaN() {
    return value.isNaN();
  }

  @Override
  public Number numberValue() {
    return value.numberValue();
  }

  @Override
  public int intValue() {
    return value.intValue();
  }

  @Override
  public long longValue() {
    return value.longValue();
  }

  @Override
  public double doubleValue() {
    return value.doubleValue();
  }

  @Override
  public BigDecimal decimalValue() {
    return value.decimalValue();
  }

  @Override
  public BigInteger bigIntegerValue() {
    return value.bigIntegerValue();
  }

  @Override
  public boolean canConvertToInt() {
    return value.canConvertToInt();
  }

  @Override
  public boolean canConvertToLong() {
    return value.canConvertToLong();
  }

  @Override
  public boolean canConvertToExactIntegral() {
    return value.canConvertToExactIntegral();
  }

  /** The value's text ({@code 31} for {@code 0x1F}), as code reading a number as text expects. */
  @Override
  public String asText() {
    return value.asText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrittenNumber w && text.equals(w.text) && value.equals(w.value);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
