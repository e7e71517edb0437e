package io.meshctl.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated bash script is valid, registers itself, and completes real subcommands. */
class GenerateScriptsTest {

  private static String bash(String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void bashScriptCompletesCommands() throws Exception {
    Path script = Path.of("target/meshctl.bash");
    assertThat(script).exists();
    assertThat(Files.readString(script)).contains("meshctl");
    String out = bash("source " + script + " && complete -p meshctl"
        + " && COMP_WORDS=(meshctl ro) COMP_CWORD=1 COMP_LINE='meshctl ro' COMP_POINT=10 && _complete_meshctl"
        + " && echo \"${COMPREPLY[@]}\""
        + " && COMP_WORDS=(meshctl route s) COMP_CWORD=2 COMP_LINE='meshctl route s' COMP_POINT=15 && _complete_meshctl"
        + " && echo \"${COMPREPLY[@]}\"");
    assertThat(out).contains("-F _complete_meshctl meshctl", "route", "set-weight", "show");
  }

  @Test
  void zshScriptIsGenerated() throws Exception {
    assertThat(Files.readString(Path.of("target/_meshctl"))).startsWith("#compdef meshctl");
  }

  /** No fish on the build machine: the lines fish reads, for a subcommand, an enum option and a cluster name. */
  @Test
  void fishScriptCompletesFromTheModel() throws Exception {
    assertThat(Files.readString(Path.of("target/meshctl.fish")))
        .contains("complete -c meshctl -n '__meshctl_at authn' -f -a 'tls-check'",
            "complete -c meshctl -n '__meshctl_at authn tls-check' -s o -l output -r -f -a 'table json yaml'",
            "complete -c meshctl -n '__meshctl_at authn tls-check' -f -a '(__meshctl_cluster_names pods)'",
            "-s n -l namespace -r -f -a '(__meshctl_cluster_names namespaces)'")
        .doesNotContain("__complete' ", "'__meshctl_at __complete");
  }
}
