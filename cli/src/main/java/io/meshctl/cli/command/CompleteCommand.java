package io.meshctl.cli.command;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.core.cluster.CompletionNames;
import io.meshctl.core.cluster.Kube;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The completion scripts' call back into meshctl (not for people, hence hidden): names from the
 * cluster that start with the word being completed, one per line. A shell waits for it on every
 * TAB, so each request gets a short limit and any failure prints nothing (the reason only with -v).
 */
@Command(name = "__complete", hidden = true,
    description = "Names for shell completion: pods (and TYPE/NAME), hosts (of VirtualServices), namespaces.")
public final class CompleteCommand implements Callable<Integer> {

  /** What a TAB may wait for one request unless --request-timeout says otherwise. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** The kinds the scripts ask for (see {@code options/Candidates}). */
  public enum Kind {
    pods, hosts, namespaces
  }

  @Parameters(index = "0", paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}")
  Kind kind;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PREFIX", description = "What the user typed so far.")
  String prefix = "";

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    KubeOptions kube = root.kube();
    ClusterOptions given = kube.toClusterOptions();
    ClusterOptions options = new ClusterOptions(given.kubeconfig(), given.context(), given.namespace(),
        given.istioNamespace(), given.requestTimeout() == null ? TIMEOUT : given.requestTimeout());
    if (!options.clusterConfigured(root.env().variables())) {
      return 0;
    }
    List<String> names;
    try (Kube k = Kube.connect(options, root.env().variables())) {
      names = switch (kind) {
        case pods -> CompletionNames.pods(k, k.namespace(), prefix);
        case hosts -> CompletionNames.hosts(k, k.namespace(), prefix);
        case namespaces -> CompletionNames.namespaces(k, prefix);
      };
    } catch (RuntimeException e) {
      root.reporter().debug("no completion: " + e.getMessage());
      return 0;
    }
    PrintWriter out = root.out();
    names.forEach(out::println);
    out.flush();
    return 0;
  }
}
