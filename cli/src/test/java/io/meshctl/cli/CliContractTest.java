package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.command.CompletionCommand;
import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.ManifestReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliContractTest {

  @Test
  void helpListsEveryCommand() {
    CommandRun run = Cli.run("--help").assertOk();
    assertThat(run.out()).contains("inject", "authn", "cert", "route", "version", "completion");
    assertThat(run.out()).contains("79 a check found problems");
    assertThat(run.err()).isEmpty();
  }

  static Stream<String> everyCommand() {
    List<String> names = new ArrayList<>();
    collect(Main.fullCommandLine(), names);
    return names.stream();
  }

  private static void collect(CommandLine cmd, List<String> names) {
    if (!cmd.getCommandName().equals("help")) {
      names.add(cmd.getCommandSpec().qualifiedName(" "));
    }
    cmd.getSubcommands().values().stream().distinct().forEach(c -> collect(c, names));
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyCommandHasHelp(String qualified) {
    List<String> args = new ArrayList<>(List.of(qualified.split(" ")).subList(1, qualified.split(" ").length));
    args.add("--help");
    CommandRun run = Cli.run(args.toArray(String[]::new)).assertOk();
    assertThat(run.out()).startsWith("Usage: " + qualified);
  }

  @Test
  void commandTreeHasTheDesignedCommands() {
    assertThat(everyCommand()).contains("meshctl inject", "meshctl authn tls-check", "meshctl cert issue root-ca",
        "meshctl cert issue intermediate-ca", "meshctl cert issue server", "meshctl cert issue workload",
        "meshctl cert upload", "meshctl cert inspect", "meshctl route set-weight", "meshctl route show",
        "meshctl version", "meshctl completion");
  }

  @Test
  void unknownCommandIsUsageWithSuggestion() {
    CommandRun run = Cli.run("injct", "-f", "x.yaml").assertExit(64);
    assertThat(run.err()).contains("Unmatched argument", "Did you mean: meshctl inject", "See 'meshctl --help'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unknownFlagIsUsageNamingTheCommand() {
    CommandRun run = Cli.run("version", "--frobnicate").assertExit(64);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'", "See 'meshctl version --help'");
  }

  @Test
  void badOutputFormatIsUsage() {
    CommandRun run = Cli.run("version", "-o", "xml").assertExit(64);
    assertThat(run.err()).contains("expected one of [table, json, yaml]");
  }

  @Test
  void versionPrintsJsonAndYaml() {
    CommandRun json = Cli.run("version", "--client", "-o", "json").assertOk();
    var tree = ManifestReader.parse(json.out(), "version.json").get(0).tree();
    assertThat(tree.path("clientVersion").path("version").asText()).isEqualTo(VersionProvider.version()).isNotEqualTo("unknown");
    assertThat(tree.path("clientVersion").path("java").asText()).isEqualTo(Runtime.version().toString());
    assertThat(tree.path("inject").path("release").asText()).isEqualTo("1.27.0");
    assertThat(tree.has("meshVersion")).as("--client reads no cluster").isFalse();
    CommandRun yaml = Cli.run("version", "--client", "-o", "yaml").assertOk();
    assertThat(ManifestReader.parse(yaml.out(), "version.yaml").get(0).tree()).isEqualTo(tree);
    assertThat(Cli.run("version", "--client").assertOk().out()).startsWith("meshctl version " + VersionProvider.version());
  }

  @Test
  void completionScriptsComeFromTheCommandModel() {
    String bash = Cli.run("completion", "bash").assertOk().out();
    assertThat(bash).contains("complete -F _complete_meshctl", "tls-check", "set-weight", "intermediate-ca");
    assertThat(bash).isEqualTo(CompletionCommand.script(CompletionCommand.Shell.bash));
    String zsh = Cli.run("completion", "zsh").assertOk().out();
    assertThat(zsh).startsWith("#compdef meshctl").contains("bashcompinit");
    assertThat(Cli.run("completion", "fish").assertOk().out()).isEqualTo(CompletionCommand.script(CompletionCommand.Shell.fish));
    assertThat(Cli.run("completion", "tcsh").assertExit(64).err()).contains("expected one of [bash, zsh, fish]");
  }

  /** A test-only command that fails the way core does, to check the one exception path. */
  @Command(name = "fail")
  static final class Fail implements Callable<Integer> {
    RuntimeException toThrow;

    @Override
    public Integer call() {
      throw toThrow;
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new MeshctlException.InvalidInput("deploy.yaml:3: bad"), 65),
        Arguments.of(new MeshctlException.NotFound("pod wordpress not found in default"), 66),
        Arguments.of(new MeshctlException.Unavailable("cannot reach", null), 69),
        Arguments.of(new MeshctlException.CannotWrite("out.yaml exists"), 73),
        Arguments.of(new MeshctlException.Conflict("changed", null), 75),
        Arguments.of(new MeshctlException.Forbidden("forbidden", null), 77),
        Arguments.of(new MeshctlException.Usage("--a and --b together"), 64),
        Arguments.of(new NotImplemented("x", 9), 1),
        Arguments.of(new IllegalStateException("boom\nsecond line"), 1));
  }

  private static CommandRun runFailing(RuntimeException e, String... args) {
    MeshctlCommand root = new MeshctlCommand().env(new Env(System.in, java.util.Map.of("NO_COLOR", "1")));
    Fail fail = new Fail();
    fail.toThrow = e;
    CommandLine cmd = new CommandLine(root).addSubcommand("fail", fail);
    ErrorHandler h = new ErrorHandler();
    cmd.setExecutionExceptionHandler(h).setParameterExceptionHandler(h);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @MethodSource("failures")
  void exceptionsMapToTheExitCodeTableWithOneLine(RuntimeException e, int code) {
    CommandRun run = runFailing(e, "fail").assertExit(code);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ");
    assertThat(ExitCodes.of(e)).isEqualTo(e instanceof NotImplemented ? 1 : code);
  }

  @Test
  void bugsSayHowToReport() {
    CommandRun run = runFailing(new NullPointerException("x"), "fail").assertExit(1);
    assertThat(run.err()).contains("internal error: NullPointerException: x", "re-run with -v");
  }

  @Test
  void verboseAddsTheStackTraceBeforeOrAfterTheCommand() {
    RuntimeException e = new MeshctlException.NotFound("pod x not found");
    assertThat(runFailing(e, "-v", "fail").err()).contains("error: pod x not found", "\tat ");
    assertThat(runFailing(e, "fail", "-v").err()).contains("\tat ");
  }
}
