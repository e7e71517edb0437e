package io.meshctl.cli;

import io.meshctl.cli.command.AnalyzeCommand;
import io.meshctl.cli.command.CheckInjectCommand;
import io.meshctl.cli.command.CompleteCommand;
import io.meshctl.cli.command.CompletionCommand;
import io.meshctl.cli.command.InjectCommand;
import io.meshctl.cli.command.ProxyStatusCommand;
import io.meshctl.cli.command.VersionCommand;
import io.meshctl.cli.command.authn.AuthnCommand;
import io.meshctl.cli.command.cert.CertCommand;
import io.meshctl.cli.command.describe.DescribeCommand;
import io.meshctl.cli.command.route.RouteCommand;
import io.meshctl.cli.render.WordWrapHelp;
import io.meshctl.core.MeshctlException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Entry point. Only the subcommand named on the command line is registered: picocli reflects over
 * every registered command class at start-up, and a CLI that scripts call hundreds of times should
 * not pay for the ones it does not run. Help, completion, typos and any line whose subcommand is not
 * certain get the whole tree.
 */
public final class Main {

  private Main() {
  }

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("inject", InjectCommand::new);
    commands.put("authn", AuthnCommand::new);
    commands.put("cert", CertCommand::new);
    commands.put("route", RouteCommand::new);
    commands.put("analyze", AnalyzeCommand::new);
    commands.put("check-inject", CheckInjectCommand::new);
    commands.put("proxy-status", ProxyStatusCommand::new);
    commands.put("describe", DescribeCommand::new);
    commands.put("version", VersionCommand::new);
    commands.put("completion", CompletionCommand::new);
    commands.put("__complete", CompleteCommand::new);
    return commands;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new Stdout(), false);
    PrintWriter err = new PrintWriter(System.err, true);
    int rc = run(Env.system(), out, err, args);
    err.flush();
    System.exit(rc);
  }

  /**
   * Runs one invocation; tests call this with their own streams and environment. A failure to write
   * {@code out} ({@link Stdout} throws it from wherever a command or picocli's help was writing)
   * ends the run like any other error: one line on {@code err}, exit 73. Output still buffered when
   * the command returns is flushed here, so its failure is caught the same way.
   */
  public static int run(Env env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine(env, args);
    cmd.setOut(out);
    cmd.setErr(err);
    int rc = cmd.execute(args);
    try {
      out.flush();
    } catch (MeshctlException.CannotWrite e) {
      return ErrorHandler.report(e, (MeshctlCommand) cmd.getCommand(), err);
    }
    return rc;
  }

  /** The full command tree, for help, completion scripts and the generated reference. */
  public static CommandLine fullCommandLine() {
    return commandLine(Env.system(), new String[0]);
  }

  private static CommandLine commandLine(Env env, String[] args) {
    // picocli's DefaultFactory looks for Groovy's Closure class, a miss that opens every jar on the
    // class path (~25 ms), and registers java.sql converters, which loads that module; meshctl needs
    // neither. Set before picocli's classes initialise, unless the user set them.
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.sql\\..*");
    }
    CommandLine cmd = new CommandLine(new MeshctlCommand().env(env));
    Map<String, Supplier<Object>> commands = commands();
    String only = subcommand(cmd, args);
    if (only != null && commands.containsKey(only)) {
      cmd.addSubcommand(only, commands.get(only).get());
    } else {
      commands.forEach((name, factory) -> cmd.addSubcommand(name, factory.get()));
      cmd.addSubcommand("help", new HelpCommand());
    }
    ErrorHandler handler = new ErrorHandler();
    cmd.setExecutionStrategy(Main::execute);
    cmd.setExecutionExceptionHandler(handler);
    cmd.setParameterExceptionHandler(handler);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setHelpFactory(WordWrapHelp::new);
    int columns = columns(env);
    if (columns > 0) {
      // as ls and git do: COLUMNS, when exported, wins over asking the terminal
      cmd.setUsageHelpAutoWidth(false);
      cmd.setUsageHelpWidth(Math.max(MIN_HELP_WIDTH, columns));
    } else {
      cmd.setUsageHelpAutoWidth(true);
    }
    return cmd;
  }

  /** picocli's narrowest help. */
  private static final int MIN_HELP_WIDTH = 55;

  /** {@code COLUMNS} from the environment, or 0 when unset or not a number. */
  private static int columns(Env env) {
    String value = env.get("COLUMNS");
    try {
      return value == null ? 0 : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * picocli's own strategy, but help and version text that cannot be written fail like a command
   * does: picocli prints them outside the command and would turn the error into a stack trace.
   */
  private static int execute(ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (MeshctlException.CannotWrite e) {
      throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), e.getMessage(), e);
    }
  }

  /**
   * The subcommand the user named, or null when that is not certain. Only the root's own options
   * (as its annotations declare them, e.g. {@code -v} or {@code --kubeconfig FILE}) may come before
   * it: anything else there (an unknown option, {@code --}, an @file, clustered short flags) leaves
   * the decision to picocli over the whole tree, which then also gives the right error.
   */
  private static String subcommand(CommandLine root, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        return a.startsWith("@") ? null : a;
      }
      int eq = a.indexOf('=');
      OptionSpec o = root.getCommandSpec().findOption(a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a);
      if (o == null || o.arity().max() > 1 || o.arity().min() != o.arity().max()) {
        return null;
      }
      if (o.arity().max() == 1 && !(a.startsWith("--") && eq > 0)) {
        i++; // its value, e.g. --kubeconfig FILE
      }
    }
    return null;
  }

  /**
   * Standard output that reports write errors: {@link System#out} and {@link PrintWriter} both
   * swallow them, so {@code meshctl inject > /dev/full} would exit 0 with nothing written. An
   * unchecked exception passes through PrintWriter (it only catches IOException) and reaches the
   * error handler from whatever was writing.
   */
  private static final class Stdout extends Writer {

    private final Writer out = new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset());

    /** Set by the first failure, which is reported once; later writes go nowhere. */
    private boolean broken;

    @Override
    public void write(char[] buf, int off, int len) {
      if (broken) {
        return;
      }
      try {
        out.write(buf, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void flush() {
      if (broken) {
        return;
      }
      try {
        out.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() {
      flush();
    }

    private MeshctlException.CannotWrite failed(IOException e) {
      broken = true;
      return new MeshctlException.CannotWrite("cannot write to standard output: " + e.getMessage(), e);
    }

    /** What System.out encodes with (stdout.encoding from JDK 19), so the output bytes do not change. */
    private static Charset charset() {
      String name = System.getProperty("stdout.encoding");
      return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }
  }
}
