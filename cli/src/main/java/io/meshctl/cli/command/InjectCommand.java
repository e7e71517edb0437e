package io.meshctl.cli.command;

import io.meshctl.cli.FastArgs;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.files.AtomicFiles;
import io.meshctl.core.files.Spool;
import io.meshctl.core.inject.InjectionConfig;
import io.meshctl.core.inject.InjectionService;
import io.meshctl.core.inject.ObjectReport;
import io.meshctl.core.inject.Shape;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.Duplicates;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.ManifestWriter;
import io.meshctl.core.manifest.Yaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inject", sortOptions = false,
    description = {"Add the Istio sidecar proxy to workload manifests, offline, as istioctl kube-inject does.", "",
        "Reads Pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets, ReplicationControllers,",
        "DeploymentConfigs, List documents and any kind with a pod template at spec.template; writes the whole",
        "stream, injected, to stdout in input order. Other documents pass through unchanged. A report, one line",
        "per object, goes to stderr. On any error nothing is written: no partial stdout, no output file.", "",
        "Per-pod annotations are honoured and checked: sidecar.istio.io/inject, traffic.sidecar.istio.io/*,",
        "sidecar.istio.io/{interceptionMode,proxyImage,proxyImageType,proxyCPU,proxyMemory,proxyCPULimit,",
        "proxyMemoryLimit,logLevel,componentLogLevel,agentLogLevel,rewriteAppHTTPProbers,nativeSidecar,",
        "capNetBindService}, status.sidecar.istio.io/port, readiness.status.sidecar.istio.io/*,",
        "proxy.istio.io/config (holdApplicationUntilProxyStarts, proxyMetadata), prometheus.istio.io/merge-metrics.", "",
        "  meshctl inject -f deploy.yaml | kubectl apply -f -",
        "  kubectl get deploy -o yaml | meshctl inject -f - --report json 2>report.json > injected.yaml",
        "  meshctl inject --uninject -f injected.yaml"})
public final class InjectCommand implements Callable<Integer> {

  /** Output up to this many chars waits in memory, beyond it in a temp file. */
  private static final int SPOOL_IN_MEMORY = 4 << 20;

  /** {@code -o} here is a manifest format: the output is the manifests, not a table. */
  enum ManifestFormat {
    yaml, json
  }

  /** The stderr report. */
  enum ReportFormat {
    text, json, none
  }

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", required = true,
      description = "Manifest file, directory (recursive) or - for stdin; repeatable.")
  List<String> files;

  @Option(names = "--output-file", paramLabel = "FILE", description = "Write the result to FILE (atomically) instead of stdout.")
  Path outputFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Manifest format of the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ManifestFormat format = ManifestFormat.yaml;

  @Option(names = "--uninject", description = "Remove what a previous injection added, as its status annotation records.")
  boolean uninject;

  @Option(names = "--native-sidecar",
      description = "Native sidecar shape: istio-proxy as an init container with restartPolicy: Always (Kubernetes 1.29+). "
          + "The pod annotation sidecar.istio.io/nativeSidecar wins over this flag.")
  boolean nativeSidecar;

  @Option(names = "--istio-1.3",
      description = "The Istio 1.3 shape the seed article ran on: proxy_init with -b from the container ports, "
          + "the istio-certs secret volume, the long proxy arguments.")
  boolean istio13;

  @Option(names = "--proxy-image", paramLabel = "IMAGE", description = "Proxy image (default: <hub>/proxyv2:<tag>).")
  String proxyImage;

  @Option(names = "--init-image", paramLabel = "IMAGE", description = "Image of the istio-init container (default: the proxy image).")
  String initImage;

  @Option(names = "--hub", paramLabel = "REGISTRY", description = "Image registry (default: docker.io/istio).")
  String hub;

  @Option(names = "--tag", paramLabel = "TAG", description = "Image tag (default: the bundled Istio release).")
  String tag;

  @Option(names = "--injection-config", paramLabel = "FILE",
      description = "YAML overriding the bundled injection defaults (same keys: hub, tag, statusPort, resources, ...).")
  Path injectionConfig;

  @Option(names = "--report", paramLabel = "FORMAT",
      description = "Report on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ReportFormat report = ReportFormat.text;

  @Option(names = "--strict",
      description = "Fail when a workload cannot get a sidecar (host networking, no pod template, no containers).")
  boolean strict;

  @Spec
  CommandSpec spec;

  /** Set when {@link io.meshctl.cli.FastPath} parsed the line; else picocli's model knows the root. */
  MeshctlCommand root;

  /** This command's options for {@link io.meshctl.cli.FastPath}: the same names as above. */
  public static Callable<Integer> fast(MeshctlCommand root, String[] args, int from) {
    InjectCommand c = new InjectCommand();
    c.root = root;
    c.files = new ArrayList<>();
    FastArgs a = new FastArgs(args, from);
    for (String o = a.next(); o != null; o = a.next()) {
      switch (o) {
        case "-f", "--filename" -> c.files.add(a.value());
        case "--output-file" -> c.outputFile = FastArgs.path(a.once(o));
        case "-o", "--output" -> c.format = FastArgs.enumValue(ManifestFormat.class, a.once("-o"));
        case "--uninject" -> c.uninject = a.flag(o);
        case "--native-sidecar" -> c.nativeSidecar = a.flag(o);
        case "--istio-1.3" -> c.istio13 = a.flag(o);
        case "--proxy-image" -> c.proxyImage = a.once(o);
        case "--init-image" -> c.initImage = a.once(o);
        case "--hub" -> c.hub = a.once(o);
        case "--tag" -> c.tag = a.once(o);
        case "--injection-config" -> c.injectionConfig = FastArgs.path(a.once(o));
        case "--report" -> c.report = FastArgs.enumValue(ReportFormat.class, a.once(o));
        case "--strict" -> c.strict = a.flag(o);
        default -> a.other(o, root.verbosity());
      }
    }
    FastArgs.require(!c.files.isEmpty());
    return c;
  }

  @Override
  public Integer call() throws IOException {
    if (nativeSidecar && istio13) {
      throw new MeshctlException.Usage("--native-sidecar and --istio-1.3 choose different shapes: give one of them");
    }
    MeshctlCommand root = MeshctlCommand.of(this.root, spec);
    Reporter reporter = root.reporter();
    InjectionConfig config = InjectionConfig.load(injectionConfig,
        new InjectionConfig.ImageOverrides(hub, tag, proxyImage, initImage));
    Shape shape = istio13 ? Shape.ISTIO_1_3 : nativeSidecar ? Shape.NATIVE : Shape.CLASSIC;
    InjectionService service = new InjectionService(config,
        uninject ? InjectionService.Mode.UNINJECT : InjectionService.Mode.INJECT, shape, strict);

    // All or nothing: the output is held back (in memory, past a size in a temp file: flat memory at
    // any input size) and only moved into place or copied to stdout once every document has gone through.
    Path target = outputFile == null ? null : outputFile.toAbsolutePath();
    if (target != null && Files.isDirectory(target)) {
      throw new MeshctlException.CannotWrite(target + " is a directory: name a file with --output-file");
    }
    Path temp = target == null ? null : createTemp(target);
    Writer w = target == null
        ? new Spool(Path.of(System.getProperty("java.io.tmpdir")), ".meshctl-inject-", SPOOL_IN_MEMORY)
        : Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
    Map<ObjectReport.Action, Integer> counts = new EnumMap<>(ObjectReport.Action.class);
    List<ObjectReport> all = new ArrayList<>();
    int documents = 0;
    try {
      try (ManifestReader reader = ManifestReader.open(files, root.env().stdin())) {
        ManifestWriter out = new ManifestWriter(w,
            format == ManifestFormat.json ? ManifestWriter.Format.JSON : ManifestWriter.Format.YAML);
        // the same object twice is written once (and differing copies are 65): kubectl would apply only the last
        Duplicates duplicates = new Duplicates(null);
        for (Document d : reader) {
          if (!duplicates.keep(d)) {
            continue;
          }
          for (ObjectReport r : service.process(d)) {
            // Plain code, not lambdas: each lambda costs a CLI run a class spun at start-up (bench/startup).
            Integer n = counts.get(r.action());
            counts.put(r.action(), n == null ? 1 : n + 1);
            if (report == ReportFormat.json) {
              all.add(r);
            } else if (report == ReportFormat.text) {
              reporter.info(r.line());
            }
            for (String msg : r.warnings()) {
              reporter.warn(r.source() + ": " + r.object() + ": " + msg);
            }
          }
          if (!d.isEmpty()) {
            documents++;
          }
          out.write(d.tree());
        }
      }
      if (target != null) {
        w.close();
        try {
          AtomicFiles.moveIntoPlace(temp, target);
        } catch (IOException e) {
          throw new MeshctlException.CannotWrite("cannot write " + target + ": " + e.getMessage(), e);
        }
      } else {
        PrintWriter stdout = root.out();
        ((Spool) w).transferTo(stdout);
        stdout.flush();
      }
    } finally {
      w.close();
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
    if (report == ReportFormat.json) {
      root.err().println(jsonReport(all, counts, documents));
      root.err().flush();
    } else if (report == ReportFormat.text) {
      reporter.info(summary(counts, documents) + (target == null ? "" : "; wrote " + outputFile));
    }
    return 0;
  }

  /** Beside the target, to be renamed over it. */
  private static Path createTemp(Path target) {
    try {
      return AtomicFiles.tempBeside(target, false);
    } catch (IOException e) {
      throw new MeshctlException.CannotWrite("cannot create a temporary file in " + target.getParent() + ": "
          + e.getMessage() + " (check the directory's permissions)", e);
    }
  }

  private static String summary(Map<ObjectReport.Action, Integer> counts, int documents) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<ObjectReport.Action, Integer> e : counts.entrySet()) {
      parts.add(e.getValue() + " " + e.getKey().words());
    }
    return (parts.isEmpty() ? "no objects" : String.join(", ", parts)) + " (" + documents + " document"
        + (documents == 1 ? "" : "s") + ")";
  }

  /** One JSON document for CI: totals, then one entry per object in input order. */
  private static String jsonReport(List<ObjectReport> reports, Map<ObjectReport.Action, Integer> counts, int documents) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("documents", documents);
    for (Map.Entry<ObjectReport.Action, Integer> e : counts.entrySet()) {
      summary.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (ObjectReport r : reports) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("file", r.source().file());
      o.put("line", r.source().line());
      o.put("kind", r.kind());
      o.put("name", r.name());
      o.put("namespace", r.namespace());
      o.put("action", r.action().name().toLowerCase(java.util.Locale.ROOT));
      o.put("detail", r.detail());
      o.put("warnings", r.warnings());
      objects.add(o);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("summary", summary);
    doc.put("objects", objects);
    try {
      return Yaml.jsonMapper().writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
