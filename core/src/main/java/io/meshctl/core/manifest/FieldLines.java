package io.meshctl.core.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Records, while a document is read, the line of each scalar leaf under istioctl analyze's key
 * ({@code {.spec.http[0].route[1].destination.host}}, analyze.md §6), so a finding can point at the
 * field's line. Mappings and sequences themselves are not recorded, as in istioctl.
 */
final class FieldLines extends JsonParserDelegate {

  private Map<String, Integer> lines = new HashMap<>();

  FieldLines(JsonParser delegate) {
    super(delegate);
  }

  void reset() {
    lines = new HashMap<>();
  }

  Map<String, Integer> take() {
    Map<String, Integer> out = lines;
    lines = new HashMap<>();
    return out;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = super.nextToken();
    if (t != null && t.isScalarValue()) {
      lines.put(key(delegate.getParsingContext()), delegate.currentTokenLocation().getLineNr());
    }
    return t;
  }

  static String key(JsonStreamContext ctx) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
    }
    StringBuilder b = new StringBuilder("{");
    parts.forEach(b::append);
    return b.append('}').toString();
  }
}
