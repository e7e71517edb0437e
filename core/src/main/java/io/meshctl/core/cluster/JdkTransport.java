package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.cluster.KubeconfigFiles.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The API server through the JDK's blocking {@link HttpURLConnection}, for kubeconfig users with a
 * token, a token file, basic auth, a PEM client certificate, or nothing. It starts in a few
 * milliseconds where fabric8 takes ~250 ms, and it starts no selector thread, so nothing holds the
 * JVM's exit. Anything else in the kubeconfig (exec plugins, auth-provider, impersonation, proxies,
 * tls-server-name, unknown fields) is left to {@link Fabric8Transport}: {@link #open} then throws
 * {@link Unsupported} saying why, and the caller falls back.
 */
final class JdkTransport implements Transport {

  /** kubectl (Go's ProxyFromEnvironment) reads these; fabric8 honours them, so a proxy means fabric8. */
  private static final List<String> PROXY_VARIABLES =
      List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy");
  private static final Set<String> CLUSTER_FIELDS = Set.of("server", "certificate-authority",
      "certificate-authority-data", "insecure-skip-tls-verify", "disable-compression", "extensions");
  private static final Set<String> USER_FIELDS = Set.of("token", "tokenFile", "username", "password",
      "client-certificate", "client-certificate-data", "client-key", "client-key-data", "extensions");
  private static final String USER_AGENT = "meshctl (" + System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
      + "/" + System.getProperty("os.arch", "") + ")";

  private final String base;
  private final String server;
  private final SSLSocketFactory sockets;
  private final boolean anyHost;
  private final String authorization;
  private final int timeoutMillis;
  private final String auth;
  private final boolean gzip;

  private JdkTransport(String server, SSLSocketFactory sockets, boolean anyHost, String authorization, String auth,
      int timeoutMillis, boolean gzip) {
    this.server = server;
    this.gzip = gzip;
    this.base = server.substring(0, server.length() - 1);
    this.sockets = sockets;
    this.anyHost = anyHost;
    this.authorization = authorization;
    this.auth = auth;
    this.timeoutMillis = timeoutMillis;
  }

  /** Why this kubeconfig needs fabric8's client; the message is for {@code -v}, never a secret. */
  static final class Unsupported extends Exception {

    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * A transport for the context kubectl would use, or {@link Unsupported} when the kubeconfig asks
   * for something only fabric8 does. Reads the CA, client certificate, key and token files now, so
   * a file that cannot be read also falls back (and fabric8 reports it as it always did).
   */
  static JdkTransport open(KubeconfigFiles files, String explicitContext, Map<String, String> env, Duration timeout)
      throws Unsupported {
    if (files.files().isEmpty()) {
      throw new Unsupported("no kubeconfig file: the in-cluster service account");
    }
    for (String name : PROXY_VARIABLES) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        throw new Unsupported(name + " is set");
      }
    }
    String contextName = files.context(explicitContext).orElseThrow(() -> new Unsupported("no current-context"));
    Entry context = files.entry("contexts", contextName)
        .orElseThrow(() -> new Unsupported("context " + contextName + " is not defined"));
    String clusterName = context.text("cluster");
    Entry cluster = clusterName == null ? null : files.entry("clusters", clusterName).orElse(null);
    if (cluster == null) {
      throw new Unsupported("context " + contextName + " names no cluster that is defined");
    }
    String userName = context.text("user");
    Entry user = userName == null ? null : files.entry("users", userName).orElse(null);
    if (userName != null && user == null) {
      throw new Unsupported("user " + userName + " is not defined");
    }
    onlyKnownFields(cluster, CLUSTER_FIELDS);
    if (user != null) {
      onlyKnownFields(user, USER_FIELDS);
    }

    String server = serverUrl(cluster.text("server"));
    boolean insecure = cluster.body().path("insecure-skip-tls-verify").asBoolean(false);
    byte[] caPem = material(cluster, "certificate-authority");
    if (insecure && caPem != null) {
      throw new Unsupported("both insecure-skip-tls-verify and a certificate authority are set");
    }

    String authorization = null;
    String auth = "no credentials";
    byte[] certPem = null;
    byte[] keyPem = null;
    if (user != null) {
      String token = user.text("token");
      Path tokenFile = user.path("tokenFile");
      String username = user.text("username");
      String password = user.text("password");
      int methods = (token != null ? 1 : 0) + (tokenFile != null ? 1 : 0) + (username != null || password != null ? 1 : 0);
      if (methods > 1) {
        throw new Unsupported("user " + userName + " sets more than one of token, tokenFile, username/password");
      }
      if (tokenFile != null) {
        token = new String(read(tokenFile, "tokenFile"), StandardCharsets.UTF_8).strip();
      }
      if (token != null) {
        authorization = "Bearer " + token;
        auth = tokenFile != null ? "a token file" : "a token";
      } else if (username != null && password != null) {
        authorization = "Basic " + Base64.getEncoder().encodeToString(
            (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        auth = "basic auth";
      } else if (username != null || password != null) {
        throw new Unsupported("user " + userName + " sets only one of username and password");
      }
      certPem = material(user, "client-certificate");
      keyPem = material(user, "client-key");
      if ((certPem == null) != (keyPem == null)) {
        throw new Unsupported("user " + userName + " has a client certificate or key without the other");
      }
      if (certPem != null) {
        auth = authorization == null ? "a client certificate" : auth + " and a client certificate";
      }
    }

    SSLSocketFactory sockets = null;
    if (server.startsWith("https:") && (insecure || caPem != null || certPem != null)) {
      try {
        List<X509Certificate> ca = caPem == null ? null : PemTls.certificates(caPem, "certificate-authority");
        PrivateKey key = keyPem == null ? null : PemTls.privateKey(keyPem, "client-key");
        List<X509Certificate> chain = certPem == null ? null : PemTls.certificates(certPem, "client-certificate");
        sockets = PemTls.socketFactory(ca, insecure, key, chain);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new Unsupported("cannot use the kubeconfig's TLS material: " + e.getMessage());
      }
    }
    long ms = timeout == null ? 0 : Math.min(Integer.MAX_VALUE, timeout.toMillis());
    boolean gzip = !cluster.body().path("disable-compression").asBoolean(false);
    return new JdkTransport(server, sockets, insecure, authorization, auth, (int) ms, gzip);
  }

  /** kubectl's server URL: https when no scheme is given; ends with / as fabric8's did, so messages stay the same. */
  private static String serverUrl(String server) throws Unsupported {
    if (server == null || server.isBlank()) {
      throw new Unsupported("the cluster has no server");
    }
    String url = server.contains("://") ? server : "https://" + server;
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new Unsupported("the server URL is neither http nor https");
    }
    try {
      URI.create(url).toURL();
    } catch (IllegalArgumentException | IOException e) {
      throw new Unsupported("the server URL does not parse");
    }
    return url.endsWith("/") ? url : url + "/";
  }

  /** A field we do not implement (exec, auth-provider, as, proxy-url, tls-server-name...) sends the user to fabric8. */
  private static void onlyKnownFields(Entry entry, Set<String> known) throws Unsupported {
    for (Map.Entry<String, JsonNode> field : entry.body().properties()) {
      JsonNode v = field.getValue();
      boolean empty = v.isNull() || v.isMissingNode() || (v.isContainerNode() && v.isEmpty())
          || (v.isTextual() && v.asText().isEmpty());
      if (!empty && !known.contains(field.getKey())) {
        throw new Unsupported(entry.name() + " sets " + field.getKey());
      }
    }
  }

  /** The PEM of {@code field}-data (base64) or of the file {@code field} names; null when neither is set. */
  private static byte[] material(Entry entry, String field) throws Unsupported {
    String data = entry.text(field + "-data");
    Path file = entry.path(field);
    if (data != null && file != null) {
      throw new Unsupported(entry.name() + " sets both " + field + " and " + field + "-data");
    }
    if (data != null) {
      try {
        return Base64.getMimeDecoder().decode(data.strip());
      } catch (IllegalArgumentException e) {
        throw new Unsupported(field + "-data is not base64");
      }
    }
    return file == null ? null : read(file, field);
  }

  private static byte[] read(Path file, String field) throws Unsupported {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      throw new Unsupported("cannot read " + field + " " + file);
    }
  }

  @Override
  public String send(String method, String path, String body) throws Failure {
    HttpURLConnection c;
    try {
      c = (HttpURLConnection) URI.create(base + path).toURL().openConnection(Proxy.NO_PROXY);
    } catch (IOException | IllegalArgumentException e) {
      throw new Failure(0, null, null, e);
    }
    try {
      if (c instanceof HttpsURLConnection https) {
        if (sockets != null) {
          https.setSSLSocketFactory(sockets);
        }
        if (anyHost) {
          https.setHostnameVerifier(PemTls.ANY_HOST);
        }
      }
      c.setRequestMethod(method);
      c.setConnectTimeout(timeoutMillis);
      c.setReadTimeout(timeoutMillis);
      c.setUseCaches(false);
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty("User-Agent", USER_AGENT);
      if (gzip) {
        // as kubectl: lists of pods across namespaces shrink ~10x, which matters on a remote cluster
        c.setRequestProperty("Accept-Encoding", "gzip");
      }
      if (authorization != null) {
        c.setRequestProperty("Authorization", authorization);
      }
      if (body != null) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        c.setDoOutput(true);
        // streaming also stops the JDK from silently sending a POST twice when a kept-alive connection broke
        c.setFixedLengthStreamingMode(bytes.length);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(bytes);
        }
      }
      int code = c.getResponseCode();
      if (code >= 200 && code < 300) {
        return text(c, c.getInputStream());
      }
      if (code < 0) {
        throw new IOException("the answer is not HTTP");
      }
      InputStream err = c.getErrorStream();
      String text = err == null ? null : text(c, err);
      String phrase = c.getResponseMessage();
      throw new Failure(code, text, phrase == null || phrase.isBlank() ? "HTTP " + code : phrase, null);
    } catch (IOException e) {
      c.disconnect();
      throw new Failure(0, null, null, e);
    }
  }

  private static String text(HttpURLConnection c, InputStream in) throws IOException {
    try (InputStream body = "gzip".equalsIgnoreCase(c.getContentEncoding()) ? new GZIPInputStream(in) : in) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public String describe() {
    return "the JDK's HTTP client with " + auth;
  }

  /** Nothing to stop: no thread of ours is running, and kept-alive sockets die with the process. */
  @Override
  public void close() {
  }
}
