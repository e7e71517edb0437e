package io.meshctl.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one Jackson configuration for manifests, shared so every command writes the same YAML.
 * Trees go through the factories with {@link TreeCodec}; the mappers, which cost a CLI run tens of
 * milliseconds to start, are for rendering records and maps and are built on first use.
 */
public final class Yaml {

  /**
   * MINIMIZE_QUOTES alone writes the string "15001" as the number 15001, which Kubernetes rejects in
   * container args; ALWAYS_QUOTE_NUMBERS_AS_STRINGS keeps it a string. SPLIT_LINES off keeps long
   * annotation values on one line. Duplicate keys are an error, as they are for kubectl.
   */
  public static final YAMLFactory YAML_FACTORY = YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .stringQuotingChecker(new Yaml11Quoting())
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES, YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS,
          YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES, YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();

  public static final JsonFactory JSON_FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Yaml() {
  }

  /** A mapper writing YAML as manifests are written, for records and maps. */
  public static ObjectMapper yamlMapper() {
    return Mappers.YAML;
  }

  /** An indenting JSON mapper, for records and maps. */
  public static ObjectMapper jsonMapper() {
    return Mappers.JSON;
  }

  private static final class Mappers {
    static final ObjectMapper YAML = YAMLMapper.builder(YAML_FACTORY)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    static final ObjectMapper JSON = JsonMapper.builder(JSON_FACTORY)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /**
   * Jackson's checker quotes what YAML 1.2 would misread; kubectl and SnakeYAML read YAML 1.1, where
   * {@code 0x1F}, {@code 1_000} and {@code 12:30} are numbers too. A plain scalar is written only when
   * the YAML 1.1 resolver reads it back as the same string.
   */
  private static final class Yaml11Quoting extends StringQuotingChecker.Default {
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
      if (cached != null) {
        return cached;
      }
      boolean quote = super.needToQuoteValue(value) || !Yaml11.readsAsString(value);
      remember(values, value, quote);
      return quote;
    }

    @Override
    public boolean needToQuoteName(String name) {
      Boolean cached = names.get(name);
      if (cached != null) {
        return cached;
      }
      boolean quote = super.needToQuoteName(name) || !Yaml11.readsAsString(name);
      remember(names, name, quote);
      return quote;
    }

    private static void remember(Map<String, Boolean> cache, String s, boolean quote) {
      if (s.length() <= CACHE_MAX_LENGTH && cache.size() < CACHE_MAX) {
        cache.put(s, quote);
      }
    }
  }

  /**
   * SnakeYAML's YAML 1.1 implicit resolver ({@code org.yaml.snakeyaml.resolver.Resolver}) answering
   * only "does this plain scalar read back as a string?". A Resolver instance costs ~4 ms to build
   * at start-up (its table of resolvers, interpreted); this uses the same patterns, the same
   * first-character dispatch and length limits, and sets for the fixed words.
   */
  static final class Yaml11 {
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
      if (s.length() <= 1024 && (Resolver.INT.matcher(s).matches() || Resolver.FLOAT.matcher(s).matches())) {
        return false;
      }
      return !(digit && s.length() <= 50 && Resolver.TIMESTAMP.matcher(s).matches());
    }
  }
}
