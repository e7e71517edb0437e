package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.cli.testing.Values;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.ManifestWriter;
import io.meshctl.core.manifest.TreeCodec;
import io.meshctl.testkit.Examples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated real manifests through {@code inject}, {@code authn tls-check -f} and {@code route -f --dry-run}:
 * never exit 1, never a stack trace, nothing on stdout when the command fails, valid output when it
 * succeeds, and inject's untouched documents with the values they had. Seeded and bounded for CI;
 * {@code -Dfuzz.runs=N -Dfuzz.seed=S -Dfuzz.launcherRuns=M} for longer runs. Most cases run in-process
 * through {@link Main#run} with byte-stream writers (the wiring Main.main uses), a sample through the
 * packaged launcher. A failing case is saved under target/fuzz-failures with the seed that made it.
 */
class ManifestFuzzIT {

  private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
  private static final int RUNS = Integer.getInteger("fuzz.runs", 150);
  private static final int LAUNCHER_RUNS = Integer.getInteger("fuzz.launcherRuns", 3);
  private static final Set<Integer> DOCUMENTED = Set.of(0, 64, 65, 66, 69, 73, 75, 77, 79);
  private static final Pattern SCALAR = Pattern.compile("^(\\s*(?:- )?[\\w./-]+: )([^\\s&*|>\\[{'\"#].*)$");
  private static final String[] NUMBERS = {"1e400", "-1e400", "1e-400", "99999999999999999999999", "-0", "0x1F", "1_000",
      "2147483648", "9223372036854775808", "1.50", ".inf", "-.Inf", ".NaN", "012", "0b101", "65536", "0"};
  private static final String[] STRINGS = {"\"*/1 * * * *\"", "'* hello'", "\"x\\ty z\"", "'* wordpress-mysql'", "\"yes\"",
      "\"0x1F\"", "\"12:30\"", "\"~\"", "\"\"", "\"line one\\nline two\\n\"", "\"\\u00e9\\u2713 \\ud83d\\ude00\"", "null", "on"};

  @TempDir
  Path tmp;

  record Case(int number, String text, boolean json, List<String> mutations) {
  }

  @Test
  void mutatedManifestsNeverCrashLeakOrCorrupt() throws IOException {
    List<String> seeds = seeds();
    Random random = new Random(SEED);
    for (int i = 0; i < RUNS; i++) {
      Case c = mutate(i, seeds.get(random.nextInt(seeds.size())), random);
      for (List<String> args : commands(c, random)) {
        check(c, args, inProcess(c, args));
      }
    }
    for (int i = 0; i < LAUNCHER_RUNS; i++) {
      Case c = mutate(RUNS + i, seeds.get(random.nextInt(seeds.size())), random);
      for (List<String> args : commands(c, random)) {
        Path file = tmp.resolve("case" + (c.json() ? ".json" : ".yaml"));
        check(c, args, Launcher.run(c.text(), Map.of(), tmp, args.toArray(String[]::new)));
        assertThat(file).exists();
      }
    }
  }

  private List<List<String>> commands(Case c, Random random) throws IOException {
    String name = "case" + (c.json() ? ".json" : ".yaml");
    Files.writeString(tmp.resolve(name), c.text());
    List<String> inject = new ArrayList<>(List.of("inject", "-f", random.nextInt(4) == 0 ? "-" : name, "--report", "json"));
    if (random.nextInt(4) == 0) {
      inject.addAll(List.of("-o", "json"));
    }
    return List.of(inject, List.of("authn", "tls-check", "--all", "-f", name),
        List.of("route", "-f", name, "wordpress", "v1=50", "v2=50", "--dry-run"));
  }

  private CommandRun inProcess(Case c, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    String[] argv = args.stream().map(a -> a.startsWith("case.") ? tmp.resolve(a).toString() : a).toArray(String[]::new);
    int code = Main.run(new Env(new ByteArrayInputStream(c.text().getBytes(StandardCharsets.UTF_8)), Map.of("NO_COLOR", "1")),
        o, e, argv);
    o.flush();
    e.flush();
    return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void check(Case c, List<String> args, CommandRun run) throws IOException {
    try {
      assertThat(run.exitCode()).as("exit code").isIn(DOCUMENTED);
      assertThat(run.err()).as("stderr").doesNotContain("\tat ", "Exception");
      if (run.exitCode() != 0 && run.exitCode() != 79) {
        assertThat(run.out()).as("stdout of a failure").isEmpty();
        assertThat(run.err().strip()).as("the error").isNotEmpty();
        return;
      }
      if (args.get(0).equals("inject")) {
        String err = run.err();
        JsonNode report = TreeCodec.parseJson(err.substring(err.indexOf("{\n")));
        String input = c.text().startsWith("\uFEFF") ? c.text().substring(1) : c.text();
        Values.assertUnchangedDocumentsKeepTheirValues(input, "case", run.out(), report, args.contains("-o"));
      } else if (args.get(0).equals("route")) {
        ManifestReader.parse(run.out(), "stdout");
      } else {
        assertThat(run.out()).as("tls-check's table").isNotBlank();
      }
    } catch (AssertionError | MeshctlException | StringIndexOutOfBoundsException e) {
      Path dir = Path.of("target/fuzz-failures");
      Files.createDirectories(dir);
      Path saved = dir.resolve("case-" + SEED + "-" + c.number() + (c.json() ? ".json" : ".yaml"));
      Files.writeString(saved, c.text());
      fail("fuzz case %d (seed %d, mutations %s) saved as %s: meshctl %s%nexit %d%nstdout:%n%s%nstderr:%n%s%n%s".formatted(
          c.number(), SEED, c.mutations(), saved.toAbsolutePath(), String.join(" ", args), run.exitCode(),
          cut(run.out()), cut(run.err()), e.getMessage()), e);
    }
  }

  private static String cut(String s) {
    return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
  }

  private static List<String> seeds() throws IOException {
    List<String> seeds = new ArrayList<>();
    Path goldens = Examples.root().resolveSibling("../core/src/test/resources/inject").normalize();
    for (Path dir : List.of(Examples.root(), goldens)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          seeds.add(Files.readString(f));
        }
      }
    }
    seeds.add(ValuePreservationIT.PASS_THROUGH);
    assertThat(seeds).hasSizeGreaterThan(40);
    return seeds;
  }

  // ---- mutations ----

  private static Case mutate(int number, String seed, Random r) {
    String text = seed;
    boolean json = false;
    List<String> done = new ArrayList<>();
    int count = 1 + r.nextInt(3);
    for (int k = 0; k < count; k++) {
      int m = r.nextInt(MUTATIONS.size());
      String name = MUTATION_NAMES.get(m);
      String next = MUTATIONS.get(m).apply(text, r);
      if (next == null) {
        continue;
      }
      if (name.equals("json")) {
        json = true;
      } else if (json && !name.equals("truncate")) {
        continue; // the text-level mutations below are YAML edits; a JSON case stays JSON
      }
      text = next;
      done.add(name);
    }
    return new Case(number, text, json, done);
  }

  private static final List<String> MUTATION_NAMES = List.of("indent", "quote", "tab", "crlf", "bom", "anchor",
      "long-unicode", "number", "duplicate-key", "truncate", "json", "list", "string");
  private static final List<BiFunction<String, Random, String>> MUTATIONS = List.of(
      ManifestFuzzIT::indent, ManifestFuzzIT::quote, ManifestFuzzIT::tab, (t, r) -> t.replace("\r\n", "\n").replace("\n", "\r\n"),
      (t, r) -> t.startsWith("\uFEFF") ? null : "\uFEFF" + t, ManifestFuzzIT::anchor, ManifestFuzzIT::longUnicode,
      (t, r) -> replaceScalar(t, r, NUMBERS[r.nextInt(NUMBERS.length)]), ManifestFuzzIT::duplicateKey,
      ManifestFuzzIT::truncate, ManifestFuzzIT::json, ManifestFuzzIT::list,
      (t, r) -> replaceScalar(t, r, STRINGS[r.nextInt(STRINGS.length)]));

  /** Doubles all indentation (still valid), or shifts one line (usually not). */
  private static String indent(String t, Random r) {
    List<String> lines = new ArrayList<>(t.lines().toList());
    if (r.nextBoolean()) {
      lines.replaceAll(l -> " ".repeat(l.length() - l.stripLeading().length()) + l);
    } else if (!lines.isEmpty()) {
      int i = r.nextInt(lines.size());
      lines.set(i, " ".repeat(1 + r.nextInt(3)) + lines.get(i));
    }
    return String.join("\n", lines) + "\n";
  }

  private static String quote(String t, Random r) {
    return editScalar(t, r, (m, rr) -> {
      String v = m.group(2);
      return m.group(1) + (rr.nextBoolean() ? "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
          : "'" + v.replace("'", "''") + "'");
    });
  }

  /** Cut anywhere but inside a surrogate pair, which no file can hold. */
  private static String truncate(String t, Random r) {
    if (t.isEmpty()) {
      return null;
    }
    int at = r.nextInt(t.length());
    return t.substring(0, at > 0 && Character.isHighSurrogate(t.charAt(at - 1)) ? at - 1 : at);
  }

  private static String tab(String t, Random r) {
    if (t.isEmpty()) {
      return null;
    }
    int at = r.nextInt(t.length());
    at = at > 0 && Character.isHighSurrogate(t.charAt(at - 1)) ? at - 1 : at;
    return t.substring(0, at) + "\t" + t.substring(at);
  }

  private static String anchor(String t, Random r) {
    return editScalar(t, r, (m, rr) -> {
      String indent = m.group(1).replaceFirst("- ", "  ");
      String key = indent.substring(0, indent.length() - 2).strip();
      return m.group(1).replace(key + ": ", key + ": &a" + rr.nextInt(9) + " ") + m.group(2) + "\n"
          + indent.replace(key + ": ", key + "Alias: *a0");
    });
  }

  private static String longUnicode(String t, Random r) {
    String[] pool = {"a", "é", "✓", "中", "😀", "\\t", "\\u0001", " ", "'", "\\\"", "#", ": ", "- "};
    StringBuilder b = new StringBuilder("\"");
    int n = r.nextInt(5000);
    for (int i = 0; i < n; i++) {
      b.append(pool[r.nextInt(pool.length)]);
    }
    return replaceScalar(t, r, b.append('"').toString());
  }

  private static String duplicateKey(String t, Random r) {
    return editScalar(t, r, (m, rr) -> m.group(0) + "\n" + m.group(1).replaceFirst("- ", "  ") + m.group(2));
  }

  private static String replaceScalar(String t, Random r, String value) {
    return editScalar(t, r, (m, rr) -> m.group(1) + value);
  }

  /** Applies {@code edit} to one random {@code key: scalar} line; null when there is none. */
  private static String editScalar(String t, Random r, BiFunction<Matcher, Random, String> edit) {
    List<String> lines = new ArrayList<>(t.lines().toList());
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (SCALAR.matcher(lines.get(i)).matches()) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    int i = candidates.get(r.nextInt(candidates.size()));
    Matcher m = SCALAR.matcher(lines.get(i));
    m.matches();
    lines.set(i, edit.apply(m, r));
    return String.join("\n", lines) + "\n";
  }

  /** The same documents as a stream of JSON values; null when the text is not valid YAML. */
  private static String json(String t, Random r) {
    return rewrite(t, ManifestWriter.Format.JSON, false);
  }

  /** The documents' objects as one {@code kind: List}. */
  private static String list(String t, Random r) {
    return rewrite(t, ManifestWriter.Format.YAML, true);
  }

  private static String rewrite(String t, ManifestWriter.Format format, boolean asList) {
    List<Document> docs;
    try {
      docs = ManifestReader.parse(t, "seed.yaml");
    } catch (MeshctlException e) {
      return null;
    }
    StringWriter out = new StringWriter();
    ManifestWriter w = new ManifestWriter(out, format);
    try {
      if (asList) {
        var list = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1").put("kind", "List");
        var items = list.putArray("items");
        docs.stream().filter(d -> !d.isEmpty()).forEach(d -> items.add(d.tree()));
        w.write(list);
      } else {
        docs.forEach(d -> w.write(d.tree()));
      }
    } catch (MeshctlException e) {
      return null; // .inf has no JSON form
    }
    return out.toString();
  }
}
