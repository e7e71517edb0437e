package io.meshctl.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes a manifest tree as block YAML byte for byte as {@link Yaml#yamlFactory()}'s generator
 * (Jackson over SnakeYAML's emitter) does, without starting either: that start is ~10 ms of a
 * one-file {@code inject} (bench/startup). Returns false, having written nothing, for a tree with
 * anything whose output it does not reproduce, which then goes to Jackson: a root other than a
 * mapping, sequences directly in sequences, numbers other than int and long, keys longer than
 * 100 characters, strings with characters outside printable ASCII and LF, a multi-line string in a
 * sequence or ending in two line breaks, and plain strings that SnakeYAML would single-quote.
 *
 * <p>The rules are SnakeYAML's ({@code Emitter.analyzeScalar}, {@code chooseScalarStyle},
 * {@code writeLiteral}) with Jackson's choice of style ({@code YAMLGenerator.writeString}: empty and
 * {@link Yaml11.Quoting quotable} strings double-quoted, multi-line ones literal, the rest plain).
 * {@code SimpleYamlWriterTest} compares the bytes with Jackson's on generated and shipped trees.
 */
final class SimpleYamlWriter {

  private static final class Outside extends RuntimeException {
    Outside() {
      super(null, null, false, false);
    }
  }

  private static final Outside OUTSIDE = new Outside();
  private static final int MAX_KEY = 100;

  private SimpleYamlWriter() {
  }

  /** Writes {@code tree} and returns true, or writes nothing and returns false. */
  static boolean write(JsonNode tree, Writer out) throws IOException {
    if (!tree.isObject()) {
      return false;
    }
    StringBuilder b = new StringBuilder(4096);
    try {
      if (tree.isEmpty()) {
        b.append("{}\n");
      } else {
        mapping(b, tree, 0, false);
      }
    } catch (Outside e) {
      return false;
    }
    out.append(b);
    return true;
  }

  /** Keys at column {@code col}; the first on the current line when {@code inline} (after "- "). */
  private static void mapping(StringBuilder b, JsonNode o, int col, boolean inline) {
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      if (!(first && inline)) {
        indent(b, col);
      }
      first = false;
      key(b, e.getKey());
      b.append(':');
      JsonNode v = e.getValue();
      if (v.isContainerNode() && !v.isEmpty()) {
        b.append('\n');
        if (v.isObject()) {
          mapping(b, v, col + 2, false);
        } else {
          sequence(b, v, col); // "- " at the key's column: SnakeYAML's indentless sequence
        }
      } else {
        b.append(' ');
        scalar(b, v, col + 2, true);
      }
    }
  }

  private static void sequence(StringBuilder b, JsonNode a, int col) {
    for (JsonNode v : a) {
      indent(b, col);
      b.append("- ");
      if (v.isObject() && !v.isEmpty()) {
        mapping(b, v, col + 2, true);
      } else if (v.isArray() && !v.isEmpty()) {
        throw OUTSIDE;
      } else {
        scalar(b, v, col + 2, false);
      }
    }
  }

  private static void indent(StringBuilder b, int col) {
    for (int i = 0; i < col; i++) {
      b.append(' ');
    }
  }

  /** A scalar or empty collection and its line break; a literal block's lines at {@code blockCol}. */
  private static void scalar(StringBuilder b, JsonNode v, int blockCol, boolean mappingValue) {
    switch (v.getNodeType()) {
      case STRING -> string(b, v.textValue(), blockCol, mappingValue);
      case NUMBER -> {
        if (!v.isInt() && !v.isLong()) {
          throw OUTSIDE;
        }
        b.append(v.longValue()).append('\n');
      }
      case BOOLEAN -> b.append(v.booleanValue() ? "true\n" : "false\n");
      case NULL -> b.append("null\n");
      case OBJECT -> b.append("{}\n"); // empty: SnakeYAML writes empty collections in flow style
      case ARRAY -> b.append("[]\n");
      default -> throw OUTSIDE;
    }
  }

  private static void string(StringBuilder b, String s, int blockCol, boolean mappingValue) {
    if (s.isEmpty()) {
      b.append("\"\"\n");
      return;
    }
    int analysis = analyze(s);
    if (s.indexOf('\n') >= 0) {
      if (!mappingValue) {
        throw OUTSIDE;
      }
      if ((analysis & BLOCK) != 0) {
        literal(b, s, blockCol);
      } else {
        doubleQuoted(b, s);
        b.append('\n');
      }
      return;
    }
    if (Yaml11.plainNumber(s) || Yaml11.QUOTING.needToQuoteValue(s)) {
      doubleQuoted(b, s);
    } else if ((analysis & BLOCK_PLAIN) != 0) {
      b.append(s);
    } else {
      throw OUTSIDE; // SnakeYAML would single-quote it
    }
    b.append('\n');
  }

  private static void key(StringBuilder b, String k) {
    if (k.isEmpty() || k.length() > MAX_KEY || k.indexOf('\n') >= 0) {
      throw OUTSIDE; // not a simple key for SnakeYAML
    }
    int analysis = analyze(k);
    if (Yaml11.QUOTING.needToQuoteName(k)) {
      doubleQuoted(b, k);
    } else if ((analysis & BLOCK_PLAIN) != 0) {
      b.append(k);
    } else {
      throw OUTSIDE;
    }
  }

  private static void doubleQuoted(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    b.append('"');
  }

  /** {@code |}, with an indentation hint when the text starts with a space or break, {@code -} when it ends without one. */
  private static void literal(StringBuilder b, String s, int col) {
    int n = s.length();
    boolean endsWithBreak = s.charAt(n - 1) == '\n';
    if (endsWithBreak && (n == 1 || s.charAt(n - 2) == '\n')) {
      throw OUTSIDE; // "|+", after which SnakeYAML leaves the document open-ended
    }
    b.append('|');
    if (s.charAt(0) == ' ' || s.charAt(0) == '\n') {
      b.append('2');
    }
    if (!endsWithBreak) {
      b.append('-');
    }
    b.append('\n');
    int end = endsWithBreak ? n - 1 : n;
    int start = 0;
    while (start <= end) {
      int nl = s.indexOf('\n', start);
      if (nl < 0 || nl > end) {
        nl = end;
      }
      if (nl > start) {
        indent(b, col);
        b.append(s, start, nl);
      }
      b.append('\n');
      start = nl + 1;
    }
  }

  private static final int BLOCK_PLAIN = 1;
  private static final int BLOCK = 2;

  /**
   * SnakeYAML's {@code Emitter.analyzeScalar} for a non-empty string, as far as block output needs
   * it: may it be written plain, and as a literal block? Throws for characters it does not handle.
   */
  private static int analyze(String s) {
    int n = s.length();
    boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean followedByWhitespace = n == 1 || s.charAt(1) == ' ' || s.charAt(1) == '\n';
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != '\n' && (c < 0x20 || c > 0x7e)) {
        throw OUTSIDE;
      }
      if (i == 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0 || (c == '?' || c == ':' || c == '-') && followedByWhitespace) {
          blockIndicators = true;
        }
      } else if (c == ':' && followedByWhitespace || c == '#' && precededByWhitespace) {
        blockIndicators = true;
      }
      boolean lineBreak = c == '\n';
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= i == n - 1;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (lineBreak) {
        leadingBreak |= i == 0;
        trailingBreak |= i == n - 1;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = c == ' ' || lineBreak;
      // As SnakeYAML computes it: the character after the next, and a break counts only as the current one.
      followedByWhitespace = i + 2 >= n || s.charAt(i + 2) == ' ' || lineBreak;
    }
    boolean leadingZero = n > 1 && s.charAt(0) == '0';
    for (int i = 1; leadingZero && i < n; i++) {
      char c = s.charAt(i);
      leadingZero = c >= '0' && c <= '9' || c == '_';
    }
    int result = 0;
    if (!(leadingSpace || leadingBreak || trailingSpace || trailingBreak || leadingZero || breakSpace
        || spaceBreak || blockIndicators)) {
      result |= BLOCK_PLAIN;
    }
    if (!(trailingSpace || spaceBreak)) {
      result |= BLOCK;
    }
    return result;
  }
}
