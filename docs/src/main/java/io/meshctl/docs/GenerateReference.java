package io.meshctl.docs;

import io.meshctl.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Writes the command reference as Markdown: one page per command holding its exact --help text,
 * and an index. Generated in the build from the same model the CLI runs, so it cannot go stale.
 */
public final class GenerateReference {

  private GenerateReference() {
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    List<CommandLine> commands = new ArrayList<>();
    collect(Main.fullCommandLine(), commands);
    StringBuilder index = new StringBuilder("# meshctl command reference\n\n"
        + "Generated from the command model by the build; `meshctl COMMAND --help` prints the same.\n\n");
    for (CommandLine cmd : commands) {
      String qualified = cmd.getCommandSpec().qualifiedName(" ");
      String file = qualified.replace(' ', '_') + ".md";
      String summary = cmd.getCommandSpec().usageMessage().description().length > 0
          ? cmd.getCommandSpec().usageMessage().description()[0] : "";
      index.append("- [`").append(qualified).append("`](").append(file).append(") — ").append(summary).append('\n');
      cmd.setUsageHelpAutoWidth(false);
      cmd.setUsageHelpWidth(80); // as a terminal shows it; HelpLayoutTest holds every page to it
      String page = "# " + qualified + "\n\n" + summary + "\n\n```\n" + cmd.getUsageMessage(CommandLine.Help.Ansi.OFF)
          + "```\n\n[All commands](index.md) · [Exit codes](../../exit-codes.md)\n";
      Files.writeString(out.resolve(file), page);
    }
    Files.writeString(out.resolve("index.md"), index.toString());
  }

  private static void collect(CommandLine cmd, List<CommandLine> into) {
    if (cmd.getCommandName().equals("help") || cmd.getCommandSpec().usageMessage().hidden()) {
      return;
    }
    into.add(cmd);
    cmd.getSubcommands().values().stream().distinct().forEach(c -> collect(c, into));
  }
}
