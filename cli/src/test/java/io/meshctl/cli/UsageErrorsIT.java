package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors through the packaged CLI: exit 64, nothing on stdout, and exactly the stderr lines a
 * user needs to fix the command line.
 */
class UsageErrorsIT {

  @TempDir
  Path dir;

  private CommandRun meshctl(String stdin, String... args) {
    return Launcher.run(stdin, Map.of("NO_COLOR", "1"), dir, args);
  }

  private void assertUsageError(String expectedErr, String... args) {
    CommandRun run = meshctl(null, args).assertExit(64);
    assertThat(run.err()).isEqualTo(expectedErr);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aCommandMissingItsArgumentsExits64AndSaysWhatIsMissing() {
    String route = "error: Missing required parameters: 'HOST', 'SUBSET=WEIGHT...' (e.g. meshctl route wordpress "
        + "v1=90 v2=10; to see the current split: meshctl route show HOST)\nSee 'meshctl route --help'.\n";
    assertUsageError(route, "route");
    // a root option with its value before the subcommand changes nothing
    assertUsageError(route, "--kubeconfig", "nowhere.yaml", "route");
    assertUsageError("error: Missing required parameter: 'SUBSET=WEIGHT...' (e.g. meshctl route wordpress v1=90 "
        + "v2=10; to see the current split: meshctl route show HOST)\nSee 'meshctl route set-weight --help'.\n",
        "route", "set-weight", "wordpress");
    assertUsageError("error: Missing required subcommand: root-ca|intermediate-ca|server|workload\n"
        + "See 'meshctl cert issue --help'.\n", "cert", "issue");
    assertUsageError("error: Missing required subcommand: tls-check\nSee 'meshctl authn --help'.\n", "authn");
  }

  @Test
  void anUnknownOptionIsNamedBeforeAMissingRequiredOne() {
    assertUsageError("error: Unknown option: '--bogus'\nSee 'meshctl inject --help'.\n", "inject", "--bogus");
    assertUsageError("error: Unknown option: '--bogus'\nSee 'meshctl cert upload --help'.\n", "cert", "upload",
        "--bogus");
  }

  @Test
  void dryRunTakesKubectlsValues() {
    assertUsageError("error: Invalid value for option '--dry-run': expected one of [none, client, server] "
        + "(case-insensitive) but was 'maybe'\nSee 'meshctl route --help'.\n", "route", "--dry-run=maybe",
        "wordpress", "v1=100");
  }

  @Test
  void helpShowsNestedCommands() {
    CommandRun show = meshctl(null, "help", "route", "show").assertOk();
    assertThat(show.out()).startsWith("Usage: meshctl route show ").isEqualTo(meshctl(null, "route", "show", "--help")
        .assertOk().out());
    assertUsageError("error: Unknown command: 'nope' is not a command of 'meshctl route'\n"
        + "See 'meshctl route --help'.\n", "help", "route", "nope");
  }

  @Test
  void standardInputIsReadOnceOnly() {
    assertUsageError("error: only one of --cert, --key and --ca can be '-' (standard input is read once): give the "
        + "others as files\n", "cert", "upload", "--cert", "-", "--key", "-", "--dry-run");
  }

  @Test
  void certInspectReadsStandardInput() {
    meshctl(null, "cert", "issue", "root-ca", "--cert", "ca.pem", "--key", "ca.key").assertOk();
    String pem = meshctl(null, "cert", "inspect", "ca.pem").assertOk().out();
    CommandRun piped = meshctl(read("ca.pem"), "cert", "inspect", "-").assertOk();
    assertThat(piped.out()).isEqualTo(pem).contains("certificate 1 of 1 (CA)");
    CommandRun empty = meshctl("", "cert", "inspect", "-").assertExit(65);
    assertThat(empty.err()).startsWith("error: <stdin>");
  }

  private String read(String file) {
    try {
      return java.nio.file.Files.readString(dir.resolve(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
