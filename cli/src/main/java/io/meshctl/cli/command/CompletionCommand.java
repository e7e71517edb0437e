package io.meshctl.cli.command;

import io.meshctl.cli.Main;
import io.meshctl.cli.options.Candidates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion",
    description = {"Print a shell completion script for meshctl. Pod, host and namespace names are completed "
        + "from the cluster (the kubeconfig, --context and -n on the command line being completed).", "",
        "bash:  source <(meshctl completion bash)    (or save it in /etc/bash_completion.d/meshctl)",
        "zsh:   source <(meshctl completion zsh)     (uses zsh's bashcompinit)",
        "fish:  meshctl completion fish | source     (or save it in ~/.config/fish/completions/meshctl.fish)"})
public final class CompletionCommand implements Callable<Integer> {

  /** Shells with a script; lower case as users type them. */
  public enum Shell {
    bash, zsh, fish
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

  /** The script, generated from the full command model; the build writes the same next to the jar. */
  public static String script(Shell shell) {
    CommandLine model = Main.fullCommandLine();
    return switch (shell) {
      case bash -> bash(model);
      // picocli's script sets up bashcompinit itself when $ZSH_VERSION is set
      case zsh -> "#compdef meshctl\n# zsh completion for meshctl: source <(meshctl completion zsh)\n" + bash(model);
      case fish -> fish(model);
    };
  }

  /**
   * picocli's script, with the one addition it has no hook for (remkop/picocli#506): every list of
   * candidates goes through its {@code compReplyArray}, so a list that is one {@link Candidates}
   * marker is replaced there by the names {@code meshctl __complete} finds in the cluster.
   */
  private static String bash(CommandLine model) {
    String script = AutoComplete.bash("meshctl", model);
    String hook = "  options=(\"$@\")\n";
    int at = script.indexOf(hook);
    if (at < 0 || script.lastIndexOf("\n# compReplyArray generates", at) < 0) {
      throw new IllegalStateException("picocli's compReplyArray changed: dynamic completion needs a new hook");
    }
    String dynamic = """
          if [ ${#options[@]} -eq 1 ] && [[ "${options[0]}" == %1$s* ]]; then
            local IFS=$'\\n'
            options=( $(_meshctl_cluster_names "${options[0]#%1$s}") )
          fi
        """.formatted(Candidates.MARKER);
    String names = """

        # Names from the cluster for pod, host and namespace arguments: meshctl's hidden __complete
        # command, with the cluster flags already on the command line (kubectl's habit), quiet on errors.
        function _meshctl_cluster_names() {
          local args=() i w v n=${#COMP_WORDS[@]}
          for (( i=1; i<n; i++ )); do
            (( i == COMP_CWORD )) && continue
            w=${COMP_WORDS[i]}
            case $w in
              --kubeconfig|--context|-n|--namespace|-i|--istio-namespace|--request-timeout)
                (( i+1 < n )) || continue
                v=${COMP_WORDS[i+1]}
                # bash splits --flag=value at the '=' (COMP_WORDBREAKS)
                if [ "$v" = "=" ] && (( i+2 < n )); then v=${COMP_WORDS[i+2]}; (( i++ )); fi
                (( i+1 == COMP_CWORD )) && continue
                args+=("$w" "${v/#\\~/$HOME}")
                (( i++ ))
                ;;
              --kubeconfig=*|--context=*|--namespace=*|--istio-namespace=*|--request-timeout=*) args+=("$w") ;;
            esac
          done
          "${COMP_WORDS[0]/#\\~/$HOME}" "${args[@]}" __complete "$1" "${COMP_WORDS[COMP_CWORD]}" 2>/dev/null
        }
        """;
    int end = at + hook.length();
    int fn = script.lastIndexOf("\n# compReplyArray generates", at);
    return script.substring(0, fn) + names + script.substring(fn, end) + dynamic + script.substring(end);
  }

  /**
   * fish, which picocli does not generate (remkop/picocli#725): one {@code complete} line per
   * subcommand, option and positional of the model, each only where the subcommands typed so far
   * lead to its command.
   */
  private static String fish(CommandLine model) {
    List<String> paths = new ArrayList<>();
    List<String> argOptions = new ArrayList<>();
    collect(model, "", paths, argOptions);
    StringBuilder b = new StringBuilder("""
        # fish completion for meshctl, generated from its command model: meshctl completion fish | source
        set -g __meshctl_commands %s
        set -g __meshctl_arg_options %s

        # The subcommands typed so far, e.g. "authn tls-check" (option values skipped).
        function __meshctl_path
            set -l path
            set -l skip 0
            for w in (commandline -opc)[2..-1]
                if test $skip = 1
                    set skip 0
                else if contains -- $w $__meshctl_arg_options
                    set skip 1
                else if not string match -q -- '-*' $w; and contains -- (string join ' ' $path $w) $__meshctl_commands
                    set path $path $w
                end
            end
            string join ' ' $path
        end

        function __meshctl_at
            set -l path (__meshctl_path)
            test "$path" = "$argv"
        end

        # Names from the cluster: meshctl's hidden __complete, with the cluster flags on the command line.
        function __meshctl_cluster_names
            set -l words (commandline -opc)
            set -l args
            set -l i 2
            while test $i -le (count $words)
                switch $words[$i]
                    case --kubeconfig --context -n --namespace -i --istio-namespace --request-timeout
                        if test $i -lt (count $words)
                            set args $args $words[$i] $words[(math $i + 1)]
                        end
                        set i (math $i + 1)
                    case '--kubeconfig=*' '--context=*' '--namespace=*' '--istio-namespace=*' '--request-timeout=*'
                        set args $args $words[$i]
                end
                set i (math $i + 1)
            end
            $words[1] $args __complete $argv[1] (commandline -ct) 2>/dev/null
        end

        """.formatted(quoteAll(paths), quoteAll(argOptions)));
    fishCommand(model, "", b);
    return b.toString();
  }

  private static void collect(CommandLine cmd, String path, List<String> paths, List<String> argOptions) {
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (o.arity().max() > 0 && !o.hidden()) {
        for (String n : o.names()) {
          if (!argOptions.contains(n)) {
            argOptions.add(n);
          }
        }
      }
    }
    cmd.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        String p = path.isEmpty() ? name : path + " " + name;
        paths.add(p);
        collect(sub, p, paths, argOptions);
      }
    });
  }

  private static void fishCommand(CommandLine cmd, String path, StringBuilder b) {
    String at = "-c meshctl -n " + quote("__meshctl_at" + (path.isEmpty() ? "" : " " + path));
    cmd.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandName().equals(name)) {
        b.append("complete ").append(at).append(" -f -a ").append(quote(name))
            .append(" -d ").append(quote(firstLine(sub.getCommandSpec().usageMessage().description()))).append('\n');
      }
    });
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (o.hidden()) {
        continue;
      }
      b.append("complete ").append(at);
      for (String n : o.names()) {
        b.append(n.startsWith("--") ? " -l " + n.substring(2) : n.length() == 2 ? " -s " + n.substring(1) : " -o " + n.substring(1));
      }
      if (o.arity().max() > 0) {
        b.append(" -r").append(values(o));
      }
      b.append(" -d ").append(quote(firstLine(o.description()))).append('\n');
    }
    for (PositionalParamSpec p : cmd.getCommandSpec().positionalParameters()) {
      if (!p.hidden() && p.completionCandidates() != null) {
        b.append("complete ").append(at).append(values(p)).append('\n');
      }
    }
    cmd.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandName().equals(name)) {
        fishCommand(sub, path.isEmpty() ? name : path + " " + name, b);
      }
    });
  }

  /** What fish offers for an option's value or a positional: candidates, cluster names, files, or nothing. */
  private static String values(ArgSpec a) {
    if (a.completionCandidates() != null) {
      List<String> all = new ArrayList<>();
      a.completionCandidates().forEach(all::add);
      if (all.size() == 1 && all.get(0).startsWith(Candidates.MARKER)) {
        return " -f -a " + quote("(__meshctl_cluster_names " + all.get(0).substring(Candidates.MARKER.length()) + ")");
      }
      return " -f -a " + quote(String.join(" ", all));
    }
    return ""; // fish's default: file names (most values here are files, directories or free text)
  }

  /** The description's first sentence, as fish shows it next to the candidate. */
  private static String firstLine(String[] description) {
    String d = String.join(" ", description).replace("%n", " ").replaceAll("\\s+", " ").strip();
    int stop = d.indexOf(". ");
    d = stop > 0 ? d.substring(0, stop) : d;
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  private static String quoteAll(List<String> words) {
    return String.join(" ", words.stream().map(CompletionCommand::quote).toList());
  }

  /** A single-quoted fish word. */
  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
