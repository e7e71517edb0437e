package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What start-up costs a user: commands that need no cluster, and live commands with a plain
 * kubeconfig, never load fabric8's client or BouncyCastle, the launcher uses the archive the build
 * trained for the command's path, and a missing, corrupt or stale archive changes nothing but speed. The JVM-specific checks are skipped for a native binary.
 */
class StartupIT {

  private static final Pattern HEAVY = Pattern.compile("\\b(io\\.fabric8|io\\.vertx|io\\.netty|org\\.bouncycastle)\\.");

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - {name: web, image: nginx:1.27}
      """;

  private static final String POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: wordpress-7d4b9c7f5-x2x9q
        labels: {app: wordpress, tier: frontend, version: v1, security.istio.io/tlsMode: istio}
      spec:
        containers:
        - {name: wordpress, image: "wordpress:php7.2", ports: [{containerPort: 80, name: http}]}
        - {name: istio-proxy, image: "docker.io/istio/proxyv2:1.27.0"}
      status: {phase: Running, podIP: 10.1.0.7}
      """;

  @TempDir
  Path tmp;

  @Test
  void plainVersionPrintsWhatTheVersionCommandPrints() {
    // 'meshctl version' skips picocli in Main; it must not drift from the command's own output
    String direct = run(Launcher.binary(), Map.of(), "version").assertOk().out();
    // a binary names the JDK it was built with, this test's JVM another: compare with its picocli path then
    String command = Launcher.isNative() ? run(Launcher.binary(), Map.of(), "version", "-o", "table").assertOk().out()
        : Cli.run("version").assertOk().out();
    assertThat(direct).isEqualTo(command).startsWith("meshctl version ");
  }

  @Test
  void commandsThatNeedNoClusterLoadNoClientOrCryptoClasses() throws IOException {
    assumeTrue(isLauncherScript(), "class loading is a JVM property");
    Path deployment = Files.writeString(tmp.resolve("deployment.yaml"), DEPLOYMENT);
    List<List<String>> commands = List.of(List.of("version"), List.of("version", "-o", "json"), List.of("--help"),
        List.of("completion", "bash"), List.of("inject", "-f", deployment.toString()),
        List.of("authn", "tls-check", "--all", "-f", deployment.toString()),
        List.of("route", "show", "training", "-f", deployment.toString()));
    for (List<String> args : commands) {
      List<String> loaded = classesLoaded(Launcher.binary(), args.toArray(String[]::new));
      assertThat(loaded).as("classes loaded by meshctl %s", args).anyMatch(l -> l.contains("io.meshctl.cli.Main "));
      assertThat(loaded).as("client or crypto classes loaded by meshctl %s", args)
          .noneMatch(l -> HEAVY.matcher(l).find());
    }
  }

  /**
   * A kubeconfig with a token (what the mock's is) goes through the JDK's HTTP client: a live
   * command reads the cluster without loading fabric8, vert.x, netty or BouncyCastle.
   */
  @Test
  void liveCommandsWithAPlainKubeconfigLoadNoClientOrCryptoClasses() throws IOException {
    assumeTrue(isLauncherScript(), "class loading is a JVM property");
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      cluster.seed(Examples.path("wordpress")).seed(Examples.path("mesh-current/wordpress-gateway.yaml"))
          .seed(Examples.path("mesh-current/mtls-peerauthentication.yaml")).seed(POD);
      String kc = cluster.writeKubeconfig(tmp).toString();
      for (List<String> args : List.of(List.of("route", "show", "wordpress", "--kubeconfig", kc),
          List.of("authn", "tls-check", "wordpress-7d4b9c7f5-x2x9q", "--kubeconfig", kc))) {
        Path log = Files.createTempFile(tmp, "classes", ".log");
        CommandRun run = run(Launcher.binary(), Map.of("MESHCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
            args.toArray(String[]::new));
        assertThat(run.exitCode()).as("meshctl %s: %s", args, run.err()).isIn(0, ExitCodes.CHECK_FAILED);
        assertThat(run.out()).as("meshctl %s read the cluster", args).contains("wordpress");
        assertThat(Files.readAllLines(log)).as("client or crypto classes loaded by meshctl %s", args)
            .noneMatch(l -> HEAVY.matcher(l).find());
      }
    }
  }

  /**
   * The launcher picks the archive of the HTTP path the kubeconfig will take: the JDK client's for
   * a token, fabric8's when the kubeconfig needs fabric8 (here tls-server-name).
   */
  @Test
  void liveCommandsUseTheArchiveOfTheirHttpPath() throws IOException {
    assumeTrue(isLauncherScript(), "class-data archives are for the JVM launcher");
    assumeTrue(System.getProperty("meshctl.train.skip") == null, "the build was told not to train");
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      cluster.seed(Examples.path("wordpress")).seed(Examples.path("mesh-current/wordpress-gateway.yaml"));
      String plain = cluster.writeKubeconfig(tmp).toString();
      String named = Files.writeString(tmp.resolve("named-kubeconfig"), """
          apiVersion: v1
          kind: Config
          clusters: [{name: c, cluster: {server: "%s", tls-server-name: api.internal}}]
          users: [{name: u, user: {token: t}}]
          contexts: [{name: c, context: {cluster: c, user: u}}]
          current-context: c
          """.formatted(cluster.url())).toString();
      assertThat(classesLoaded(Launcher.binary(), "route", "show", "wordpress", "--kubeconfig", plain))
          .anyMatch(l -> l.contains("io.meshctl.core.cluster.JdkTransport source: shared objects file"));
      assertThat(classesLoaded(Launcher.binary(), "route", "show", "wordpress", "--kubeconfig", named))
          .anyMatch(l -> l.contains("io.meshctl.core.cluster.Fabric8Transport source: shared objects file"))
          .anyMatch(l -> l.contains("io.fabric8.kubernetes.client.Config source: shared objects file"));
    }
  }

  @Test
  void hotFileCommandsSkipPicocliModelObjectMapperAndSnakeYaml() throws IOException {
    assumeTrue(isLauncherScript(), "class loading is a JVM property");
    Path deployment = Files.writeString(tmp.resolve("deployment.yaml"), DEPLOYMENT);
    // A plain manifest is read and written without SnakeYAML (SimpleYamlReader/Writer).
    Pattern slow = Pattern.compile(
        "picocli\\.CommandLine\\$Model\\$CommandSpec |jackson\\.databind\\.ObjectMapper |org\\.yaml\\.snakeyaml\\.");
    for (List<String> args : List.of(List.of("inject", "-f", deployment.toString()),
        List.of("authn", "tls-check", "web", "-f", deployment.toString()),
        List.of("route", "show", "web", "-f", deployment.toString()))) {
      List<String> loaded = classesLoaded(Launcher.binary(), args.toArray(String[]::new));
      assertThat(loaded).as("classes loaded by meshctl %s", args).anyMatch(l -> l.contains("io.meshctl.cli.FastPath "))
          .noneMatch(l -> slow.matcher(l).find());
    }
  }

  @Test
  void launcherUsesTheArchiveTheBuildTrained() throws IOException {
    assumeTrue(isLauncherScript(), "class-data archives are for the JVM launcher");
    assumeTrue(System.getProperty("meshctl.train.skip") == null, "the build was told not to train");
    Path archive = archive(Launcher.binary().getParent(), "version");
    assertThat(archive).as("the archive the build trains for this JDK").exists();
    assertThat(classesLoaded(Launcher.binary(), "version"))
        .anyMatch(l -> l.contains("io.meshctl.cli.Main source: shared objects file"));
  }

  @Test
  void corruptOrStaleArchiveOnlyCostsSpeed() throws IOException {
    assumeTrue(isLauncherScript(), "class-data archives are for the JVM launcher");
    // A copy of the distribution whose jar is newer than any archive made for it
    Path home = Launcher.binary().getParent();
    Path dist = Files.createDirectories(tmp.resolve("dist"));
    Files.copy(home.resolve("meshctl"), dist.resolve("meshctl"));
    Files.copy(home.resolve("meshctl.jar"), dist.resolve("meshctl.jar"));
    Files.createSymbolicLink(dist.resolve("lib"), home.resolve("lib"));
    Files.createDirectories(dist.resolve("cds"));
    Path launcher = dist.resolve("meshctl");
    String expected = Cli.run("version", "-o", "json").assertOk().out();

    Files.write(archive(dist, "version"), new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'a', 'r', 'c', 'h', 'i', 'v', 'e'});
    CommandRun corrupt = run(launcher, Map.of(), "version", "-o", "json").assertOk();
    assertThat(corrupt.out()).isEqualTo(expected);
    assertThat(corrupt.err()).isEmpty();

    Path trained = archive(home, "version");
    assumeTrue(Files.exists(trained), "no trained archive to make stale");
    Files.delete(archive(dist, "version"));
    Files.copy(trained, archive(dist, "version"));
    CommandRun stale = run(launcher, Map.of(), "version", "-o", "json").assertOk();
    assertThat(stale.out()).isEqualTo(expected);
    assertThat(stale.err()).isEmpty();
    assertThat(classesLoaded(launcher, "version")).as("a stale archive is not used")
        .noneMatch(l -> l.contains("io.meshctl.cli.Main source: shared objects file"));
  }

  /** The archive the launcher looks for: named after this JDK's exact version, .aot from JDK 25. */
  private static Path archive(Path dist, String workload) {
    String suffix = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
    return dist.resolve("cds").resolve(workload + "-" + System.getProperty("java.version") + suffix);
  }

  private List<String> classesLoaded(Path launcher, String... args) throws IOException {
    Path log = Files.createTempFile(tmp, "classes", ".log");
    run(launcher, Map.of("MESHCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), args);
    return Files.readAllLines(log);
  }

  /** Runs with this test's JDK, so the archive names above match. */
  private static CommandRun run(Path launcher, Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.put("JAVA_HOME", System.getProperty("java.home"));
    return Launcher.run(launcher, null, all, null, args);
  }

  private static boolean isLauncherScript() {
    return !Launcher.isNative();
  }
}
