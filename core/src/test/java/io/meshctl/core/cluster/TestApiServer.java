package io.meshctl.core.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.meshctl.core.cert.CaMaterial;
import io.meshctl.core.cert.CertIssuer;
import io.meshctl.core.cert.IssueRequest;
import io.meshctl.core.cert.Issued;
import io.meshctl.core.cert.KeySpec;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cert.Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK HTTP(S) server that answers like an API server (discovery for {@code /api}, a Status 404
 * otherwise) and records what each request carried: method, path, Authorization header, the client
 * certificate's subject. The HTTPS flavour serves a certificate issued by meshctl's own cert code.
 */
public final class TestApiServer implements AutoCloseable {

  /** An answer to send instead of the usual one; {@code retryAfter} null sends no Retry-After. */
  public record Scripted(int status, String retryAfter, String message) {
  }

  public record Seen(String method, String path, String authorization, String clientSubject, String contentType,
      String accept, String acceptEncoding, String body) {
  }

  /** A CA and a serving certificate for localhost / 127.0.0.1 signed by it. */
  public record Pki(Issued ca, Issued server) {

    public String caPem() {
      return Pem.certificate(ca.cert());
    }

    public static Pki create(String... dnsNames) {
      CertIssuer issuer = new CertIssuer();
      Instant now = Instant.now().minus(Duration.ofMinutes(1));
      Issued ca = issuer.issue(new IssueRequest(Profile.ROOT_CA, "test-ca", null, List.of(), List.of(), List.of(),
          now, now.plus(Duration.ofDays(1)), KeySpec.DEFAULT, null, null)).issued();
      Issued server = issuer.issue(new IssueRequest(Profile.SERVER, "api-server", null, List.of(dnsNames),
          List.of("127.0.0.1"), List.of(), now, now.plus(Duration.ofDays(1)), KeySpec.DEFAULT,
          new CaMaterial(List.of(ca.cert()), ca.key()), null)).issued();
      return new Pki(ca, server);
    }

    /** A client certificate for {@code name} signed by this CA (serverAuth and clientAuth). */
    public Issued client(String name) {
      Instant now = Instant.now().minus(Duration.ofMinutes(1));
      return new CertIssuer().issue(new IssueRequest(Profile.WORKLOAD, name, null, List.of(), List.of(),
          List.of("spiffe://cluster.local/ns/default/sa/" + name), now, now.plus(Duration.ofDays(1)), KeySpec.DEFAULT,
          new CaMaterial(List.of(ca.cert()), ca.key()), null)).issued();
    }
  }

  public final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** Answers for the next requests, whatever their path, in order. */
  public final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final HttpServer server;
  private final String scheme;

  private TestApiServer(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.createContext("/", this::handle);
    server.start();
  }

  public static TestApiServer http() {
    try {
      return new TestApiServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
          "http");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HTTPS with {@code pki.server()}; when {@code clientCa} is given, a client certificate it signed is required. */
  public static TestApiServer https(Pki pki, X509Certificate clientCa) {
    try {
      char[] pw = "test".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", pki.server().key(), pw,
          new Certificate[] {pki.server().cert(), pki.ca().cert()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, pw);
      TrustManagerFactory tmf = null;
      if (clientCa != null) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client-ca", clientCa);
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = tls.getDefaultSSLParameters();
          p.setNeedClientAuth(clientCa != null);
          params.setSSLParameters(p);
        }
      });
      return new TestApiServer(server, "https");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code https://localhost:PORT} or {@code http://127.0.0.1:PORT}. */
  public String url(String host) {
    return scheme + "://" + host + ":" + server.getAddress().getPort();
  }

  public String url() {
    return url(scheme.equals("https") ? "localhost" : "127.0.0.1");
  }

  private void handle(HttpExchange ex) throws IOException {
    String subject = null;
    if (ex instanceof HttpsExchange https) {
      try {
        subject = https.getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException e) {
        // no client certificate
      }
    }
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = ex.getRequestURI().getPath();
    seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"), subject,
        ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Accept"),
        ex.getRequestHeaders().getFirst("Accept-Encoding"), body));
    int status;
    String answer;
    Scripted next = script.poll();
    if (next != null) {
      status = next.status();
      answer = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
          + next.message() + "\",\"code\":" + next.status() + "}";
      if (next.retryAfter() != null) {
        ex.getResponseHeaders().add("Retry-After", next.retryAfter());
      }
    } else {
      switch (path) {
        case "/api" -> {
          status = 200;
          answer = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
        }
        case "/forbidden" -> {
          status = 403;
          answer = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
              + "\"message\":\"configmaps is forbidden: User \\\"alice\\\" cannot list\",\"code\":403}";
        }
        case "/html" -> {
          status = 502;
          answer = "<html><body>Bad gateway</body></html>";
        }
        case "/api/v1/namespaces/default/configmaps" -> {
          status = 201;
          answer = body;
        }
        default -> {
          status = 404;
          answer = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
              + "\"message\":\"the server could not find the requested resource\",\"code\":404}";
        }
      }
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    String encoding = ex.getRequestHeaders().getFirst("Accept-Encoding");
    if (encoding != null && encoding.contains("gzip")) {
      // as the API server does, errors included
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
        gz.write(bytes);
      }
      bytes = zipped.toByteArray();
      ex.getResponseHeaders().add("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().add("Content-Type", path.equals("/html") ? "text/html" : "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
