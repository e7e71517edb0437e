package io.meshctl.core.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the cluster, as the user said it: {@code --kubeconfig}, {@code --context},
 * {@code -n}, {@code -i}, {@code --request-timeout}. Null means "not given": the kubeconfig, its
 * current context and that context's namespace decide, as they do for kubectl.
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
}
