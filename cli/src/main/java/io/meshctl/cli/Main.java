package io.meshctl.cli;

import io.meshctl.cli.command.CompletionCommand;
import io.meshctl.cli.command.InjectCommand;
import io.meshctl.cli.command.VersionCommand;
import io.meshctl.cli.command.authn.AuthnCommand;
import io.meshctl.cli.command.cert.CertCommand;
import io.meshctl.cli.command.route.RouteCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point. Only the subcommand named on the command line is registered: picocli reflects over
 * every registered command class at start-up, and a CLI that scripts call hundreds of times should
 * not pay for the ones it does not run. Help, completion and typos get the whole tree.
 */
public final class Main {

  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("inject", InjectCommand::new);
    COMMANDS.put("authn", AuthnCommand::new);
    COMMANDS.put("cert", CertCommand::new);
    COMMANDS.put("route", RouteCommand::new);
    COMMANDS.put("version", VersionCommand::new);
    COMMANDS.put("completion", CompletionCommand::new);
  }

  private Main() {
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, false);
    PrintWriter err = new PrintWriter(System.err, true);
    int rc = run(Env.system(), out, err, args);
    out.flush();
    err.flush();
    System.exit(rc);
  }

  /** Runs one invocation; tests call this with their own streams and environment. */
  public static int run(Env env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine(env, firstCommand(args));
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd.execute(args);
  }

  /** The full command tree, for help, completion scripts and the generated reference. */
  public static CommandLine fullCommandLine() {
    return commandLine(Env.system(), null);
  }

  private static CommandLine commandLine(Env env, String only) {
    CommandLine cmd = new CommandLine(new MeshctlCommand().env(env));
    if (only != null && COMMANDS.containsKey(only)) {
      cmd.addSubcommand(only, COMMANDS.get(only).get());
    } else {
      COMMANDS.forEach((name, factory) -> cmd.addSubcommand(name, factory.get()));
      cmd.addSubcommand("help", new CommandLine.HelpCommand());
    }
    ErrorHandler handler = new ErrorHandler();
    cmd.setExecutionExceptionHandler(handler);
    cmd.setParameterExceptionHandler(handler);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    return cmd;
  }

  /** The first argument that is not an option: the subcommand, if the user named one. */
  private static String firstCommand(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }
}
