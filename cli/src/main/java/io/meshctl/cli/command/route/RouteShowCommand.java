package io.meshctl.cli.command.route;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.Candidates;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.Format;
import io.meshctl.cli.render.Renderer;
import io.meshctl.cli.render.Table;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.SnapshotLoader;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.ObjectRef;
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
        "each destination gets at run time. Without a HOST, every split in the namespace (-A: in all).", "",
        "  meshctl route show wordpress", "  meshctl route show wordpress.default", "  meshctl route show vs/wordpress",
        "  meshctl route show -A", "  meshctl route show -f k8s/ wordpress -o json"})
public final class RouteShowCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST|vs/NAME", arity = "0..1", completionCandidates = Candidates.Hosts.class,
      description = "The destination host: a short name (HOST.NAMESPACE names the namespace too) or a full host "
          + "name; or vs/NAME[.NAMESPACE]: every split of that VirtualService.")
  String host;

  @Option(names = "--virtual-service", paramLabel = "NAME", description = "Only this VirtualService.")
  String virtualService;

  @Option(names = {"-A", "--all-namespaces"}, description = "Every split in every namespace (no HOST).")
  boolean allNamespaces;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Read these manifests instead of the cluster; repeatable.")
  List<String> files;


  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (allNamespaces && host != null) {
      throw new MeshctlException.Usage("-A shows every split in every namespace: drop HOST (HOST.NAMESPACE looks in "
          + "one namespace)");
    }
    ObjectRef ref = host == null ? null : ObjectRef.host(host);
    String hostName = ref == null || ref.kind() == ObjectRef.Kind.VIRTUAL_SERVICE ? null : ref.name();
    String vsName = virtualService;
    if (ref != null && ref.kind() == ObjectRef.Kind.VIRTUAL_SERVICE) {
      if (virtualService != null && !virtualService.equals(ref.name())) {
        throw new MeshctlException.Usage(host + " and --virtual-service " + virtualService + " name two VirtualServices: "
            + "give one");
      }
      vsName = ref.name();
    }
    String argNamespace = ref == null ? null : ref.namespace();
    MeshctlCommand root = MeshctlCommand.of(spec);
    List<RouteSplit> splits;
    String where;
    if (files != null) {
      String ns = argNamespace != null ? argNamespace : kube().resolveNamespace(root.env());
      MeshSnapshot snapshot;
      try (ManifestReader r = ManifestReader.open(files, root.env().stdin())) {
        snapshot = new SnapshotBuilder(ns, kube().istioNamespace(), null).addDocuments(r).build(true, null);
      }
      splits = RoutePlanner.show(snapshot, hostName, vsName, allNamespaces);
      where = ns;
    } else {
      try (Kube k = Kube.connect(kube().toClusterOptions(argNamespace), root.env().variables())) {
        splits = RoutePlanner.show(SnapshotLoader.virtualServices(k, allNamespaces ? null : k.namespace()), hostName,
            vsName, allNamespaces);
        where = k.namespace();
      }
    }
    if (splits.isEmpty() && output.format() == Format.table) {
      // kubectl's "No resources found": said on stderr, nothing on stdout
      root.reporter().info("No VirtualService routes found" + (allNamespaces ? "" : " in namespace " + where) + ".");
      return 0;
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
