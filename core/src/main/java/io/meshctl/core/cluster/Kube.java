package io.meshctl.core.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import io.meshctl.core.manifest.Yaml;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The only door to the API server. Objects travel as Jackson trees (never fabric8's typed model),
 * so unknown fields and every API version round-trip unchanged. One instance per process; close it
 * so the JVM can exit at once.
 */
public final class Kube implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final String server;
  private IstioApis istio;

  private Kube(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.server = client.getConfiguration().getMasterUrl();
  }

  /**
   * Connects as kubectl would: {@code --kubeconfig}, else every file in {@code KUBECONFIG}, else
   * ~/.kube/config, else the in-cluster service account; {@code --context} picks the context and
   * {@code -n}, else the context's namespace, else {@code default}, the namespace.
   */
  public static Kube connect(ClusterOptions options, Map<String, String> env) {
    KubeconfigFiles files = KubeconfigFiles.locate(options.kubeconfig(), env);
    String context = options.context();
    if (context != null && !files.files().isEmpty() && !files.hasContext(context)) {
      throw new MeshctlException.Usage("context \"" + context + "\" does not exist in " + files.files()
          + " (list them with kubectl config get-contexts)");
    }
    if (files.files().isEmpty() && env.get("KUBERNETES_SERVICE_HOST") == null) {
      throw new MeshctlException.Unavailable("no cluster configured: no kubeconfig at ~/.kube/config and "
          + "KUBECONFIG is not set (pass --kubeconfig, or use -f to work on files offline)", null);
    }
    Config config;
    try {
      config = options.kubeconfig() != null
          ? Config.fromKubeconfig(context, options.kubeconfig().toFile())
          : Config.autoConfigure(context);
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
    String ns = files.namespace(options.namespace(), context);
    config.setNamespace(ns);
    return new Kube(new KubernetesClientBuilder().withConfig(config).build(), ns);
  }

  /** The namespace commands default to: {@code -n}, the context's, or {@code default}. */
  public String namespace() {
    return namespace;
  }

  /** The API server URL, for messages. */
  public String server() {
    return server;
  }

  /** The served Istio API versions, discovered once per process. */
  public IstioApis istio() {
    if (istio == null) {
      istio = IstioApis.discover(this::getPath);
    }
    return istio;
  }

  public Optional<ObjectNode> get(ResourceType type, String ns, String name) {
    return getPath(type.path(ns) + "/" + name).map(ObjectNode.class::cast);
  }

  /** Every object of the type in {@code ns}, or in all namespaces when {@code ns} is null. */
  public List<ObjectNode> list(ResourceType type, String ns) {
    JsonNode list = getPath(type.path(ns)).orElse(null);
    List<ObjectNode> items = new ArrayList<>();
    if (list != null) {
      for (JsonNode item : list.path("items")) {
        if (item instanceof ObjectNode o) {
          // list items carry no kind/apiVersion on real servers; callers match on them
          if (!o.has("kind")) {
            o.put("kind", type.kind());
          }
          if (!o.has("apiVersion")) {
            o.put("apiVersion", type.apiVersion());
          }
          items.add(o);
        }
      }
    }
    return items;
  }

  public ObjectNode create(ResourceType type, String ns, ObjectNode object) {
    return send(type.path(ns), "POST", object, Manifests.describe(object));
  }

  /**
   * PUT with the object's {@code metadata.resourceVersion}: the server refuses with 409 if someone
   * wrote in between, which surfaces as {@link MeshctlException.Conflict} for the caller to retry.
   */
  public ObjectNode replace(ResourceType type, String ns, ObjectNode object) {
    String name = Manifests.text(object.path("metadata"), "name");
    return send(type.path(ns) + "/" + name, "PUT", object, Manifests.describe(object));
  }

  public void delete(ResourceType type, String ns, String name) {
    try {
      client.raw(type.path(ns) + "/" + name, "DELETE", null);
    } catch (KubernetesClientException e) {
      throw translate(e, type.kind() + "/" + name);
    }
  }

  /** GET of an API path as a tree; empty on 404. */
  public Optional<JsonNode> getPath(String path) {
    try {
      String body = client.raw(path, "GET", null);
      return body == null || body.isBlank() ? Optional.empty() : Optional.of(TreeCodec.parseJson(body));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return Optional.empty();
      }
      throw translate(e, path);
    } catch (JsonProcessingException e) {
      throw new MeshctlException.Unavailable("the API server at " + server + " answered " + path
          + " with something that is not JSON: is the kubeconfig pointing at an API server?", e);
    }
  }

  private ObjectNode send(String path, String method, ObjectNode object, String what) {
    try {
      String body = client.raw(path, method, TreeCodec.json(object));
      return (ObjectNode) TreeCodec.parseJson(body);
    } catch (KubernetesClientException e) {
      throw translate(e, what);
    } catch (JsonProcessingException e) {
      throw new MeshctlException.Unavailable("the API server at " + server + " answered " + method + " " + path
          + " with something that is not JSON", e);
    }
  }

  /** Maps an API failure to the exit-code table: unreachable 69, 401/403 77, 404 66, 409 conflict, 400/422 65. */
  MeshctlException translate(KubernetesClientException e, String what) {
    String reason = e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : firstLine(e.getMessage());
    switch (e.getCode()) {
      case HttpURLConnection.HTTP_UNAUTHORIZED:
        return new MeshctlException.Forbidden("the API server at " + server + " refused our credentials for "
            + what + ": " + reason + " (log in again or check the kubeconfig user)", e);
      case HttpURLConnection.HTTP_FORBIDDEN:
        return new MeshctlException.Forbidden("forbidden: " + what + ": " + reason
            + " (ask for RBAC access, or check with kubectl auth can-i)", e);
      case HttpURLConnection.HTTP_NOT_FOUND:
        return new MeshctlException.NotFound(what + " not found: " + reason, e);
      case HttpURLConnection.HTTP_CONFLICT:
        return new MeshctlException.Conflict(what + " was changed by someone else: " + reason, e);
      case HttpURLConnection.HTTP_BAD_REQUEST:
      case 422:
        return new MeshctlException.InvalidInput("the API server rejected " + what + ": " + reason, e);
      default:
        if (e.getCode() == 0 || e.getCode() >= 500 || isNetwork(e)) {
          return new MeshctlException.Unavailable("cannot reach the API server at " + server + ": "
              + networkReason(e) + " (check the cluster, the kubeconfig context, or --request-timeout)", e);
        }
        return new MeshctlException.InvalidInput("the API server answered " + e.getCode() + " for " + what
            + ": " + reason, e);
    }
  }

  private static boolean isNetwork(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof HttpTimeoutException || t instanceof HttpConnectTimeoutException
          || t instanceof TimeoutException || t instanceof InterruptedIOException
          || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private static String networkReason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return firstLine(m == null || m.isBlank() ? root.getClass().getSimpleName() : m);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
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
