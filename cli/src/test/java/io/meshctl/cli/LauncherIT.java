package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.ManifestReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged launcher, run as a process the way users and scripts run it. */
class LauncherIT {

  @Test
  void versionAsJson() {
    CommandRun run = Launcher.run("version", "--client", "-o", "json").assertOk();
    var tree = ManifestReader.parse(run.out(), "version.json").get(0).tree();
    assertThat(tree.path("clientVersion").path("version").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void helpAndUnknownCommand() {
    assertThat(Launcher.run("--help").assertOk().out()).contains("inject", "authn", "cert", "route");
    CommandRun bad = Launcher.run("rout", "show", "wordpress").assertExit(64);
    assertThat(bad.err()).contains("Did you mean: meshctl route");
    assertThat(bad.out()).isEmpty();
  }

  /** Only the named subcommand is built; root flags before it must not hide which one that is. */
  @Test
  void rootFlagsBeforeTheSubcommand() {
    String plain = Launcher.run("version", "--client", "-o", "json").assertOk().out();
    assertThat(Launcher.run("-q", "version", "--client", "-o", "json").assertOk().out()).isEqualTo(plain);
    assertThat(Launcher.run("--verbose", "-q", "version", "--client", "-o", "json").assertOk().out()).isEqualTo(plain);
    CommandRun stdin = Launcher.run("kind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n",
        Map.of(), null, "-v", "inject", "-f", "-").assertOk();
    assertThat(stdin.out()).contains("kind: ConfigMap");
    // a flag the root does not have: picocli sees the whole tree and names the flag
    CommandRun unknown = Launcher.run("--bogus", "inject", "-f", "-").assertExit(64);
    assertThat(unknown.err()).startsWith("error: Unknown option: '--bogus'");
  }

  @Test
  void completionBash() {
    assertThat(Launcher.run("completion", "bash").assertOk().out()).contains("complete -F _complete_meshctl");
  }

  @Test
  void runsWithJavaHomeJava() {
    assumeFalse(Launcher.isNative(), "a native binary runs no java");
    String javaHome = System.getProperty("java.home");
    CommandRun run = Launcher.run(null, Map.of("JAVA_HOME", javaHome), null, "version", "--client", "-o", "json").assertOk();
    assertThat(run.out()).contains("\"java\" : \"" + Runtime.version() + "\"");
  }
}
