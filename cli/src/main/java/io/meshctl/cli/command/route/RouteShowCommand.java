package io.meshctl.cli.command.route;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.Candidates;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.Renderer;
import io.meshctl.cli.render.Table;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.SnapshotLoader;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import io.meshctl.core.route.RoutePlanner;
import io.meshctl.core.route.RouteSplit;
import io.meshctl.core.route.Share;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", sortOptions = false,
    description = {"Show the current split of a host's traffic, per route: the weights as written and the share",
        "each destination gets at run time.", "", "  meshctl route show wordpress", "  meshctl route show -f k8s/ wordpress -o json"})
public final class RouteShowCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST", completionCandidates = Candidates.Hosts.class, description = "The destination host: short name or FQDN.")
  String host;

  @Option(names = "--virtual-service", paramLabel = "NAME", description = "Only this VirtualService.")
  String virtualService;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Read these manifests instead of the cluster; repeatable.")
  List<String> files;


  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    List<RouteSplit> splits;
    if (files != null) {
      MeshSnapshot snapshot;
      try (ManifestReader r = ManifestReader.open(files, root.env().stdin())) {
        snapshot = new SnapshotBuilder(kube().resolveNamespace(root.env()), kube().istioNamespace(), null)
            .addDocuments(r).build(true, null);
      }
      splits = RoutePlanner.show(snapshot, host, virtualService);
    } else {
      try (Kube k = Kube.connect(kube().toClusterOptions(), root.env().variables())) {
        splits = RoutePlanner.show(SnapshotLoader.forRoute(k, kube().istioNamespace(), host, root.reporter()), host,
            virtualService);
      }
    }
    Renderer.render(root.out(), output.format(), splits, RouteShowCommand::table);
    return 0;
  }

  private static String table(List<RouteSplit> splits) {
    Table t = new Table("VIRTUALSERVICE", "ROUTE", "MATCH", "HOST", "SUBSET", "WEIGHT", "SHARE");
    for (RouteSplit s : splits) {
      for (Share d : s.destinations()) {
        t.row(s.namespace() + "/" + s.virtualService(), s.name() == null ? s.route() : s.route() + " " + s.name(),
            s.match(), d.host(), d.subset(), d.weight(), d.percent() + "%");
      }
    }
    return t.render();
  }

  private KubeOptions kube() {
    return MeshctlCommand.of(spec).kube();
  }
}
