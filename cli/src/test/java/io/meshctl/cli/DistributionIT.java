package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code mvn package} makes, as a user installs it: unpacked into a directory of its
 * own (with a space in the path), run there and through a symbolic link from another directory.
 */
class DistributionIT {

  @TempDir
  Path tmp;

  private static Path archive() throws IOException {
    Path target = Path.of(System.getProperty("meshctl.dist.dir", "target"));
    try (var files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().matches("meshctl-.+\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no meshctl-<version>.tar.gz in " + target.toAbsolutePath()));
    }
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void unpackedAnywhereAndLinkedFromPathEveryCommandWorks() throws Exception {
    assumeFalse(Launcher.isNative(), "the JVM distribution");
    Path archive = archive().toAbsolutePath();
    String listing = run(tmp, "tar", "tzf", archive.toString());
    String top = archive.getFileName().toString().replace(".tar.gz", "");
    assertThat(listing.lines().toList()).contains(top + "/bin/meshctl", top + "/lib/meshctl.jar", top + "/LICENSE",
        top + "/completion/meshctl.bash", top + "/completion/_meshctl", top + "/completion/meshctl.fish",
        top + "/man/man1/meshctl.1", top + "/man/man1/meshctl-authn-tls-check.1");
    assertThat(listing).as("build-only jars stay out").doesNotContain("picocli-codegen");

    Path install = Files.createDirectories(tmp.resolve("opt dir"));
    run(install, "tar", "xzf", archive.toString());
    Path unpacked = install.resolve(top).resolve("bin/meshctl");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("meshctl"), unpacked);
    // a link to the link, relative, as package managers make them
    Path relative = Files.createSymbolicLink(tmp.resolve("m"), tmp.relativize(link));

    String example = Examples.path("wordpress").toString();
    String expected = Launcher.run("inject", "-f", example).assertOk().out();
    for (Path meshctl : List.of(unpacked, link, relative)) {
      CommandRun version = Launcher.run(meshctl, null, Map.of(), tmp, "version", "--client").assertOk();
      assertThat(version.out()).as("version through %s", meshctl).startsWith("meshctl version ")
          .contains("inject: Istio ");
      CommandRun inject = Launcher.run(meshctl, null, Map.of(), tmp, "inject", "-f", example).assertOk();
      assertThat(inject.out()).as("inject through %s", meshctl).isEqualTo(expected);
    }
    // a copy, not a link, says what to do instead of failing with a Java stack trace
    Path copy = Files.copy(unpacked, tmp.resolve("copied-meshctl"));
    CommandRun copied = Launcher.run(copy, null, Map.of(), tmp, "version", "--client").assertExit(1);
    assertThat(copied.err()).contains("link the launcher").doesNotContain("Exception");
  }
}
