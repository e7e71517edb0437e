package io.meshctl.core.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.internal.CertUtils;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The only door to the API server, through fabric8's client: kubeconfig (several files in
 * {@code KUBECONFIG}), contexts, exec credential plugins, in-cluster config, proxies, TLS and auth
 * are all fabric8's. Objects travel as Jackson trees (never fabric8's typed model), so unknown
 * fields and every API version round-trip unchanged. One instance per process; close it so the JVM
 * can exit at once.
 */
public final class Kube implements AutoCloseable {

  /**
   * Each request's limit when {@code --request-timeout} is not given: a server that accepts the
   * connection and never answers must not hang a script (kubectl waits forever by default).
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** client-go's bound on retries of answers that carry Retry-After. */
  static final int MAX_RETRIES = 10;

  private final KubernetesClient client;
  private final String namespace;
  private final String server;
  private final Duration timeout;
  private IstioApis istio;
  private boolean dryRun;

  private Kube(KubernetesClient client, String namespace, Duration timeout) {
    this.client = client;
    this.namespace = namespace;
    this.server = client.getConfiguration().getMasterUrl();
    this.timeout = timeout;
  }

  /**
   * Connects as kubectl would: {@code --kubeconfig}, else every file in {@code KUBECONFIG} (of
   * {@code env}, so callers and tests decide), else ~/.kube/config, else the in-cluster service
   * account; {@code --context} picks the context and {@code -n}, else the context's namespace, else
   * {@code default}, the namespace.
   */
  public static Kube connect(ClusterOptions options, Map<String, String> env) {
    Config config = configure(options, env);
    if (config.getClientKeyData() != null || config.getClientKeyFile() != null) {
      clientKeyAsPkcs8(config);
    }
    if (config.getAutoOAuthToken() == null && config.getCurrentContext() != null) {
      tokenFile(config);
    }
    Duration timeout = options.requestTimeout() == null ? DEFAULT_REQUEST_TIMEOUT : options.requestTimeout();
    if (!timeout.isZero()) {
      int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      config.setRequestTimeout(ms);
      config.setConnectionTimeout(ms);
    }
    // fabric8's own retries take every 5xx and every I/O error, time-outs included, and 7.9 waits its
    // back-off instead of the Retry-After it reads; request() retries as client-go does instead.
    config.setRequestRetryBackoffLimit(0);
    String ns = namespace(options, config);
    config.setNamespace(ns);
    // netty (under fabric8's vert.x client) allocates through sun.misc.Unsafe when it may, and JDK 25
    // and native images built on it print a four-line deprecation warning on stderr at the first call.
    // A CLI's few requests gain nothing from it; read by netty's static initialisers, so set first.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "true");
    }
    try {
      return new Kube(new KubernetesClientBuilder().withConfig(config).build(), ns, timeout.isZero() ? null : timeout);
    } catch (KubernetesClientException e) {
      // e.g. a client key fabric8 cannot decrypt; its own message is "An error has occurred."
      throw new MeshctlException.InvalidInput("kubeconfig " + options.kubeconfigFiles(env) + ": cannot set up the client: "
          + rootReason(e) + " (check the file with kubectl config view)", e);
    }
  }

  /** See {@link ClusterOptions#offlineNamespace}: the context's namespace without connecting. */
  static String contextNamespace(ClusterOptions options, Map<String, String> env) {
    return namespace(options, configure(options, env));
  }

  private static String namespace(ClusterOptions options, Config config) {
    String given = options.namespace();
    return given != null && !given.isBlank() ? given
        : config.getNamespace() != null && !config.getNamespace().isBlank() ? config.getNamespace() : "default";
  }

  /** fabric8's reading of the kubeconfig, checked for what kubectl refuses: an unknown --context, no cluster at all. */
  private static Config configure(ClusterOptions options, Map<String, String> env) {
    Path explicit = options.kubeconfig();
    if (explicit != null && !Files.isRegularFile(explicit)) {
      throw new MeshctlException.NotFound("kubeconfig " + explicit + ": no such file (check --kubeconfig)");
    }
    String files = options.kubeconfigFiles(env);
    // fabric8 takes the kubeconfig list from this property before the process environment
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, files);
    Config config;
    try {
      config = Config.autoConfigure(options.context());
    } catch (KubernetesClientException e) {
      throw new MeshctlException.InvalidInput("kubeconfig " + files + ": " + rootReason(e)
          + " (check the file with kubectl config view)", e);
    }
    List<NamedContext> contexts = config.getContexts() == null ? List.of() : config.getContexts();
    if (contexts.isEmpty() && env.get("KUBERNETES_SERVICE_HOST") == null) {
      throw new MeshctlException.Unavailable("no cluster configured: no kubeconfig context in " + files
          + (explicit == null && env.get("KUBECONFIG") == null ? " and KUBECONFIG is not set" : "")
          + " (pass --kubeconfig, or use -f to work on files offline)", null);
    }
    String context = options.context();
    if (context != null && contexts.stream().noneMatch(c -> context.equals(c.getName()))) {
      throw new MeshctlException.Usage("context \"" + context + "\" does not exist in " + files
          + " (list them with kubectl config get-contexts)");
    }
    if (!contexts.isEmpty() && config.getCurrentContext() == null) {
      throw new MeshctlException.Usage("kubeconfig " + files + " sets no current-context (pass --context NAME)");
    }
    return config;
  }

  /**
   * fabric8 reads the first PEM block only and tells EC from RSA by its header, so it fails on a
   * PKCS#8 EC key ("Invalid DER: object is not integer") and on openssl's EC PARAMETERS block
   * before the key. meshctl's key reader (BouncyCastle) reads every format; fabric8 gets PKCS#8.
   */
  private static void clientKeyAsPkcs8(Config config) {
    String source = "the client key of kubeconfig user " + config.getCurrentContext().getContext().getUser();
    String pem;
    try {
      pem = new String(CertUtils.getInputStreamFromDataOrFile(config.getClientKeyData(), config.getClientKeyFile())
          .readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new MeshctlException.InvalidInput("cannot read " + source + ": " + rootReason(e)
          + " (check client-key or client-key-data with kubectl config view --raw)", e);
    }
    Pem.KeyFile key = Pem.privateKey(pem, source, null);
    if (key.key() != null) { // an encrypted key stays fabric8's, with its passphrase
      config.setClientKeyData(Base64.getEncoder().encodeToString(
          Pem.privateKey(key.key(), null).getBytes(StandardCharsets.US_ASCII)));
      config.setClientKeyFile(null);
      // by what the key is: a BouncyCastle-made key names itself "ECDSA", and fabric8 knows only "EC"
      config.setClientKeyAlgo(key.key() instanceof java.security.interfaces.ECPrivateKey ? "EC"
          : key.key() instanceof java.security.interfaces.RSAPrivateKey ? "RSA" : key.key().getAlgorithm());
    }
  }

  /** fabric8 parses the user's {@code tokenFile} but never reads it; kubectl sends its content as the bearer token. */
  private static void tokenFile(Config config) {
    File file = config.getFileWithAuthInfo();
    String user = config.getCurrentContext().getContext().getUser();
    if (file == null || user == null) {
      return;
    }
    for (NamedAuthInfo named : KubeConfigUtils.parseConfig(file).getUsers()) {
      String tokenFile = named.getUser() == null ? null : named.getUser().getTokenFile();
      if (user.equals(named.getName()) && tokenFile != null && !tokenFile.isBlank()) {
        Path path = file.toPath().toAbsolutePath().resolveSibling(tokenFile);
        try {
          config.setAutoOAuthToken(Files.readString(path).strip());
        } catch (IOException e) {
          throw new MeshctlException.InvalidInput("kubeconfig " + file + ": user " + user + ": cannot read tokenFile "
              + path + ": " + rootReason(e), e);
        }
        return;
      }
    }
  }

  /** Each request's limit as fabric8's client was given it; empty when there is none ({@code --request-timeout 0}). */
  Optional<Duration> requestTimeout() {
    return timeout == null ? Optional.empty() : Optional.of(Duration.ofMillis(client.getConfiguration().getRequestTimeout()));
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
    return list(type, ns, null);
  }

  /**
   * As {@link #list(ResourceType, String)}, only the objects {@code labelSelector} (the query form,
   * {@code app=x,tier in (a,b)}; null for all) selects: the API server filters, so only those travel.
   */
  public List<ObjectNode> list(ResourceType type, String ns, String labelSelector) {
    String query = labelSelector == null || labelSelector.isEmpty() ? ""
        : "?labelSelector=" + java.net.URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
    JsonNode list = getPath(type.path(ns) + query).orElse(null);
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

  /**
   * From now on every write is sent with {@code ?dryRun=All} (kubectl's {@code --dry-run=server}):
   * the API server runs authentication, RBAC, admission and validation and answers with the object
   * as it would be stored, but stores nothing. One switch for the whole client, so no write path
   * can forget it.
   */
  public Kube dryRun() {
    this.dryRun = true;
    return this;
  }

  public boolean isDryRun() {
    return dryRun;
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
    request("DELETE", writePath(type.path(ns) + "/" + name), null, type.kind() + "/" + name, false);
  }

  private String writePath(String path) {
    return dryRun ? path + (path.contains("?") ? "&" : "?") + "dryRun=All" : path;
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
    String body = request(method, writePath(path), TreeCodec.json(object), what, false);
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

  /**
   * The body of a 2xx answer; null for a 404 when {@code notFoundIsEmpty}; else the failure,
   * translated. A 429 or 5xx answer with {@code Retry-After} (seconds) is sent again after that
   * wait, as client-go does, at most {@link #MAX_RETRIES} times and never past the request timeout.
   */
  private String request(String method, String path, String body, String what, boolean notFoundIsEmpty) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    for (int tries = 1; ; tries++) {
      HttpResponse<String> answer = send(method, path, body, what);
      int code = answer.code();
      if (HttpResponse.isSuccessful(code)) {
        return answer.body();
      }
      if (notFoundIsEmpty && code == HttpURLConnection.HTTP_NOT_FOUND) {
        return null;
      }
      long wait = retryAfterNanos(answer);
      if (wait < 0 || tries > MAX_RETRIES || System.nanoTime() + wait > deadline) {
        String message = statusMessage(answer);
        throw translate(code, tries > 1 ? message + " (after " + tries + " tries)" : message, null, what);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw translate(code, statusMessage(answer), e, what);
      }
    }
  }

  /** One request through fabric8's client (its auth, TLS, proxy); no answer at all is {@link MeshctlException.Unavailable}. */
  private HttpResponse<String> send(String method, String path, String body, String what) {
    HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder()
        .uri(server + path.substring(1)).method(method, "application/json", body);
    if (timeout != null) {
      request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    try {
      return client.getHttpClient().sendAsync(request.build(), String.class).get();
    } catch (ExecutionException e) {
      throw translate(0, null, e.getCause() == null ? e : e.getCause(), what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw translate(0, null, e, what);
    }
  }

  /** How long Retry-After asks to wait, for a 429 or 5xx that carries it in seconds (as client-go reads it); else -1. */
  private static long retryAfterNanos(HttpResponse<String> answer) {
    String after = answer.header("Retry-After");
    if ((answer.code() != 429 && answer.code() < 500) || after == null) {
      return -1;
    }
    try {
      long seconds = Long.parseLong(after.strip());
      return seconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(seconds);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Kubernetes explains a refusal in the {@code message} of a Status body; else the status code. */
  private static String statusMessage(HttpResponse<String> answer) {
    String body = answer.body();
    if (body != null && !body.isBlank()) {
      try {
        String message = Manifests.text(TreeCodec.parseJson(body), "message");
        if (message != null && !message.isBlank()) {
          return message;
        }
      } catch (JsonProcessingException e) {
        // not JSON (a proxy's HTML page...): the status code says more
      }
    }
    return "HTTP " + answer.code();
  }

  /**
   * Maps a failed request to the exit-code table: no answer, 429 or 5xx 69, 401/403 77, 404 66, 409
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
        if (code <= 0 || code >= 500 || code == 429) {
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
