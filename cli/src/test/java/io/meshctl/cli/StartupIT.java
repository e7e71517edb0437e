package io.meshctl.cli;

import static io.meshctl.cli.testing.Fixtures.DEPLOYMENT;
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
 * What start-up costs a user: commands that need no cluster never load fabric8's client or
 * BouncyCastle, the launcher uses the archive the build trained for the command, and a missing,
 * corrupt or stale archive changes nothing but speed. The JVM-specific checks are skipped for a
 * native binary.
 */
class StartupIT {

  private static final Pattern HEAVY = Pattern.compile("\\b(io\\.fabric8|io\\.vertx|io\\.netty|org\\.bouncycastle)\\.");

  @TempDir
  Path tmp;

  @Test
  void commandsThatNeedNoClusterLoadNoClientOrCryptoClasses() throws IOException {
    assumeTrue(isLauncherScript(), "class loading is a JVM property");
    Path deployment = Files.writeString(tmp.resolve("deployment.yaml"), DEPLOYMENT);
    List<List<String>> commands = List.of(List.of("version", "--client"), List.of("version", "--client", "-o", "json"), List.of("--help"),
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

  /** Live commands map fabric8's client, the only way to the API server, from the cluster archive. */
  @Test
  void liveCommandsUseTheClusterArchive() throws IOException {
    assumeTrue(isLauncherScript(), "class-data archives are for the JVM launcher");
    assumeTrue(System.getProperty("meshctl.train.skip") == null, "the build was told not to train");
    try (MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT)) {
      cluster.seed(Examples.path("wordpress")).seed(Examples.path("mesh-current/wordpress-gateway.yaml"));
      String kc = cluster.writeKubeconfig(tmp).toString();
      assertThat(classesLoaded(Launcher.binary(), "route", "show", "wordpress", "--kubeconfig", kc))
          .anyMatch(l -> l.contains("io.meshctl.core.cluster.Kube source: shared objects file"))
          .anyMatch(l -> l.contains("io.fabric8.kubernetes.client.Config source: shared objects file"));
    }
  }

  @Test
  void launcherUsesTheArchiveTheBuildTrained() throws IOException {
    assumeTrue(isLauncherScript(), "class-data archives are for the JVM launcher");
    assumeTrue(System.getProperty("meshctl.train.skip") == null, "the build was told not to train");
    Path archive = archive(Launcher.binary().getParent(), "version");
    assertThat(archive).as("the archive the build trains for this JDK").exists();
    assertThat(classesLoaded(Launcher.binary(), "version", "--client"))
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
    String expected = Cli.run("version", "--client", "-o", "json").assertOk().out();

    Files.write(archive(dist, "version"), new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'a', 'r', 'c', 'h', 'i', 'v', 'e'});
    CommandRun corrupt = run(launcher, Map.of(), "version", "--client", "-o", "json").assertOk();
    assertThat(corrupt.out()).isEqualTo(expected);
    assertThat(corrupt.err()).isEmpty();

    Path trained = archive(home, "version");
    assumeTrue(Files.exists(trained), "no trained archive to make stale");
    Files.delete(archive(dist, "version"));
    Files.copy(trained, archive(dist, "version"));
    CommandRun stale = run(launcher, Map.of(), "version", "--client", "-o", "json").assertOk();
    assertThat(stale.out()).isEqualTo(expected);
    assertThat(stale.err()).isEmpty();
    assertThat(classesLoaded(launcher, "version", "--client")).as("a stale archive is not used")
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
