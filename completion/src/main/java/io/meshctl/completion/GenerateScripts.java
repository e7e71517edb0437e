package io.meshctl.completion;

import io.meshctl.cli.command.CompletionCommand;
import io.meshctl.cli.command.CompletionCommand.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code meshctl.bash}, {@code _meshctl} (zsh) and {@code meshctl.fish}: the same text {@code meshctl completion} prints. */
public final class GenerateScripts {

  private GenerateScripts() {
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    Files.writeString(out.resolve("meshctl.bash"), CompletionCommand.script(Shell.bash));
    Files.writeString(out.resolve("_meshctl"), CompletionCommand.script(Shell.zsh));
    Files.writeString(out.resolve("meshctl.fish"), CompletionCommand.script(Shell.fish));
  }
}
