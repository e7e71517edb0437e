package io.meshctl.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code meshctl help [COMMAND...]}: the help of a command at any depth ({@code help route show}),
 * as {@code meshctl route show --help} prints it. picocli's own help command looks up one name only
 * and shows the parent's help for the rest.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command: meshctl help route show.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. route show.")
  List<String> names = List.of();

  private CommandLine self;
  private ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : names) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null || sub.getCommandSpec().helpCommand()) {
        throw new ParameterException(target, "Unknown command: '" + name + "' is not a command of '"
            + target.getCommandSpec().qualifiedName() + "'", null, name);
      }
      target = sub;
    }
    target.usage(out, colors);
  }
}
