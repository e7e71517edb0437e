package io.meshctl.core.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Streams the documents of {@code -f} inputs in order, one at a time, so memory does not grow with
 * the input. Inputs are files, directories (recursive, {@code .yaml .yml .json}, in name order) and
 * {@code -} for standard input. Every input is checked to exist before the first document is read,
 * so a missing file fails before anything is written.
 *
 * <p>Errors are {@link MeshctlException.InvalidInput} naming {@code file:line} (malformed data) and
 * {@link MeshctlException.NotFound} (missing or unreadable input).
 */
public final class ManifestReader implements Iterator<Document>, Iterable<Document>, Closeable {

  private final Deque<Input> pending;
  private final InputStream stdin;
  private Input current;
  private JsonParser parser;
  private int index;
  private Document next;
  private FieldLines lines;

  private record Input(Path path, boolean stdin) {
    String name() {
      return stdin ? Source.STDIN : path.toString();
    }
  }

  private ManifestReader(List<Input> inputs, InputStream stdin) {
    this.pending = new ArrayDeque<>(inputs.size());
    for (Input i : inputs) { // not ArrayDeque(Collection), whose method reference is spun at start-up
      pending.add(i);
    }
    this.stdin = stdin;
  }

  /** Opens the inputs named by {@code -f} values; {@code -} is read from {@code stdin}. */
  public static ManifestReader open(List<String> names, InputStream stdin) {
    if (names.isEmpty()) {
      throw new MeshctlException.Usage("no input: name a file, a directory or - (standard input) with -f");
    }
    List<Input> inputs = new ArrayList<>();
    for (String name : names) {
      if (name.equals("-")) {
        inputs.add(new Input(null, true));
        continue;
      }
      Path p = Path.of(name);
      if (Files.isDirectory(p)) {
        inputs.addAll(expand(p));
      } else if (Files.isRegularFile(p)) {
        if (!Files.isReadable(p)) {
          throw new MeshctlException.NotFound(name + ": permission denied: make the file readable");
        }
        inputs.add(new Input(p, false));
      } else {
        throw new MeshctlException.NotFound(name + ": no such file or directory");
      }
    }
    return new ManifestReader(inputs, stdin);
  }

  /**
   * Records the line of every scalar field of each document ({@link Document#lines()}), for reports
   * that point at a field (analyze); costs a map per document, so only readers that report ask.
   */
  public ManifestReader withFieldLines() {
    if (parser != null) {
      parser = lines = new FieldLines(parser);
    } else {
      lines = new FieldLines(null);
    }
    return this;
  }

  /** Reads a whole YAML or JSON text; for tests and small embedded documents. */
  public static List<Document> parse(String text, String name) {
    return parse(text, name, false);
  }

  /** {@link #parse(String, String)}, with each document's field lines when {@code fieldLines}. */
  public static List<Document> parse(String text, String name, boolean fieldLines) {
    ManifestReader r = new ManifestReader(List.of(), null);
    List<Document> out = new ArrayList<>();
    try {
      r.current = new Input(Path.of(name), false);
      r.parser = factoryFor(text.stripLeading().startsWith("{") || text.stripLeading().startsWith("["))
          .createParser(text);
      if (fieldLines) {
        r.withFieldLines();
      }
      r.forEach(out::add);
    } catch (IOException e) {
      throw r.malformed(e);
    }
    return out;
  }

  /**
   * The files {@code -f} values name, one by one: a directory's manifests (recursive, in name
   * order), {@code -} as itself; for callers that read each file on its own (to go on after a
   * malformed one). A missing input is {@link MeshctlException.NotFound}.
   */
  public static List<String> files(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Path p = Path.of(name);
      if (name.equals("-") || Files.isRegularFile(p)) {
        out.add(name);
      } else if (Files.isDirectory(p)) {
        expand(p).forEach(i -> out.add(i.path().toString()));
      } else {
        throw new MeshctlException.NotFound(name + ": no such file or directory");
      }
    }
    return out;
  }

  private static List<Input> expand(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> isManifestName(f.getFileName().toString()))
          .sorted()
          .map(f -> new Input(f, false))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new MeshctlException.NotFound(dir + ": cannot list the directory: " + e.getMessage(), e);
    }
  }

  static boolean isManifestName(String file) {
    String f = file.toLowerCase(Locale.ROOT);
    return f.endsWith(".yaml") || f.endsWith(".yml") || f.endsWith(".json");
  }

  @Override
  public Iterator<Document> iterator() {
    return this;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public Document next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Document d = next;
    next = null;
    return d;
  }

  /** Reads all remaining documents; only for inputs known to be small. */
  public List<Document> readAll() {
    List<Document> all = new ArrayList<>();
    forEachRemaining(all::add);
    return all;
  }

  private Document advance() {
    while (true) {
      if (parser == null && !openNext()) {
        return null;
      }
      try {
        JsonToken token = parser.nextToken();
        if (token == null) {
          closeParser();
          continue;
        }
        JsonLocation at = parser.currentTokenLocation();
        if (lines != null) {
          lines.reset();
        }
        JsonNode tree = token == JsonToken.VALUE_NULL ? null : TreeCodec.read(parser);
        if (tree != null && tree.isTextual() && tree.asText().isEmpty()) {
          tree = null; // Jackson reads an empty YAML document ("---" then nothing) as ""
        }
        Source source = new Source(current.name(), Math.max(0, at.getLineNr()), index++);
        return lines == null ? new Document(tree, source) : new Document(tree, source, lines.take());
      } catch (JsonProcessingException e) {
        throw malformed(e);
      } catch (IOException e) {
        throw new MeshctlException.NotFound(current.name() + ": cannot read: " + e.getMessage(), e);
      }
    }
  }

  private boolean openNext() {
    current = pending.poll();
    if (current == null) {
      return false;
    }
    index = 0;
    try {
      InputStream in;
      boolean json;
      if (current.stdin()) {
        BufferedInputStream buffered = new BufferedInputStream(stdin);
        json = startsLikeJson(buffered);
        in = buffered;
      } else {
        json = current.path().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        in = Files.newInputStream(current.path());
      }
      parser = factoryFor(json).createParser(in);
      if (lines != null) {
        parser = lines = new FieldLines(parser);
      }
      return true;
    } catch (NoSuchFileException e) {
      throw new MeshctlException.NotFound(current.name() + ": no such file or directory", e);
    } catch (AccessDeniedException e) {
      throw new MeshctlException.NotFound(current.name() + ": permission denied: make the file readable", e);
    } catch (IOException e) {
      throw new MeshctlException.NotFound(current.name() + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static com.fasterxml.jackson.core.JsonFactory factoryFor(boolean json) {
    return json ? Yaml.JSON_FACTORY : Yaml.yamlFactory();
  }

  /** JSON is YAML, nearly; but JSON with tab indentation is not, so pick the parser by the first byte. */
  private static boolean startsLikeJson(BufferedInputStream in) throws IOException {
    in.mark(4096);
    try {
      int c;
      int n = 0;
      while ((c = in.read()) != -1 && n++ < 4096) {
        if (!Character.isWhitespace(c)) {
          return c == '{' || c == '[';
        }
      }
      return false;
    } finally {
      in.reset();
    }
  }

  private MeshctlException malformed(IOException e) {
    String where = current == null ? "input" : current.name();
    JsonLocation loc = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    if (loc != null && loc.getLineNr() > 0) {
      where += ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }
    String kind = current != null && (current.stdin() ? parser != null && !((parser instanceof FieldLines f ? f.delegate() : parser) instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser)
        : current.name().toLowerCase(Locale.ROOT).endsWith(".json")) ? "JSON" : "YAML";
    closeParser();
    return new MeshctlException.InvalidInput(where + ": malformed " + kind + ": " + firstLine(e)
        + " (fix the syntax at that line)", e);
  }

  private static String firstLine(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException y && y.getProblem() != null) {
        return y.getContext() == null ? y.getProblem() : y.getProblem() + " (" + y.getContext() + ")";
      }
      if (t instanceof NumberFormatException) {
        // SnakeYAML's scanner decoding a Unicode escape cut short; Jackson's text names only the Java exception.
        return "an escape sequence (\\x, \\u, \\U) in a double-quoted string is cut short";
      }
    }
    String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    // SnakeYAML's messages span lines with a context excerpt; the first line is the diagnosis.
    String line = m.strip().lines().findFirst().orElse(m).strip();
    return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
  }

  private void closeParser() {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException ignored) {
        // nothing was written; a close failure on input changes nothing for the user
      }
      parser = null;
    }
  }

  @Override
  public void close() {
    closeParser();
    pending.clear();
  }
}
