package io.meshctl.core.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach the cluster, as the user said it: {@code --kubeconfig}, {@code --context},
 * {@code -n}, {@code -i}, {@code --request-timeout}. Null means "not given": the kubeconfig, its
 * current context and that context's namespace decide, as they do for kubectl. No fabric8 here, so
 * commands that work on files load none unless they must read a kubeconfig.
 */
public record ClusterOptions(Path kubeconfig, String context, String namespace, String istioNamespace,
    Duration requestTimeout) {

  public static final String DEFAULT_ISTIO_NAMESPACE = "istio-system";

  public static ClusterOptions defaults() {
    return new ClusterOptions(null, null, null, null, null);
  }

  public String istioNamespaceOrDefault() {
    return istioNamespace == null || istioNamespace.isBlank() ? DEFAULT_ISTIO_NAMESPACE : istioNamespace;
  }

  /**
   * The namespace for work on files ({@code -f}): {@code -n}, else the kubeconfig context's (read
   * by fabric8, so only when a kubeconfig file exists or is named), else {@code default}.
   */
  public String offlineNamespace(Map<String, String> env) {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    // a missing --kubeconfig is an error, found by Kube
    return kubeconfig != null || anyKubeconfigFile(env) ? Kube.contextNamespace(this, env) : "default";
  }

  /**
   * Whether a cluster may be configured, decided without fabric8 (so without its start-up cost):
   * {@code --kubeconfig}, an existing file of the kubeconfig list, or a pod's service account
   * environment. For commands where the cluster is optional, such as {@code version}.
   */
  public boolean clusterConfigured(Map<String, String> env) {
    return kubeconfig != null || anyKubeconfigFile(env) || env.get("KUBERNETES_SERVICE_HOST") != null;
  }

  private boolean anyKubeconfigFile(Map<String, String> env) {
    for (String f : kubeconfigFiles(env).split(File.pathSeparator)) {
      if (!f.isBlank() && Files.isRegularFile(Path.of(f))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What kubectl reads: {@code --kubeconfig}, else the {@code KUBECONFIG} list, else
   * ~/.kube/config, home being {@code $HOME} as for kubectl (the JVM's user.home is the password
   * database's, which a test or a script setting HOME would not move).
   */
  String kubeconfigFiles(Map<String, String> env) {
    String list = env.get("KUBECONFIG");
    String home = env.get("HOME") != null && !env.get("HOME").isBlank() ? env.get("HOME") : System.getProperty("user.home");
    return kubeconfig != null ? kubeconfig.toString() : list != null && !list.isBlank() ? list
        : Path.of(home, ".kube", "config").toString();
  }
}
