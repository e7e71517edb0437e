package io.meshctl.cli.command.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.ExitCodes;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.DryRunOptions;
import io.meshctl.cli.render.Format;
import io.meshctl.cli.render.Renderer;
import io.meshctl.cli.render.Table;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.ManifestWriter;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.core.mesh.SnapshotBuilder;
import io.meshctl.core.route.LiveRoute;
import io.meshctl.core.route.RouteChange;
import io.meshctl.core.route.RoutePlan;
import io.meshctl.core.route.RoutePlanner;
import io.meshctl.core.route.RouteRequest;
import io.meshctl.core.route.SubsetChange;
import io.meshctl.core.route.WeightSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "set-weight", sortOptions = false,
    description = {"Set the weights of a host's subsets on the VirtualService that routes it.", "",
        "Validates before writing (whole numbers 0-100 summing to 100, subsets defined by the DestinationRule, "
            + "no duplicates), changes only the chosen route's destinations, and retries on concurrent changes.", "",
        "  meshctl route set-weight wordpress v1=90 v2=10",
        "  meshctl route set-weight -f k8s/ wordpress v1=0 v2=100 > k8s/wordpress-vs.yaml"},
    footer = RouteWeightOptions.EXIT_CODES)
public final class RouteSetWeightCommand implements Callable<Integer> {

  @Mixin
  RouteWeightOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return execute(options, spec);
  }

  /** The whole command; {@code route HOST SUBSET=WEIGHT...} runs it too. */
  static int execute(RouteWeightOptions o, CommandSpec spec) {
    if (o.host == null || o.weights == null || o.weights.isEmpty()) {
      // a parameter error, as picocli's own: exit 64 and the pointer to --help
      throw new ParameterException(spec.commandLine(), "Missing required parameter" + (o.host == null ? "s: 'HOST', "
          : ": ") + "'SUBSET=WEIGHT...' (e.g. meshctl route wordpress v1=90 v2=10; to see the current split: "
          + "meshctl route show HOST)");
    }
    if (!o.create && (o.hosts != null || o.gateways != null)) {
      throw new MeshctlException.Usage("--hosts and --gateway shape a VirtualService made with --create: add --create");
    }
    // HOST.NAMESPACE and vs/NAME.NAMESPACE are short for -n NAMESPACE; vs/NAME for --virtual-service NAME
    ObjectRef target = ObjectRef.host(o.host);
    String virtualService = o.virtualService;
    if (target.kind() == ObjectRef.Kind.VIRTUAL_SERVICE) {
      if (o.create) {
        throw new MeshctlException.Usage("--create makes a VirtualService for a host: give the HOST (and the name "
            + "with --virtual-service), not " + o.host);
      }
      if (virtualService != null && !virtualService.equals(target.name())) {
        throw new MeshctlException.Usage(o.host + " and --virtual-service " + virtualService + " name two "
            + "VirtualServices: give one");
      }
      virtualService = target.name();
    }
    DryRunOptions.Mode dryRun = o.dryRun.mode();
    if (o.files != null && dryRun == DryRunOptions.Mode.server) {
      throw new MeshctlException.Usage("--dry-run=server needs the cluster, and with -f meshctl reads and prints "
          + "files and sends nothing: drop -f, or use --dry-run=client");
    }
    WeightSpec weights = WeightSpec.parse(o.weights);
    RouteRequest request = new RouteRequest(target.name(), weights, virtualService, o.route, o.create, o.hosts,
        o.gateways, o.force);
    MeshctlCommand root = MeshctlCommand.of(spec);
    Reporter reporter = root.reporter();
    PrintWriter out = spec.commandLine().getOut();
    boolean formatGiven = spec.commandLine().getParseResult().hasMatchedOption("--output");
    Format format = o.output.format();
    RoutePlan plan;
    if (o.files != null) {
      MeshSnapshot snapshot;
      try (ManifestReader r = ManifestReader.open(o.files, root.env().stdin())) {
        snapshot = new SnapshotBuilder(target.namespace() != null ? target.namespace()
            : root.kube().resolveNamespace(root.env()), root.kube().istioNamespace(), null)
            .addDocuments(r).build(true, null);
      }
      plan = RoutePlanner.plan(snapshot, request, networkingApiVersion(snapshot));
    } else {
      try (Kube kube = Kube.connect(root.kube().toClusterOptions(target.namespace()), root.env().variables())) {
        if (dryRun == DryRunOptions.Mode.server) {
          kube.dryRun();
        }
        plan = new LiveRoute(kube, root.kube().istioNamespace(), reporter)
            .apply(request, dryRun == DryRunOptions.Mode.client, o.strict);
      }
    }
    RouteChange c = plan.change();
    for (String subset : c.subsetsWithoutPods()) {
      reporter.warn("subset " + subset + " of " + c.host() + " selects no pods: its share of traffic would fail with "
          + "HTTP 503 until pods with its labels run" + (o.strict ? "" : " (--strict refuses such a split)"));
    }
    if (o.strict && !c.subsetsWithoutPods().isEmpty()) {
      spec.commandLine().getErr().println("not applied: --strict and a weighted subset selects no pods; nothing written");
      spec.commandLine().getErr().flush();
      return ExitCodes.CHECK_FAILED;
    }
    boolean printDocument = o.dryRun.any() || o.files != null && (!formatGiven || format != Format.table);
    if (printDocument) {
      reporter.info(table(c).stripTrailing());
      ManifestWriter w = new ManifestWriter(out, format == Format.json ? ManifestWriter.Format.JSON : ManifestWriter.Format.YAML);
      w.write(plan.after());
      out.flush();
    } else {
      Renderer.render(out, format, c, RouteSetWeightCommand::table);
    }
    String vs = "VirtualService " + c.namespace() + "/" + c.virtualService();
    if (o.files != null) {
      return ExitCodes.OK;
    }
    switch (dryRun) {
      case none -> reporter.info(c.written() ? (c.created() ? "created " : "updated ") + vs
          : vs + " already has this split; nothing written");
      case client -> reporter.info("dry run: " + vs + (!c.changed() ? " already has this split"
          : " would be " + (c.created() ? "created" : "updated")) + "; nothing was sent to the cluster");
      case server -> reporter.info("server dry run: " + vs + (!c.changed() ? " already has this split; nothing was sent"
          : ": the API server accepted the " + (c.created() ? "creation" : "update") + "; nothing was stored"));
    }
    return ExitCodes.OK;
  }

  static String table(RouteChange c) {
    Table t = new Table("SUBSET", "BEFORE", "AFTER");
    for (SubsetChange s : c.subsets()) {
      t.row(s.subset(), s.before(), s.after());
    }
    return "VirtualService " + c.namespace() + "/" + c.virtualService() + (c.created() ? " (new)" : "") + ", route "
        + c.route() + ", host " + c.host() + "\n" + t.render();
  }

  /** A new VirtualService gets the networking version the manifests already use. */
  private static String networkingApiVersion(MeshSnapshot snapshot) {
    List<JsonNode> objects = new ArrayList<>(snapshot.virtualServices());
    objects.addAll(snapshot.destinationRules());
    for (JsonNode o : objects) {
      String v = Manifests.text(o, "apiVersion");
      if (v != null && v.startsWith("networking.istio.io/")) {
        return v;
      }
    }
    return "networking.istio.io/v1";
  }
}
