package io.meshctl.cli;

import io.meshctl.cli.command.CompletionCommand;
import io.meshctl.cli.command.CompletionCommand.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The build's generator of the distribution's collateral (not a user command; picocli-codegen is on
 * the build's class path only): the completion scripts {@code meshctl completion} prints, and one
 * man page source per command from picocli's ManPageGenerator (AsciiDoc, turned into troff by the
 * build), all from the full command model.
 */
public final class Collateral {

  private Collateral() {
  }

  /** {@code Collateral DIR}: writes DIR/completion/{meshctl.bash,_meshctl,meshctl.fish} and DIR/man-adoc/*.adoc. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Path completion = Files.createDirectories(out.resolve("completion"));
    Files.writeString(completion.resolve("meshctl.bash"), CompletionCommand.script(Shell.bash));
    Files.writeString(completion.resolve("_meshctl"), CompletionCommand.script(Shell.zsh));
    Files.writeString(completion.resolve("meshctl.fish"), CompletionCommand.script(Shell.fish));
    Path man = Files.createDirectories(out.resolve("man-adoc"));
    int rc = ManPageGenerator.generateManPage(man.toFile(), null, new boolean[0], true,
        Main.fullCommandLine().getCommandSpec());
    if (rc != 0) {
      throw new IllegalStateException("ManPageGenerator failed with " + rc);
    }
  }
}
