package io.meshctl.core.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import java.net.HttpURLConnection;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The only door to the API server. Objects travel as Jackson trees (never fabric8's typed model),
 * so unknown fields and every API version round-trip unchanged. Requests go through the JDK's HTTP
 * client when the kubeconfig is a plain one, else through fabric8's (see {@link JdkTransport}); the
 * caller cannot tell the difference. One instance per process; close it so the JVM can exit at once.
 */
public final class Kube implements AutoCloseable {

  private final Transport transport;
  private final String namespace;
  private final String server;
  private IstioApis istio;

  private Kube(Transport transport, String namespace) {
    this.transport = transport;
    this.namespace = namespace;
    this.server = transport.server();
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
    String why;
    try {
      Transport thin = JdkTransport.open(files, context, env, options.requestTimeout());
      return new Kube(thin, files.namespace(options.namespace(), context));
    } catch (JdkTransport.Unsupported e) {
      why = e.getMessage();
    } catch (RuntimeException e) {
      // a kubeconfig our reader chokes on: fabric8 reads it, or reports it as it always did
      why = "the kubeconfig did not parse: " + firstLine(e.getMessage());
    }
    String ns = files.namespace(options.namespace(), context);
    return new Kube(Fabric8Transport.connect(options, files, ns, why), ns);
  }

  /** Which HTTP client serves this context and why; for {@code -v} output and tests. */
  String transport() {
    return transport.describe();
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
    request("DELETE", type.path(ns) + "/" + name, null, type.kind() + "/" + name, false);
  }

  /** GET of an API path as a tree; empty on 404. */
  public Optional<JsonNode> getPath(String path) {
    String body = request("GET", path, null, path, true);
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TreeCodec.parseJson(body));
    } catch (JsonProcessingException e) {
      throw new MeshctlException.Unavailable("the API server at " + server + " answered " + path
          + " with something that is not JSON: is the kubeconfig pointing at an API server?", e);
    }
  }

  private ObjectNode send(String path, String method, ObjectNode object, String what) {
    String body = request(method, path, TreeCodec.json(object), what, false);
    try {
      if (TreeCodec.parseJson(body) instanceof ObjectNode answer) {
        return answer;
      }
    } catch (JsonProcessingException e) {
      throw new MeshctlException.Unavailable("the API server at " + server + " answered " + method + " " + path
          + " with something that is not JSON", e);
    }
    throw new MeshctlException.Unavailable("the API server at " + server + " answered " + method + " " + path
        + " with something that is not a JSON object", null);
  }

  /** The body of a 2xx answer; null for a 404 when {@code notFoundIsEmpty}; else the failure, translated. */
  private String request(String method, String path, String body, String what, boolean notFoundIsEmpty) {
    try {
      return transport.send(method, path, body);
    } catch (Transport.Failure f) {
      if (notFoundIsEmpty && f.code == HttpURLConnection.HTTP_NOT_FOUND) {
        return null;
      }
      throw translate(f.code, statusMessage(f), f.getCause(), what);
    }
  }

  /** Kubernetes explains a refusal in the {@code message} of a Status body; else the transport's reason. */
  private static String statusMessage(Transport.Failure f) {
    if (f.body != null && !f.body.isBlank()) {
      try {
        String message = Manifests.text(TreeCodec.parseJson(f.body), "message");
        if (message != null && !message.isBlank()) {
          return message;
        }
      } catch (JsonProcessingException e) {
        // not JSON (a proxy's HTML page...): the HTTP reason phrase says more
      }
    }
    return f.reason;
  }

  /**
   * Maps a failed request to the exit-code table: no answer or 5xx 69, 401/403 77, 404 66, 409
   * conflict, 400/422 65. {@code code} 0 means no answer came; {@code cause} then says why.
   */
  MeshctlException translate(int code, String statusMessage, Throwable cause, String what) {
    String reason = statusMessage == null ? "" : statusMessage;
    switch (code) {
      case HttpURLConnection.HTTP_UNAUTHORIZED:
        return new MeshctlException.Forbidden("the API server at " + server + " refused our credentials for "
            + what + ": " + reason + " (log in again or check the kubeconfig user)", cause);
      case HttpURLConnection.HTTP_FORBIDDEN:
        return new MeshctlException.Forbidden("forbidden: " + what + ": " + reason
            + " (ask for RBAC access, or check with kubectl auth can-i)", cause);
      case HttpURLConnection.HTTP_NOT_FOUND:
        return new MeshctlException.NotFound(what + " not found: " + reason, cause);
      case HttpURLConnection.HTTP_CONFLICT:
        return new MeshctlException.Conflict(what + " was changed by someone else: " + reason, cause);
      case HttpURLConnection.HTTP_BAD_REQUEST:
      case 422:
        return new MeshctlException.InvalidInput("the API server rejected " + what + ": " + reason, cause);
      default:
        if (code <= 0 && isTls(cause)) {
          return new MeshctlException.Unavailable("cannot reach the API server at " + server
              + ": TLS handshake failed: " + rootReason(cause) + " (check certificate-authority and "
              + "insecure-skip-tls-verify of the kubeconfig cluster, and the user's client certificate)", cause);
        }
        if (code <= 0 || code >= 500) {
          String why = code <= 0 ? rootReason(cause) : "it answered " + code + ": " + reason;
          return new MeshctlException.Unavailable("cannot reach the API server at " + server + ": " + why
              + " (check the cluster, the kubeconfig context, or --request-timeout)", cause);
        }
        return new MeshctlException.InvalidInput("the API server answered " + code + " for " + what
            + ": " + reason, cause);
    }
  }

  private static boolean isTls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  static String rootReason(Throwable e) {
    if (e == null) {
      return "no answer";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    if (root instanceof java.net.UnknownHostException) {
      return "unknown host " + m; // the JDK's message is the bare host name
    }
    return firstLine(m == null || m.isBlank() ? root.getClass().getSimpleName() : m);
  }

  static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
  }

  @Override
  public void close() {
    transport.close();
  }
}
