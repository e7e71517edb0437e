package io.meshctl.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the plain subset of YAML that hand-written manifests use, without starting SnakeYAML: a
 * CLI run spends ~20 ms bringing up SnakeYAML and Jackson's YAML parser for a one-file
 * {@code inject} (bench/startup). Gives exactly the trees and document lines that
 * {@link ManifestReader} gets from Jackson, or null for any text outside the subset, which then
 * goes to Jackson as before; so errors, and every construct not listed here, keep Jackson's
 * behaviour and messages.
 *
 * <p>The subset: printable ASCII in lines ended by LF; {@code #} comments; documents separated by
 * {@code ---}, each a mapping; block mappings whose keys are plain words of letters, digits and
 * {@code _ . / -}; block sequences, including a mapping started on the {@code -} line; single-line
 * plain, single- and double-quoted scalars; single-line flow mappings and sequences. Plain scalars
 * resolve as YAML 1.1 does through Jackson; those that would become anything but a string, null,
 * a boolean or a decimal integer, and everything else (anchors, tags, block scalars, multi-line
 * scalars, empty documents, tabs, CRLF, non-ASCII, duplicate keys) are outside.
 * {@code SimpleYamlReaderTest} compares the two readers on generated and shipped manifests.
 */
final class SimpleYamlReader {

  /** One document: its tree and the 1-based line where its content starts, as Jackson reports it. */
  record Parsed(JsonNode tree, int line) {
  }

  /** Thrown, without a stack trace, at the first thing outside the subset. */
  private static final class Outside extends RuntimeException {
    Outside() {
      super(null, null, false, false);
    }
  }

  private static final Outside OUTSIDE = new Outside();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int EOF = -1;
  /** A missing value: Jackson reads SnakeYAML's empty plain scalar as "", not null. */
  private static final JsonNode EMPTY = NODES.textNode("");
  private static final int MAX_KEY = 128;
  /** Deeper input goes to Jackson, whose nesting limit and message apply; recursion here stays shallow. */
  private static final int MAX_DEPTH = 100;

  private final String s;
  private final int[] starts; // starts[i] = offset of line i; starts[lines] = s.length() + 1
  private final int lines;
  private int line; // the next line to look at
  private int depth;

  private SimpleYamlReader(String s, int[] starts, int lines) {
    this.s = s;
    this.starts = starts;
    this.lines = lines;
  }

  /** The documents of {@code bytes}, or null when the text is outside the subset. */
  static List<Parsed> read(byte[] bytes, int length) {
    int count = 1;
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        count++;
      } else if (b < 0x20 || b == 0x7f) { // also every byte >= 0x80: non-ASCII text goes to Jackson
        return null;
      }
    }
    int[] starts = new int[count + 1];
    int n = 1;
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        starts[n++] = i + 1;
      }
    }
    starts[count] = length + 1;
    @SuppressWarnings("deprecation") // the bytes are checked to be ASCII: the fastest exact decoding
    String text = new String(bytes, 0, 0, length);
    try {
      return new SimpleYamlReader(text, starts, count).documents();
    } catch (Outside e) {
      return null;
    }
  }

  private List<Parsed> documents() {
    List<Parsed> docs = new ArrayList<>();
    boolean explicit = false; // a "---" opened a document that has no content yet
    while (true) {
      int i = skipBlank();
      if (i == EOF) {
        if (explicit) {
          throw OUTSIDE; // an empty document: Jackson's null, and its line, are not worth copying
        }
        return docs;
      }
      if (separator(i)) {
        if (explicit) {
          throw OUTSIDE;
        }
        explicit = true;
        line = i + 1;
        continue;
      }
      int col = indent(i);
      int p = starts[i] + col;
      JsonNode root;
      if (s.charAt(p) == '{') {
        int[] end = {p};
        root = flowValue(end, i, false);
        rest(i, end[0]);
        line = i + 1;
      } else if (seqItem(p, i)) {
        throw OUTSIDE; // a manifest is a mapping; Jackson says what else it is
      } else {
        root = mapping(col, -1);
      }
      int next = skipBlank();
      if (next != EOF && !separator(next)) {
        throw OUTSIDE;
      }
      docs.add(new Parsed(root, i + 1));
      explicit = false;
    }
  }

  // --- lines

  private int end(int i) {
    return starts[i + 1] - 1;
  }

  private int indent(int i) {
    int p = starts[i];
    int e = end(i);
    while (p < e && s.charAt(p) == ' ') {
      p++;
    }
    return p - starts[i];
  }

  /** Moves {@link #line} to the next line with content and returns it, or EOF. */
  private int skipBlank() {
    while (line < lines) {
      int p = starts[line] + indent(line);
      if (p < end(line) && s.charAt(p) != '#') {
        return line;
      }
      line++;
    }
    return EOF;
  }

  private boolean separator(int i) {
    int p = starts[i];
    int e = end(i);
    if (e - p >= 3 && (s.startsWith("---", p) || s.startsWith("...", p))) {
      if (e - p == 3 && s.charAt(p) == '-') {
        return true;
      }
      throw OUTSIDE; // "--- value", "..." and directives
    }
    if (s.charAt(p) == '%') {
      throw OUTSIDE;
    }
    return false;
  }

  private boolean seqItem(int p, int i) {
    return s.charAt(p) == '-' && (p + 1 == end(i) || s.charAt(p + 1) == ' ');
  }

  // --- block collections

  /** The block node whose first line is the next line with content, at column {@code col}. */
  private JsonNode block(int col) {
    int i = line;
    return seqItem(starts[i] + col, i) ? sequence(col) : mapping(col, -1);
  }

  /**
   * The next line with content if it continues a block at column {@code col}; EOF when the block
   * has ended (end of input, "---", or a line further left).
   */
  private int nextAt(int col) {
    int i = skipBlank();
    if (i == EOF || separator(i)) {
      return EOF;
    }
    int ind = indent(i);
    if (ind > col) {
      throw OUTSIDE;
    }
    return ind < col ? EOF : i;
  }

  /**
   * A block mapping with keys at column {@code col}; {@code first} is a line whose key is at that
   * column after a sequence's "- ", or -1.
   */
  private ObjectNode mapping(int col, int first) {
    enter();
    ObjectNode o = NODES.objectNode();
    for (int i = first == -1 ? nextAt(col) : first; i != EOF; i = nextAt(col)) {
      int p = starts[i] + col;
      int colon = key(p, end(i));
      if (colon < 0) {
        throw OUTSIDE;
      }
      String name = s.substring(p, colon);
      if (o.has(name)) {
        throw OUTSIDE; // Jackson reports duplicate keys
      }
      o.set(name, value(i, colon + 1, col, true));
    }
    depth--;
    return o;
  }

  /** Ends at a line at column {@code col} that is not an item: the next key of the mapping it is the value of. */
  private ArrayNode sequence(int col) {
    enter();
    ArrayNode a = NODES.arrayNode();
    for (int i = nextAt(col); i != EOF && seqItem(starts[i] + col, i); i = nextAt(col)) {
      int p = starts[i] + col;
      int q = skipSpaces(p + 1, end(i));
      if (q < end(i) && seqItem(q, i)) {
        throw OUTSIDE; // "- - x"
      }
      if (q < end(i) && key(q, end(i)) >= 0) {
        a.add(mapping(q - starts[i], i));
      } else {
        a.add(value(i, p + 1, col, false));
      }
    }
    depth--;
    return a;
  }

  /**
   * The value that starts after a key's colon or a sequence's dash at {@code from} on line
   * {@code i}, for a node at column {@code col}; a value on its own lines when the line ends there.
   */
  private JsonNode value(int i, int from, int col, boolean inMapping) {
    int e = end(i);
    int q = skipSpaces(from, e);
    if (q == e || s.charAt(q) == '#') {
      line = i + 1;
      int n = skipBlank();
      if (n == EOF || separator(n)) {
        return EMPTY;
      }
      int ind = indent(n);
      if (ind > col) {
        return block(ind);
      }
      if (inMapping && ind == col && seqItem(starts[n] + col, n)) {
        return sequence(col);
      }
      return EMPTY;
    }
    JsonNode v;
    int[] at = {q};
    char c = s.charAt(q);
    if (c == '{' || c == '[' || c == '"' || c == '\'') {
      v = flowValue(at, i, false);
    } else {
      v = plain(at, e, false);
    }
    rest(i, at[0]);
    line = i + 1;
    int n = skipBlank();
    if (n != EOF && !separator(n) && indent(n) > col) {
      throw OUTSIDE; // a continuation line, or an error Jackson should report
    }
    return v;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private void rest(int i, int p) {
    int e = end(i);
    int q = skipSpaces(p, e);
    if (q < e && !(s.charAt(q) == '#' && q > p)) {
      throw OUTSIDE;
    }
  }

  private int skipSpaces(int p, int e) {
    while (p < e && s.charAt(p) == ' ') {
      p++;
    }
    return p;
  }

  /** The offset of the colon ending a plain key at {@code p}, or -1 when no such key starts there. */
  private int key(int p, int e) {
    int q = p;
    while (q < e && q - p <= MAX_KEY) {
      char c = s.charAt(q);
      if (c == ':') {
        return q > p && (q + 1 == e || s.charAt(q + 1) == ' ') ? q : -1;
      }
      boolean word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
      if (!word && (q == p || c != '.' && c != '/' && c != '-')) {
        return -1;
      }
      q++;
    }
    return -1;
  }

  // --- scalars and flow collections

  /**
   * A plain scalar at {@code at[0]}, in block or flow context; leaves {@code at[0]} after it.
   * Rejects what would end it early or make it something other than a one-line scalar.
   */
  private JsonNode plain(int[] at, int e, boolean flow) {
    int p = at[0];
    char c = s.charAt(p);
    if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0 || flow && (c == '?' || c == ':')
        || (c == '-' || c == '?' || c == ':') && (p + 1 == e || s.charAt(p + 1) == ' ')) {
      throw OUTSIDE;
    }
    int q = p;
    int last = p; // one past the last non-space character
    while (q < e) {
      c = s.charAt(q);
      if (c == ' ') {
        if (q + 1 < e && s.charAt(q + 1) == '#') {
          break;
        }
      } else if (c == ':' && (q + 1 == e || s.charAt(q + 1) == ' ' || flow && ",[]{}".indexOf(s.charAt(q + 1)) >= 0)) {
        break; // a key, or "mapping values are not allowed here": either way not a value here
      } else if (flow && ",[]{}?".indexOf(c) >= 0) {
        break;
      } else {
        last = q + 1;
      }
      q++;
    }
    if (q < e && s.charAt(q) == ':') {
      throw OUTSIDE;
    }
    at[0] = last;
    return resolve(s.substring(p, last));
  }

  /** A flow collection or quoted scalar at {@code at[0]}, all on line {@code i}; leaves {@code at[0]} after it. */
  private JsonNode flowValue(int[] at, int i, boolean inFlow) {
    enter();
    try {
      return flowNode(at, i, inFlow);
    } finally {
      depth--;
    }
  }

  private JsonNode flowNode(int[] at, int i, boolean inFlow) {
    int e = end(i);
    int p = skipSpaces(at[0], e);
    if (p == e) {
      throw OUTSIDE;
    }
    char c = s.charAt(p);
    if (c == '"') {
      return doubleQuoted(at, p, e);
    }
    if (c == '\'') {
      return singleQuoted(at, p, e);
    }
    if (c == '{') {
      ObjectNode o = NODES.objectNode();
      p = skipSpaces(p + 1, e);
      if (p < e && s.charAt(p) == '}') {
        at[0] = p + 1;
        return o;
      }
      while (true) {
        int colon = key(p, e);
        if (colon < 0) {
          throw OUTSIDE;
        }
        String name = s.substring(p, colon);
        if (o.has(name)) {
          throw OUTSIDE;
        }
        at[0] = colon + 1;
        o.set(name, flowValue(at, i, true));
        p = skipSpaces(at[0], e);
        if (p < e && s.charAt(p) == '}') {
          at[0] = p + 1;
          return o;
        }
        p = next(p, e, '}');
      }
    }
    if (c == '[') {
      ArrayNode a = NODES.arrayNode();
      p = skipSpaces(p + 1, e);
      if (p < e && s.charAt(p) == ']') {
        at[0] = p + 1;
        return a;
      }
      while (true) {
        at[0] = p;
        a.add(flowValue(at, i, true));
        p = skipSpaces(at[0], e);
        if (p < e && s.charAt(p) == ']') {
          at[0] = p + 1;
          return a;
        }
        p = next(p, e, ']');
      }
    }
    if (!inFlow) {
      throw OUTSIDE;
    }
    at[0] = p;
    return plain(at, e, true);
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw OUTSIDE;
    }
  }

  /** After an entry: a comma and the next entry, which must not be the closing bracket. */
  private int next(int p, int e, char close) {
    if (p == e || s.charAt(p) != ',') {
      throw OUTSIDE;
    }
    p = skipSpaces(p + 1, e);
    if (p == e || s.charAt(p) == close || s.charAt(p) == ',') {
      throw OUTSIDE;
    }
    return p;
  }

  private JsonNode doubleQuoted(int[] at, int p, int e) {
    StringBuilder b = new StringBuilder();
    for (int q = p + 1; q < e; q++) {
      char c = s.charAt(q);
      if (c == '"') {
        at[0] = q + 1;
        return NODES.textNode(b.toString());
      }
      if (c == '\\') {
        if (++q == e) {
          throw OUTSIDE;
        }
        switch (s.charAt(q)) {
          case '\\' -> b.append('\\');
          case '"' -> b.append('"');
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          default -> throw OUTSIDE;
        }
      } else {
        b.append(c);
      }
    }
    throw OUTSIDE; // continues on the next line
  }

  private JsonNode singleQuoted(int[] at, int p, int e) {
    StringBuilder b = new StringBuilder();
    for (int q = p + 1; q < e; q++) {
      char c = s.charAt(q);
      if (c == '\'') {
        if (q + 1 < e && s.charAt(q + 1) == '\'') {
          b.append('\'');
          q++;
          continue;
        }
        at[0] = q + 1;
        return NODES.textNode(b.toString());
      }
      b.append(c);
    }
    throw OUTSIDE;
  }

  /**
   * What Jackson's YAML parser makes of a plain scalar: SnakeYAML's YAML 1.1 resolver picks the type
   * and Jackson converts it. Only the types manifests need are taken here.
   */
  private static JsonNode resolve(String v) {
    switch (v) {
      case "~", "null", "Null", "NULL":
        return NODES.nullNode();
      case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON":
        return NODES.booleanNode(true);
      case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF":
        return NODES.booleanNode(false);
      default:
        break;
    }
    int n = v.length();
    int k = v.charAt(0) == '-' ? 1 : 0;
    if (n > k && n - k <= 18 && (v.charAt(k) != '0' || n == k + 1)) {
      int q = k;
      while (q < n && v.charAt(q) >= '0' && v.charAt(q) <= '9') {
        q++;
      }
      if (q == n) {
        long l = Long.parseLong(v);
        return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
      }
    }
    if (Yaml11.readsAsString(v)) {
      return NODES.textNode(v);
    }
    throw OUTSIDE; // other integers, floats, timestamps, "<<"
  }
}
