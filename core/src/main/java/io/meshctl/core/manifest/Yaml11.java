package io.meshctl.core.manifest;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * SnakeYAML's YAML 1.1 implicit resolver ({@code org.yaml.snakeyaml.resolver.Resolver}) answering
 * only "does this plain scalar read back as a string?", and the quoting rule built on it. Neither
 * loads SnakeYAML: a Resolver costs a CLI run ~9 ms (its static patterns and its table, built
 * interpreted), and {@link SimpleYamlReader} and {@link SimpleYamlWriter} exist to avoid that.
 * Same patterns, first-character dispatch and length limits as the Resolver; {@code Yaml11Test}
 * compares the two on 200k scalars.
 */
final class Yaml11 {

  /** The writers' quoting rule, shared by Jackson's generator and {@link SimpleYamlWriter}. */
  static final Quoting QUOTING = new Quoting();

  private static final Set<String> WORDS = Set.of(
      "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
      "on", "On", "ON", "off", "Off", "OFF", // bool
      "~", "null", "Null", "NULL", " ", "", // null, tried for every first character
      "<<", // merge
      "!", "&", "*"); // yaml

  private Yaml11() {
  }

  static boolean readsAsString(String s) {
    if (WORDS.contains(s)) {
      return false;
    }
    char c = s.charAt(0); // "" is one of the words
    boolean digit = c >= '0' && c <= '9';
    if (!digit && c != '-' && c != '+' && c != '.') {
      return true;
    }
    // Every INT, FLOAT and TIMESTAMP pattern has a digit or '.' after the optional sign: "-p" and
    // "--domain" need no regex, which keeps the patterns uncompiled on most runs.
    int k = c == '-' || c == '+' ? 1 : 0;
    if (k == s.length() || !(s.charAt(k) >= '0' && s.charAt(k) <= '9' || s.charAt(k) == '.')) {
      return true;
    }
    if (s.length() <= 1024 && (Patterns.INT.matcher(s).matches() || Patterns.FLOAT.matcher(s).matches())) {
      return false;
    }
    return !(digit && s.length() <= 50 && Patterns.TIMESTAMP.matcher(s).matches());
  }

  /** Copies of the Resolver's patterns (SnakeYAML 2.x), compiled on first use. */
  private static final class Patterns {
    static final Pattern FLOAT = Pattern.compile("^("
        + "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        + "|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
        + "|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
        + "|[-+]?\\.(?:inf|Inf|INF)" + "|\\.(?:nan|NaN|NAN)" + ")$");
    static final Pattern INT = Pattern.compile("^(?:"
        + "[-+]?0b_*[0-1][0-1_]*"
        + "|[-+]?0_*[0-7][0-7_]*"
        + "|[-+]?(?:0|[1-9][0-9_]*)"
        + "|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*"
        + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
        + ")$");
    static final Pattern TIMESTAMP = Pattern.compile("^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
        + "(?:\\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$");
  }

  /**
   * Jackson's {@code YAMLGenerator.PLAIN_NUMBER_P} ({@code [+-]?[0-9]*(\.[0-9]*)?}), which
   * ALWAYS_QUOTE_NUMBERS_AS_STRINGS quotes, without loading the generator.
   */
  static boolean plainNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
    }
    return i == n;
  }

  /**
   * Jackson's checker quotes what YAML 1.2 would misread; kubectl and SnakeYAML read YAML 1.1, where
   * {@code 0x1F}, {@code 1_000} and {@code 12:30} are numbers too. A plain scalar is written only when
   * the YAML 1.1 resolver reads it back as the same string.
   */
  static final class Quoting extends StringQuotingChecker.Default {
    /**
     * Manifests repeat the same short keys and values thousands of times (name, image, "TCP", env
     * names), and the resolver's regexes were a sixth of bulk-inject CPU. Bounded so a stream of
     * unique values cannot grow it without limit; past the bound, answers are computed each time.
     */
    private static final int CACHE_MAX = 16_384;
    private static final int CACHE_MAX_LENGTH = 64;
    private final Map<String, Boolean> values = new ConcurrentHashMap<>();
    private final Map<String, Boolean> names = new ConcurrentHashMap<>();

    @Override
    public boolean needToQuoteValue(String value) {
      Boolean cached = values.get(value);
      return cached != null ? cached : remember(values, value, super.needToQuoteValue(value) || !readsAsString(value));
    }

    @Override
    public boolean needToQuoteName(String name) {
      Boolean cached = names.get(name);
      return cached != null ? cached : remember(names, name, super.needToQuoteName(name) || !readsAsString(name));
    }

    private static boolean remember(Map<String, Boolean> cache, String s, boolean quote) {
      if (s.length() <= CACHE_MAX_LENGTH && cache.size() < CACHE_MAX) {
        cache.put(s, quote);
      }
      return quote;
    }
  }
}
