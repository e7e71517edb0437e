package io.meshctl.cli;

import io.meshctl.cli.render.Ansi;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one exception path: a failure becomes one line on stderr and an exit code from the table.
 * The stack trace is printed only with -v, and for bugs the line says so.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException given, String[] args) {
    ParameterException ex = unknownFirst(given);
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(ansi(cmd).red("error:") + " " + oneLine(message(ex)));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * picocli checks required options before it reports arguments it did not recognise, so
   * {@code inject --bogus} would say "missing --filename". The unknown option is the user's mistake
   * (often a typo of the very option reported missing): name it first.
   */
  private static ParameterException unknownFirst(ParameterException ex) {
    if (ex instanceof MissingParameterException) {
      for (CommandLine c = ex.getCommandLine(); c != null; c = c.getParent()) {
        List<String> unmatched = c.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
          return new UnmatchedArgumentException(c, unmatched);
        }
      }
    }
    return ex;
  }

  /** A missing subcommand is named with its choices: {@code cert issue} lists root-ca|intermediate-ca|.... */
  private static String message(ParameterException ex) {
    CommandLine cmd = ex.getCommandLine();
    Object command = cmd.getCommand();
    // what picocli throws when a command that only groups others is run on its own
    boolean groupOnly = !(command instanceof Runnable || command instanceof java.util.concurrent.Callable<?>);
    if (ex.getClass() == ParameterException.class && groupOnly && !cmd.getSubcommands().isEmpty()) {
      List<String> names = new ArrayList<>();
      cmd.getSubcommands().forEach((name, sub) -> {
        if (!sub.getCommandSpec().helpCommand() && name.equals(sub.getCommandName()) && !names.contains(name)) {
          names.add(name);
        }
      });
      return ex.getMessage() + ": " + String.join("|", names);
    }
    return ex.getMessage();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    return report(ex, MeshctlCommand.of(cmd.getCommandSpec()), cmd.getErr());
  }

  /** A command's failure: one line on {@code err} (and the stack trace under -v); the exit code. */
  static int report(Exception ex, MeshctlCommand root, PrintWriter err) {
    int code = ExitCodes.of(ex);
    String message;
    if (ex instanceof NotImplemented) {
      message = ex.getMessage();
    } else if (code == ExitCodes.INTERNAL) {
      message = "internal error: " + describe(ex)
          + " (this is a bug in meshctl: re-run with -v for the stack trace and report it)";
    } else {
      message = ex.getMessage();
    }
    err.println(root.ansi().red("error:") + " " + oneLine(message));
    if (root.verbosity().verbose()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static Ansi ansi(CommandLine cmd) {
    Object root = cmd.getCommandSpec().root().userObject();
    return root instanceof MeshctlCommand m ? m.ansi() : new Ansi(false);
  }

  private static String describe(Throwable ex) {
    String m = ex.getMessage();
    return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Error output is one line, whatever a library put in its message. */
  static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
