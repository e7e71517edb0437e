package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.Cli;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command's help as a user reads it in an 80-column terminal. */
class HelpLayoutTest {

  static Stream<String> commands() {
    List<String> names = new ArrayList<>();
    collect(Main.fullCommandLine(), names);
    return names.stream();
  }

  private static void collect(CommandLine cmd, List<String> into) {
    if (cmd.getCommandSpec().helpCommand()) {
      return;
    }
    into.add(cmd.getCommandSpec().qualifiedName(" "));
    cmd.getSubcommands().values().stream().distinct().forEach(c -> collect(c, into));
  }

  private static String help(String qualified, int columns) {
    List<String> args = new ArrayList<>(Arrays.asList(qualified.split(" ")).subList(1, qualified.split(" ").length));
    args.add("--help");
    return Cli.run("", Map.of("COLUMNS", String.valueOf(columns)), args.toArray(String[]::new)).assertOk().out();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void fitsIn80ColumnsWithNoOrphanedWord(String command) {
    String help = help(command, 80);
    String previous = "";
    boolean synopsis = true; // picocli lays out the synopsis, one [option] or PARAM per cell
    for (String line : help.split("\n")) {
      assertThat(line.length()).as("%s --help line '%s'", command, line).isLessThanOrEqualTo(80);
      synopsis &= line.startsWith("Usage:") || line.startsWith(" ");
      if (synopsis) {
        continue;
      }
      String text = line.strip();
      boolean oneWord = !text.isEmpty() && !text.contains(" ");
      boolean label = text.startsWith("-") || text.startsWith("[") || text.endsWith(":");
      assertThat(oneWord && !label && !previous.isBlank())
          .as("%s --help: '%s' is a word left alone on its line after '%s'", command, text, previous).isFalse();
      previous = line;
    }
  }

  /** Lines break at spaces only: every word of the descriptions appears whole (~/.kube/config, kubernetes.io/tls). */
  @ParameterizedTest
  @MethodSource("commands")
  void breaksLinesBetweenWordsOnly(String command) {
    String help = help(command, 80);
    CommandSpec spec = find(command);
    List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
    texts.addAll(Arrays.asList(spec.usageMessage().footer()));
    for (ArgSpec a : spec.args()) {
      texts.addAll(Arrays.asList(a.description()));
    }
    for (String text : texts) {
      for (String word : String.format(text).split("\\s+")) {
        if (!word.isEmpty() && word.length() < 40) {
          assertThat(help).as("%s --help keeps '%s' whole", command, word).contains(word);
        }
      }
    }
  }

  @Test
  void columnsSetsTheWidth() {
    String wide = help("meshctl", 120);
    assertThat(wide.lines().mapToInt(String::length).max().orElseThrow()).isGreaterThan(80).isLessThanOrEqualTo(120);
    assertThat(wide).contains("~/.kube/config");
  }

  private static CommandSpec find(String qualified) {
    CommandLine cmd = Main.fullCommandLine();
    String[] names = qualified.split(" ");
    for (int i = 1; i < names.length; i++) {
      cmd = cmd.getSubcommands().get(names[i]);
    }
    return cmd.getCommandSpec();
  }
}
