package io.meshctl.core.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshctl.core.MeshctlException;

/**
 * fabric8's client, for the kubeconfigs {@link JdkTransport} does not serve: exec plugins,
 * auth-provider, impersonation, proxies, {@code tls-server-name}, the in-cluster service account.
 * It costs about 250 ms of start-up (kubeconfig parsing through fabric8's serialisation, vert.x),
 * which is why it is the fallback and not the rule.
 */
final class Fabric8Transport implements Transport {

  private final KubernetesClient client;
  private final String why;

  private Fabric8Transport(KubernetesClient client, String why) {
    this.client = client;
    this.why = why;
  }

  /** Builds the client as kubectl would read the configuration; {@code why} says why this path. */
  static Transport connect(ClusterOptions options, KubeconfigFiles files, String namespace, String why) {
    Config config;
    try {
      config = options.kubeconfig() != null
          ? Config.fromKubeconfig(options.context(), options.kubeconfig().toFile())
          : Config.autoConfigure(options.context());
    } catch (KubernetesClientException e) {
      throw new MeshctlException.InvalidInput("kubeconfig " + files.files() + ": " + e.getMessage()
          + " (check the file with kubectl config view)", e);
    }
    // fabric8 retries with back-off by default; a CLI should say "unreachable" now, as kubectl does.
    config.setRequestRetryBackoffLimit(0);
    if (options.requestTimeout() != null && !options.requestTimeout().isZero()) {
      int ms = (int) Math.min(Integer.MAX_VALUE, options.requestTimeout().toMillis());
      config.setRequestTimeout(ms);
      config.setConnectionTimeout(ms);
    }
    config.setNamespace(namespace);
    try {
      return new Fabric8Transport(new KubernetesClientBuilder().withConfig(config).build(), why);
    } catch (KubernetesClientException e) {
      // e.g. a client key fabric8 cannot decrypt or parse; its own message is "An error has occurred."
      throw new MeshctlException.InvalidInput("kubeconfig " + files.files() + ": cannot set up the client: "
          + Kube.rootReason(e) + " (check the file with kubectl config view)", e);
    }
  }

  @Override
  public String send(String method, String path, String body) throws Failure {
    try {
      return client.raw(path, method, body);
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null
            && !e.getStatus().getMessage().isEmpty() ? e.getStatus().getMessage() : Kube.firstLine(e.getMessage());
        throw new Failure(e.getCode(), null, reason, e);
      }
      // no HTTP answer: fabric8 wraps the I/O error (refused, timeout, TLS) as the cause
      throw new Failure(0, null, null, e.getCause() != null ? e.getCause() : e);
    }
  }

  @Override
  public String server() {
    return client.getConfiguration().getMasterUrl();
  }

  @Override
  public String describe() {
    return "fabric8's client (" + why + ")";
  }

  @Override
  public void close() {
    client.close();
    awaitClientThreads();
  }

  /**
   * On JDK 17 the JVM's exit waits up to 300 ms for threads parked in native code; vert.x's event
   * loops are such threads until they notice the close. Joining them briefly makes the exit prompt.
   */
  private static void awaitClientThreads() {
    long deadline = System.nanoTime() + 200_000_000L;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("vert.x-") && t != Thread.currentThread()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        try {
          t.join(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
