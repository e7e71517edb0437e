package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/** Yaml11 decides what gets quoted, so it must answer exactly as SnakeYAML's resolver reads YAML back. */
class Yaml11Test {

  private static final Resolver SNAKE = new Resolver();

  @Test
  void agreesWithSnakeYamlOnKnownTrickyScalars() {
    List<String> values = List.of("", " ", "~", "null", "NULL", "nUll", "yes", "Yes", "yES", "y", "n", "on", "Off",
        "<<", "<", "!", "&", "*", "=", "15001", "0", "00", "089", "017", "0o17", "0x1F", "0x", "0b101", "0b2", "1_000",
        "+1", "-1", "1.", ".5", ".", "-.inf", ".Inf", ".NaN", ".nan", "1e3", "1E+3", "1.0e-3", "12:30", "1:2:3",
        "190:20:30.15", "2024-01-02", "2024-1-2 3:04:05", "2001-12-14t21:59:43.10-05:00", "2024-01-02x",
        "1.27", "nginx:1.27", "v1", "-", "--", "+", "-x", "1-2", "10.0.0.1", "10.0.0.0/8", "1.2.3", "9".repeat(1100));
    for (String v : values) {
      assertThat(Yaml11.readsAsString(v)).as("'%s'", v).isEqualTo(snake(v));
    }
  }

  @Test
  void agreesWithSnakeYamlOnRandomScalarsMadeOfNumberCharacters() {
    Random random = new Random(7);
    String alphabet = "0123456789012345678901234567890123456789_.:-+eExXbBoTtZz \tabcfinINyYsS~!&*<";
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(24);
      for (int j = 0; j < n; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      if (Yaml11.readsAsString(v) != snake(v)) {
        disagreements.add(v);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void plainNumberIsJacksonsPlainNumberPattern() {
    Pattern jackson = Pattern.compile("[+-]?[0-9]*(\\.[0-9]*)?"); // YAMLGenerator.PLAIN_NUMBER_P (protected)
    Random random = new Random(3);
    String alphabet = "0123456789+-.e x";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(6);
      for (int j = 0; j < n; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = sb.toString();
      assertThat(Yaml11.plainNumber(v)).as("'%s'", v).isEqualTo(jackson.matcher(v).matches());
    }
  }

  private static boolean snake(String v) {
    return Tag.STR.equals(SNAKE.resolve(NodeId.scalar, v, true));
  }
}
