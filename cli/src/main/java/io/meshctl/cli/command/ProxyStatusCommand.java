package io.meshctl.cli.command;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.DataPlaneTables;
import io.meshctl.cli.render.Format;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.dataplane.ProxyStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "proxy-status", sortOptions = false,
    description = {"The sidecars as the API server sees them: per pod READY (containers ready/total, as kubectl get "
        + "pods shows it), the istio-proxy container's state and restarts, its image, version and revision, and "
        + "whether it is a native (init container) or classic sidecar. Pods without a sidecar are counted, and "
        + "listed with --all.", "",
        "xDS sync state (istioctl's SYNCED/STALE columns) needs istiod's debug endpoints and is not shown: a "
        + "proxy listed here as Running and ready has started, not necessarily received the latest configuration.",
        "", "  meshctl proxy-status", "  meshctl proxy-status -A --all -o json"},
    footer = {"  0 listed (whatever the pods' state)    69 cluster unreachable    77 pods not readable (RBAC)"})
public final class ProxyStatusCommand implements Callable<Integer> {

  @Option(names = {"-A", "--all-namespaces"}, description = "Pods of every namespace, not only -n's.")
  boolean allNamespaces;

  @Option(names = "--all", description = "Also list the pods without a sidecar, in a section of their own.")
  boolean all;

  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    Reporter reporter = root.reporter();
    ProxyStatus.Report report;
    String ns;
    try (Kube k = Kube.connect(root.kube().toClusterOptions(), root.env().variables())) {
      ns = allNamespaces ? null : k.namespace();
      report = ProxyStatus.of(k.list(ResourceType.POD, ns), all);
    }
    Renderer.render(root.out(), output.format(), report, DataPlaneTables::proxyStatus);
    if (output.format() == Format.table) {
      String where = ns == null ? "" : " in namespace " + ns;
      if (report.proxies().isEmpty()) {
        reporter.info("no pod with an istio-proxy sidecar" + where);
      }
      if (!all && report.withoutSidecarCount() > 0) {
        reporter.info(report.withoutSidecarCount() + " pod(s) without a sidecar" + where + " (list them with --all)");
      }
    }
    return 0;
  }
}
