package io.meshctl.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The build's training run for the launcher's class-data archives (not a user command). The build
 * runs {@code java -XX:DumpLoadedClassList=... -cp meshctl.jar io.meshctl.cli.Training WORKLOAD} and then
 * {@code -Xshare:dump} over that list
 * (on JDK 25+ {@code -XX:AOTCacheOutput=...}); the JVM records the classes this process loaded, and
 * the launcher later maps them in instead of reading, parsing and verifying the jars again.
 *
 * <p>One archive per workload, because a JDK 25 AOT cache links every class it holds at start-up:
 * a cache trained on a cluster call makes {@code version} slower than no cache at all. The launcher
 * picks the workload from the command line (see {@code workload} in src/main/launcher/meshctl).
 *
 * <p>Each workload runs the real commands in-process through {@link Main#run}, so a command that
 * changes what it loads is trained without edits here. The cluster workload talks to a throw-away
 * HTTP server on 127.0.0.1 that answers like an API server without Istio (discovery lists, 404 for
 * objects): enough to load the kubeconfig parser, the HTTP client, the request and error paths.
 */
public final class Training {

  /** The archives the build makes; the launcher's {@code workload} function must name the same. */
  public static final List<String> WORKLOADS = List.of("version", "cli", "inject", "offline", "cluster");

  private Training() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !WORKLOADS.contains(args[0])) {
      System.err.println("usage: Training " + String.join("|", WORKLOADS));
      System.exit(64);
    }
    if (args[0].equals("version")) {
      Main.main(new String[] {"version", "--client"}); // the form CI scripts log first; exits as Main does
      return;
    }
    // Not Files.createTempDirectory or Files.walk: their SecureRandom and streams would land in the
    // archive, and on JDK 25 every class of the cache loads at start-up (~7 ms for inject).
    Path tmp = Files.createDirectory(
        Path.of(System.getProperty("java.io.tmpdir"), "meshctl-training-" + System.nanoTime()));
    try {
      switch (args[0]) {
        case "cli" -> {
          run("version", "--client", "-o", "json");
          run("--help");
          run("completion", "bash");
        }
        // inject alone on its hot path: on JDK 25 every class in the cache loads at start
        case "inject" -> run("inject", "-f", deployment(tmp));
        case "offline" -> {
          String deployment = deployment(tmp);
          run("inject", "-f", deployment);
          run("authn", "tls-check", "-f", deployment);
          run("cert", "issue", "--help");
        }
        case "cluster" -> cluster(tmp);
        default -> throw new IllegalStateException(args[0]);
      }
    } finally {
      delete(tmp.toFile());
    }
    // Main.main ends in System.exit, which on JDK 21+ looks up a System.Logger (~40 classes, 3-5 ms
    // when they are missing from the archive): end the same way so they are in it.
    System.exit(0);
  }

  private static String deployment(Path tmp) throws IOException {
    return Files.writeString(tmp.resolve("deployment.yaml"), DEPLOYMENT).toString();
  }

  private static void delete(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        delete(c);
      }
    }
    f.delete();
  }

  /** The live commands through fabric8's client: kubeconfig parsing, the HTTP client, requests and errors. */
  private static void cluster(Path tmp) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String body = switch (path) {
        case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
        case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
        default -> null;
      };
      int status = body != null ? 200 : 404;
      if (body == null) {
        body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
            + "\"code\":404,\"message\":\"" + path + " not found\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
        in.readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        out.write(bytes);
      }
    });
    server.start();
    try {
      Path kubeconfig = tmp.resolve("kubeconfig");
      Files.writeString(kubeconfig, KUBECONFIG.replace("PORT", Integer.toString(server.getAddress().getPort())));
      String kc = kubeconfig.toString();
      run("route", "show", "wordpress", "--kubeconfig", kc);
      run("version", "--kubeconfig", kc);
      // a pod name, so the command connects and loads the snapshot (it then answers "not found")
      run("authn", "tls-check", "training", "--kubeconfig", kc);
    } finally {
      server.stop(0);
    }
  }

  private static void run(String... args) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    Main.run(new Env(InputStream.nullInputStream(), Map.of()), nowhere, nowhere, args);
  }

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: training
        namespace: default
      spec:
        selector:
          matchLabels: {app: training}
        template:
          metadata:
            labels: {app: training}
          spec:
            containers:
            - name: app
              image: nginx:1.27
              ports:
              - containerPort: 8080
      """;

  private static final String KUBECONFIG = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: training
        cluster: {server: "http://127.0.0.1:PORT"}
      users:
      - name: training
        user: {token: training}
      contexts:
      - name: training
        context: {cluster: training, user: training, namespace: default}
      current-context: training
      """;
}
