package io.meshctl.cli.command;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.files.AtomicFiles;
import io.meshctl.core.files.Spool;
import io.meshctl.core.inject.InjectionConfig;
import io.meshctl.core.inject.InjectionSources;
import io.meshctl.core.inject.NativeSidecars;
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
import java.nio.charset.StandardCharsets;
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
    description = {"Add the Istio sidecar proxy to workload manifests, as istioctl kube-inject does.", "",
        "Settings: with a kubeconfig (or --use-kube), the cluster's own injector settings, read from "
            + "ConfigMaps istio-sidecar-injector[-REV] (values) and istio[-REV] (mesh) in the Istio namespace "
            + "(-i); an Istio 1.x cluster gets the 1.x shape. Offline: --injection-values/--mesh-config files, "
            + "else meshctl's bundled Istio 1.27 settings. The report names the settings used. Native sidecar "
            + "(istio-proxy as an init container) as Istio decides it: when every node's kubelet is 1.33+; "
            + "offline by --kube-version (default: classic).", "",
        "Reads Pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets, "
            + "ReplicationControllers, DeploymentConfigs, List documents and any kind with a pod template at "
            + "spec.template; writes the whole stream, injected, to stdout in input order. Other documents "
            + "pass through unchanged. A report, one line per object, goes to stderr. On any error nothing is "
            + "written: no partial stdout, no output file.", "",
        "Per-pod annotations are honoured and checked: sidecar.istio.io/inject, "
            + "traffic.sidecar.istio.io/*, sidecar.istio.io/{interceptionMode, proxyImage, proxyImageType, "
            + "proxyCPU, proxyMemory, proxyCPULimit, proxyMemoryLimit, logLevel, componentLogLevel, "
            + "agentLogLevel, rewriteAppHTTPProbers, nativeSidecar, capNetBindService}, status.sidecar.istio.io/port, readiness.status.sidecar.istio.io/*, "
            + "prometheus.istio.io/merge-metrics, proxy.istio.io/config (its holdApplicationUntilProxyStarts "
            + "and proxyMetadata) and inject.istio.io/templates (Istio's sidecar, grpc-agent, grpc-simple).", "",
        "  meshctl inject -f deploy.yaml | kubectl apply -f -",
        "  kubectl get deploy -o yaml | meshctl inject -f - --report json 2>report.json",
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

  @Option(names = "--output-file", paramLabel = "FILE",
      description = "Write the result to FILE instead of stdout. An existing FILE is overwritten, as by a shell "
          + "redirect, but atomically: replaced whole, keeping its mode, or not at all. A symbolic link is written "
          + "through to the file it points to. A directory, device or FIFO is refused (exit 73).")
  Path outputFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Manifest format of the output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ManifestFormat format = ManifestFormat.yaml;

  @Option(names = "--uninject", description = "Remove what a previous injection added, as its status annotation records.")
  boolean uninject;

  @Option(names = "--native-sidecar", negatable = true,
      description = "Native sidecar shape (istio-proxy as an init container with restartPolicy: Always), or with "
          + "--no-native-sidecar the classic one, whatever the nodes' versions. The pod annotation "
          + "sidecar.istio.io/nativeSidecar wins over both.")
  Boolean nativeSidecar;

  @Option(names = "--kube-version", paramLabel = "X.Y",
      description = "Offline: the Kubernetes version the manifests are for; 1.33+ gets native sidecars, as Istio decides "
          + "from the nodes' kubelets (default offline: classic).")
  String kubeVersion;

  @Option(names = "--use-kube", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
      description = "Read the injector settings from the cluster (default: when a kubeconfig is there and no settings file "
          + "is given); --use-kube=false never connects.")
  Boolean useKube;

  @Option(names = {"-r", "--revision"}, paramLabel = "REV",
      description = "Control-plane revision: its ConfigMaps istio-sidecar-injector-REV and istio-REV; sets istio.io/rev.")
  String revision;

  @Option(names = {"--injection-values", "--valuesFile"}, paramLabel = "FILE",
      description = "Istio's injector values (the 'values' key of ConfigMap istio-sidecar-injector, JSON or YAML, or the "
          + "ConfigMap itself), instead of the cluster's.")
  Path valuesFile;

  @Option(names = {"--mesh-config", "--meshConfigFile"}, paramLabel = "FILE",
      description = "MeshConfig (the 'mesh' key of ConfigMap istio, or the ConfigMap itself), instead of the cluster's.")
  Path meshFile;

  @Option(names = "--injectConfigFile", paramLabel = "FILE",
      description = "istioctl's injector config (the 'config' key of ConfigMap istio-sidecar-injector, or the ConfigMap): "
          + "its values and release are read; its Go template is not evaluated.")
  Path injectConfigFile;

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

  @Override
  public Integer call() throws IOException {
    if (Boolean.TRUE.equals(nativeSidecar) && istio13) {
      throw new MeshctlException.Usage("--native-sidecar and --istio-1.3 choose different shapes: give one of them");
    }
    if (kubeVersion != null && Boolean.TRUE.equals(useKube)) {
      throw new MeshctlException.Usage("--kube-version is for offline use; with --use-kube the nodes' kubelets decide "
          + "(or give --native-sidecar/--no-native-sidecar)");
    }
    MeshctlCommand root = MeshctlCommand.of(spec);
    Reporter reporter = root.reporter();
    InjectionConfig.ImageOverrides images = new InjectionConfig.ImageOverrides(hub, tag, proxyImage, initImage);
    InjectionConfig config;
    NativeSidecars nativeDecision = null;
    if (uninject) {
      // removing reads only the pods' own records: no settings, no cluster
      config = InjectionConfig.load(injectionConfig, images);
    } else {
      InjectionSources.Request request = new InjectionSources.Request(root.kube().toClusterOptions(), root.env().variables(),
          useKube, revision, valuesFile, meshFile, injectConfigFile, injectionConfig, images,
          istio13 || kubeVersion != null);
      try (InjectionSources.Resolved resolved = InjectionSources.resolve(request)) {
        config = resolved.config();
        if (nativeSidecar != null) {
          nativeDecision = NativeSidecars.forced(nativeSidecar);
        } else if (resolved.kube() != null) {
          nativeDecision = NativeSidecars.fromCluster(resolved.kube());
        } else {
          nativeDecision = NativeSidecars.offline(kubeVersion);
        }
      }
      if (config.legacy() && Boolean.TRUE.equals(nativeSidecar)) {
        throw new MeshctlException.Usage("--native-sidecar: the settings are of " + config.origin().describe()
            + ", which injects the Istio 1.x shape without native sidecars");
      }
    }
    boolean legacy = istio13 || config.legacy();
    Shape shape = legacy ? Shape.ISTIO_1_3 : nativeDecision != null && nativeDecision.nativeShape() ? Shape.NATIVE : Shape.CLASSIC;
    InjectionService service = new InjectionService(config,
        uninject ? InjectionService.Mode.UNINJECT : InjectionService.Mode.INJECT, shape, strict);
    String settingsLine = uninject ? null : config.origin().describe();
    String shapeLine = uninject ? null : legacy ? "Istio 1.x (" + (istio13 ? "--istio-1.3" : "the settings are of "
        + config.origin().describe()) + ")" : (shape == Shape.NATIVE ? "native sidecar" : "classic") + " (" + nativeDecision.reason() + ")";

    // All or nothing: the output is held back (in memory, past a size in a temp file: flat memory at
    // any input size) and only written to the file or stdout once every document has gone through.
    // The report waits too, so it describes output that was written, and a failed write is one line.
    if (outputFile != null) {
      AtomicFiles.check(outputFile); // before reading any input: /dev/null or a directory is refused at once
    }
    Map<ObjectReport.Action, Integer> counts = new EnumMap<>(ObjectReport.Action.class);
    List<ObjectReport> all = new ArrayList<>();
    int documents = 0;
    try (Spool spool = new Spool(Path.of(System.getProperty("java.io.tmpdir")), ".meshctl-inject-", SPOOL_IN_MEMORY)) {
      try (ManifestReader reader = ManifestReader.open(files, root.env().stdin())) {
        ManifestWriter out = new ManifestWriter(spool,
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
            all.add(r);
          }
          if (!d.isEmpty()) {
            documents++;
          }
          out.write(d.tree());
        }
      }
      if (outputFile != null) {
        AtomicFiles.replace(outputFile, false, StandardCharsets.UTF_8, spool::transferTo);
      } else {
        PrintWriter stdout = root.out();
        spool.transferTo(stdout);
        stdout.flush();
      }
    }
    if (report == ReportFormat.text && settingsLine != null) {
      reporter.info("settings: " + settingsLine);
      reporter.info("sidecar shape: " + shapeLine);
    }
    if (report != ReportFormat.none) {
      for (String note : config.notes()) {
        reporter.warn(note);
      }
    }
    for (ObjectReport r : all) {
      if (report == ReportFormat.text) {
        reporter.info(r.line());
      }
      for (String msg : r.warnings()) {
        reporter.warn(r.source() + ": " + r.object() + ": " + msg);
      }
    }
    if (report == ReportFormat.json) {
      root.err().println(jsonReport(all, counts, documents, settingsLine, shapeLine));
      root.err().flush();
    } else if (report == ReportFormat.text) {
      reporter.info(summary(counts, documents) + (outputFile == null ? "" : "; wrote " + outputFile));
    }
    return 0;
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
  private static String jsonReport(List<ObjectReport> reports, Map<ObjectReport.Action, Integer> counts, int documents,
      String settings, String shape) {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (settings != null) {
      summary.put("settings", settings);
      summary.put("shape", shape);
    }
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
