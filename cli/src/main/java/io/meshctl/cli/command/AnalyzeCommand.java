package io.meshctl.cli.command;

import io.meshctl.cli.Env;
import io.meshctl.cli.ExitCodes;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.VersionProvider;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.render.Format;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.analyze.Analyzer;
import io.meshctl.core.analyze.Analyzers;
import io.meshctl.core.analyze.Code;
import io.meshctl.core.analyze.Level;
import io.meshctl.core.analyze.MeshObjects;
import io.meshctl.core.analyze.Message;
import io.meshctl.core.analyze.Suppression;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.SnapshotLoader;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", sortOptions = false,
    description = {"Find what is wrong with the mesh's configuration, as istioctl analyze does and with its message",
        "codes (IST0101 ...), plus meshctl's own (MSH0xxx): VirtualServices routing to missing hosts or subsets,",
        "Gateways whose selector, ports or credential secret are wrong or whose certificate is expired or does not",
        "cover their hosts, DestinationRules whose subsets select no pods, and more (--list-analyzers).", "",
        "Reads the cluster (all namespaces; -n/-A only filter the output), files (-f), or files over the cluster",
        "(-f with --use-kube: a file's object replaces the cluster's of the same kind, namespace and name).", "",
        "  meshctl analyze -A                               # the whole cluster",
        "  meshctl analyze -f k8s/                          # files only, e.g. in CI",
        "  meshctl analyze -f vs.yaml --use-kube            # what if I applied vs.yaml?",
        "  meshctl analyze -A -o sarif > analyze.sarif      # for code-review tools",
        "  meshctl analyze -S 'IST0102=Namespace *' --failure-threshold Warning"},
    footer = {"Messages are silenced by --suppress and by the annotation galley.istio.io/analyze-suppress on the",
        "object (comma-separated codes, or *). Codes, meanings and fixes: docs/analyze.md.", "",
        "  0 no message at or above --failure-threshold    79 at least one (whatever -o is)",
        "  65 a file could not be parsed (the others are analysed; --ignore-unknown: not an error)",
        "  64 bad option value    66 a file or the -n namespace does not exist    69 cluster unreachable"})
public final class AnalyzeCommand implements Callable<Integer> {

  private static final String DOCS = "https://istio.io/latest/docs/reference/config/analysis";

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Analyze these manifests (.yaml, .yml, .json; directories recursively; - for stdin); repeatable.")
  List<String> files = new ArrayList<>();

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "More files, as istioctl takes them.")
  List<String> args = new ArrayList<>();

  @Option(names = {"-R", "--recursive"},
      description = "Accepted for compatibility: directories are always read recursively.")
  boolean recursive;

  @Option(names = {"-k", "--use-kube"}, arity = "0..1", paramLabel = "BOOL",
      description = "Read the cluster too (default: true when no file is given and a kubeconfig exists).")
  Boolean useKube;

  @Option(names = {"-A", "--all-namespaces"}, description = "Report on every namespace (default: -n, else the "
      + "context's namespace, else default).")
  boolean allNamespaces;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "log (istioctl's lines, the default), json, yaml or sarif (SARIF 2.1.0).")
  String output = "log";

  @Option(names = "--output-threshold", paramLabel = "LEVEL",
      description = "Hide messages below this level: Info, Warning, Error (default: Info).")
  String outputThreshold = "Info";

  @Option(names = "--failure-threshold", paramLabel = "LEVEL",
      description = "Exit 79 when a message is at or above this level: Info, Warning, Error (default: Error).")
  String failureThreshold = "Error";

  @Option(names = {"-S", "--suppress"}, paramLabel = "CODE=RESOURCE",
      description = "Silence a code on resources matching a glob: 'IST0102=Namespace *', "
          + "'IST0101=VirtualService default/*'; repeatable.")
  List<String> suppress = new ArrayList<>();

  @Option(names = {"-L", "--list-analyzers"}, description = "List the analyzers and exit.")
  boolean listAnalyzers;

  @Option(names = "--analyzer", paramLabel = "NAME", description = "Run only these analyzers; repeatable.")
  List<String> only = new ArrayList<>();

  @Option(names = {"-r", "--revision"}, paramLabel = "REV",
      description = "Istio configuration labelled istio.io/rev counts only for this revision (default: default).")
  String revision = "default";

  @Option(names = "--ignore-unknown", description = "A file that cannot be parsed is reported but is not an error.")
  boolean ignoreUnknown;

  @Option(names = "--color", arity = "0..1", paramLabel = "BOOL",
      description = "Colour the level words (default: when stdout is a terminal).")
  Boolean color;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    PrintWriter out = root.out();
    if (listAnalyzers) {
      for (Analyzer a : Analyzers.all()) {
        out.println("* " + a.name() + ":");
        out.println("    " + a.description());
      }
      return ExitCodes.OK;
    }
    String format = output.toLowerCase(Locale.ROOT);
    if (!List.of("log", "json", "yaml", "sarif").contains(format)) {
      throw new MeshctlException.Usage(output + " is not a valid option for format (-o): log, json, yaml or sarif");
    }
    Level outputLevel = level("--output-threshold", outputThreshold);
    Level failureLevel = level("--failure-threshold", failureThreshold);
    List<Suppression> suppressions = suppressions(root.reporter());
    List<Analyzer> analyzers = selected();
    Env env = root.env();
    KubeOptions kube = root.kube();
    List<String> inputs = new ArrayList<>(files);
    inputs.addAll(args);
    boolean live = useKube != null ? useKube : inputs.isEmpty();
    if (live && useKube == null && !kube.toClusterOptions().clusterConfigured(env.variables())) {
      throw new MeshctlException.Usage("nothing to analyze: no kubeconfig to reach a cluster, and no files: give "
          + "-f FILE|DIR|- or --kubeconfig");
    }
    if (!live && inputs.isEmpty()) {
      throw new MeshctlException.Usage("nothing to analyze: --use-kube=false needs files (-f FILE|DIR|-)");
    }

    List<String> parseErrors = new ArrayList<>();
    MeshObjects objects;
    String namespace;
    Instant start = Instant.now();
    if (live) {
      try (Kube k = Kube.connect(kube.toClusterOptions(), env.variables())) {
        namespace = k.namespace();
        MeshObjects.Builder b = MeshObjects.builder(namespace, kube.istioNamespace());
        readFiles(inputs, env, b, parseErrors);
        SnapshotLoader.forAnalysis(k, kube.istioNamespace(), revision, b, root.reporter());
        objects = b.build();
        if (!allNamespaces && objects.all("Namespace").stream().noneMatch(n -> n.name().equals(namespace))) {
          throw new MeshctlException.NotFound("namespace \"" + namespace + "\" not found: name an existing one with "
              + "-n, or use -A");
        }
      }
    } else {
      namespace = kube.resolveNamespace(env);
      MeshObjects.Builder b = MeshObjects.builder(namespace, kube.istioNamespace());
      readFiles(inputs, env, b, parseErrors);
      objects = b.build();
    }
    for (String e : parseErrors) {
      root.err().println("error: " + e);
    }

    Analyzers.Result result = Analyzers.run(objects, analyzers, Instant.now());
    Reporter reporter = root.reporter();
    reporter.debug("analyzed " + objects.size() + " objects in " + java.time.Duration.between(start, Instant.now())
        .toMillis() + " ms");
    for (Analyzer a : result.skipped()) {
      reporter.debug("skipped analyzer " + a.name() + ": needs " + a.requires() + ", not all of which were read");
    }
    String selected = allNamespaces ? "" : namespace;
    List<Message> kept = new ArrayList<>();
    boolean failed = false;
    for (Message m : result.messages()) {
      if (!selected.isEmpty() && !m.namespace().isEmpty() && !m.namespace().equals(selected)) {
        continue;
      }
      if (Suppression.suppressed(m, suppressions)) {
        continue;
      }
      failed |= m.level().atLeast(failureLevel);
      if (m.level().atLeast(outputLevel)) {
        kept.add(m);
      }
    }
    render(out, format, kept, color != null ? color : root.ansi().enabled());
    String target = target(inputs, selected, live);
    if (kept.isEmpty()) {
      String files = parseErrors.isEmpty() ? "" : " (but " + parseErrors.size()
          + (parseErrors.size() == 1 ? " file" : " files") + " could not be parsed)";
      root.err().println("\u2714 No validation issues found when analyzing " + target + files + ".");
    }
    if (failed) {
      root.err().println("Analyzers found issues when analyzing " + target + ".");
      root.err().println("See " + DOCS + " (and docs/analyze.md for MSH codes) for more information about causes "
          + "and resolutions.");
      root.err().flush();
      return ExitCodes.CHECK_FAILED;
    }
    if (!parseErrors.isEmpty() && !ignoreUnknown) {
      root.err().println("Some files couldn't be parsed.");
      root.err().flush();
      return ExitCodes.INVALID_INPUT;
    }
    root.err().flush();
    return ExitCodes.OK;
  }

  /** Each file on its own, so one malformed file does not hide the findings of the others. */
  private static void readFiles(List<String> inputs, Env env, MeshObjects.Builder b, List<String> errors) {
    if (inputs.isEmpty()) {
      return;
    }
    for (String f : ManifestReader.files(inputs)) {
      List<Document> docs;
      try (ManifestReader r = ManifestReader.open(List.of(f), env.stdin()).withFieldLines()) {
        docs = r.readAll();
      } catch (MeshctlException.InvalidInput e) {
        errors.add(e.getMessage());
        continue;
      }
      boolean json = f.toLowerCase(Locale.ROOT).endsWith(".json");
      for (Document d : docs) {
        if (d.isEmpty()) {
          continue;
        }
        if (!d.isObject() || d.kind() == null || d.apiVersion() == null) {
          errors.add(d.source() + ": not a Kubernetes object (apiVersion and kind are required)");
          continue;
        }
        b.addDocument(d, json);
      }
    }
  }

  private static Level level(String option, String value) {
    Level l = Level.parse(value);
    if (l == null) {
      throw new MeshctlException.Usage(option + ": invalid level option '" + value + "': Info, Warning or Error");
    }
    return l;
  }

  private List<Suppression> suppressions(Reporter reporter) {
    List<Suppression> out = new ArrayList<>();
    for (String s : suppress) {
      Suppression parsed = Suppression.parse(s);
      if (parsed == null) {
        throw new MeshctlException.Usage(s + " is not a valid suppression value: CODE=RESOURCE, e.g. "
            + "'IST0102=Namespace default' or 'IST0101=VirtualService prod/*'");
      }
      if (Code.of(parsed.code()) == null) {
        reporter.warn("Supplied message code '" + parsed.code() + "' is an unknown message code and will not have "
            + "any effect.");
      }
      out.add(parsed);
    }
    return out;
  }

  /** The analyzers to run: all, or those --analyzer names (each must exist: no silent "run them all"). */
  private List<Analyzer> selected() {
    List<Analyzer> all = Analyzers.all();
    if (only.isEmpty()) {
      return all;
    }
    List<Analyzer> out = new ArrayList<>();
    for (String name : only) {
      Analyzer a = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
          new MeshctlException.Usage("--analyzer " + name + ": no such analyzer (see meshctl analyze --list-analyzers)"));
      out.add(a);
    }
    return out;
  }

  private static String target(List<String> inputs, String selected, boolean live) {
    if (!inputs.isEmpty() && !live) {
      return inputs.size() == 1 ? inputs.get(0) : "\n  - " + String.join("\n  - ", inputs);
    }
    return selected.isEmpty() ? "all namespaces" : "namespace: " + selected;
  }

  private static void render(PrintWriter out, String format, List<Message> messages, boolean color) {
    switch (format) {
      case "json" -> Renderer.render(out, Format.json, messages.stream().map(AnalyzeCommand::fields).toList(), null);
      case "yaml" -> Renderer.render(out, Format.yaml, messages.stream().map(AnalyzeCommand::fields).toList(), null);
      case "sarif" -> Renderer.render(out, Format.json, sarif(messages), null);
      default -> {
        for (Message m : messages) {
          out.println(color ? colored(m) : m.line());
        }
        if (messages.isEmpty()) {
          out.println();
        }
        out.flush();
      }
    }
  }


  /** istioctl's colours: the level word only, reset after it whatever the level. */
  private static String colored(Message m) {
    String prefix = switch (m.level()) {
      case ERROR -> "\u001b[1;31m";
      case WARNING -> "\u001b[33m";
      case INFO -> "";
    };
    return prefix + m.level().label + "\u001b[0m" + m.line().substring(m.level().label.length());
  }

  /** istioctl's JSON/YAML fields, keys sorted as its map gives them. */
  private static Map<String, Object> fields(Message m) {
    Map<String, Object> f = new TreeMap<>();
    f.put("code", m.code().code);
    f.put("level", m.level().label);
    f.put("message", m.text());
    f.put("documentationUrl", m.documentationUrl());
    if (m.origin() != null) {
      f.put("origin", m.origin());
    }
    if (m.reference() != null) {
      f.put("reference", m.reference());
    }
    return f;
  }

  /** SARIF 2.1.0: one rule per code reported, results with file/line locations when the object came from a file. */
  static Map<String, Object> sarif(List<Message> messages) {
    Map<Code, Integer> ruleIndex = new LinkedHashMap<>();
    List<Map<String, Object>> rules = new ArrayList<>();
    List<Map<String, Object>> results = new ArrayList<>();
    for (Message m : messages) {
      Integer index = ruleIndex.get(m.code());
      if (index == null) {
        index = rules.size();
        ruleIndex.put(m.code(), index);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", m.code().code);
        rule.put("name", m.code().title);
        rule.put("shortDescription", Map.of("text", m.code().title));
        rule.put("helpUri", m.documentationUrl());
        rule.put("defaultConfiguration", Map.of("level", sarifLevel(m.level())));
        rules.add(rule);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ruleId", m.code().code);
      r.put("ruleIndex", index);
      r.put("level", sarifLevel(m.level()));
      r.put("message", Map.of("text", m.text()));
      if (m.resource() != null) {
        Map<String, Object> location = new LinkedHashMap<>();
        String ref = m.reference();
        if (ref != null) {
          Map<String, Object> physical = new LinkedHashMap<>();
          int colon = ref.lastIndexOf(':');
          boolean line = colon > 0 && ref.substring(colon + 1).matches("\\d+");
          physical.put("artifactLocation", Map.of("uri", line ? ref.substring(0, colon) : ref));
          if (line) {
            physical.put("region", Map.of("startLine", Integer.parseInt(ref.substring(colon + 1))));
          }
          location.put("physicalLocation", physical);
        }
        location.put("logicalLocations", List.of(Map.of("fullyQualifiedName", m.origin(), "kind", "resource")));
        r.put("locations", List.of(location));
      }
      results.add(r);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "meshctl");
    driver.put("version", VersionProvider.version());
    driver.put("informationUri", DOCS);
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    log.put("runs", List.of(run));
    return log;
  }

  private static String sarifLevel(Level l) {
    return switch (l) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }
}
