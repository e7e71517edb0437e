package io.meshctl.cli.command;

import io.meshctl.cli.Main;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion",
    description = {"Print a shell completion script for meshctl.", "",
        "bash:  source <(meshctl completion bash)    (or save it in /etc/bash_completion.d/meshctl)",
        "zsh:   source <(meshctl completion zsh)     (uses zsh's bashcompinit)"})
public final class CompletionCommand implements Callable<Integer> {

  /** Shells with a script; lower case as users type them. */
  public enum Shell {
    bash, zsh
  }

  @Parameters(paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(script(shell));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The script, generated from the full command model; the build writes the same to completion/target. */
  public static String script(Shell shell) {
    String bash = AutoComplete.bash("meshctl", Main.fullCommandLine());
    if (shell == Shell.zsh) {
      // picocli's script sets up bashcompinit itself when $ZSH_VERSION is set
      return "#compdef meshctl\n# zsh completion for meshctl: source <(meshctl completion zsh)\n" + bash;
    }
    return bash;
  }
}
