package io.meshctl.cli.options;

import io.meshctl.cli.Env;
import io.meshctl.core.cluster.ClusterOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How to reach the cluster, as kubectl spells it: global options on the root, accepted before or
 * after any subcommand (picocli binds the inherited copies to this one instance); commands read
 * them through {@code MeshctlCommand.of(spec).kube()}. Only strings and paths here: fabric8 is loaded
 * when a command connects, never while picocli builds the command tree.
 */
public final class KubeOptions {

  public static final String KUBECONFIG = "--kubeconfig";
  public static final String CONTEXT = "--context";
  public static final String NAMESPACE = "--namespace";
  public static final String ISTIO_NAMESPACE = "--istio-namespace";
  public static final String REQUEST_TIMEOUT = "--request-timeout";

  @Option(names = KUBECONFIG, scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Kubeconfig file to use (default: $KUBECONFIG, several files separated by ':', else ~/.kube/config).")
  Path kubeconfig;

  @Option(names = CONTEXT, scope = ScopeType.INHERIT, paramLabel = "NAME", description = "Kubeconfig context to use (default: the current context).")
  String context;

  @Option(names = {"-n", NAMESPACE}, scope = ScopeType.INHERIT, paramLabel = "NS", completionCandidates = Candidates.Namespaces.class,
      description = "Namespace (default: the context's namespace, else 'default').")
  String namespace;

  @Option(names = {"-i", ISTIO_NAMESPACE}, scope = ScopeType.INHERIT, paramLabel = "NS", completionCandidates = Candidates.Namespaces.class,
      description = "Namespace of the Istio control plane and its mesh config (default: ${DEFAULT-VALUE}).")
  String istioNamespace = ClusterOptions.DEFAULT_ISTIO_NAMESPACE;

  @Option(names = REQUEST_TIMEOUT, scope = ScopeType.INHERIT, paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for each API request: 30s, 1m, 500ms (default: 30s); 0 waits forever.")
  Duration requestTimeout;

  public ClusterOptions toClusterOptions() {
    return new ClusterOptions(kubeconfig, context, namespace, istioNamespace, requestTimeout);
  }

  /**
   * As {@link #toClusterOptions()} with the namespace an argument named ({@code HOST.NAMESPACE},
   * {@code vs/NAME.NAMESPACE}) in place of -n; null keeps -n.
   */
  public ClusterOptions toClusterOptions(String namespaceOfArgument) {
    return new ClusterOptions(kubeconfig, context, namespaceOfArgument != null ? namespaceOfArgument : namespace,
        istioNamespace, requestTimeout);
  }

  /** The namespace for work on files: -n, else the kubeconfig context's (fabric8 reads it only when one exists). */
  public String resolveNamespace(Env env) {
    return toClusterOptions().offlineNamespace(env.variables());
  }

  /** Just -n as given, or null, for commands that decide the default themselves. */
  public String namespaceFlag() {
    return namespace;
  }

  /** -n as given, else {@code fallback}: for commands whose objects live in a fixed place by default. */
  public String namespaceOr(String fallback) {
    return namespace != null ? namespace : fallback;
  }

  public String istioNamespace() {
    return istioNamespace;
  }
}
