package io.meshctl.core.manifest;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Jackson's checker quotes what YAML 1.2 would misread; kubectl and SnakeYAML read YAML 1.1, where
 * {@code 0x1F}, {@code 1_000}, {@code 12:30} and {@code on} are not strings. So a string is written
 * plain only when SnakeYAML's own YAML 1.1 resolver reads the plain scalar back as a string.
 */
final class Yaml11Quoting extends StringQuotingChecker.Default {

  private static final long serialVersionUID = 1L;

  /**
   * Manifests repeat the same short keys and values thousands of times (name, image, "TCP", env
   * names) and the resolver runs regexes; bounded so a stream of unique values cannot grow it.
   */
  private static final int CACHE_MAX = 16_384;
  private static final int CACHE_MAX_LENGTH = 64;

  private final transient Resolver resolver = new Resolver();
  private final transient Map<String, Boolean> values = new ConcurrentHashMap<>();
  private final transient Map<String, Boolean> names = new ConcurrentHashMap<>();

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

  boolean readsAsString(String plain) {
    return Tag.STR.equals(resolver.resolve(NodeId.scalar, plain, true));
  }

  private static boolean remember(Map<String, Boolean> cache, String s, boolean quote) {
    if (s.length() <= CACHE_MAX_LENGTH && cache.size() < CACHE_MAX) {
      cache.put(s, quote);
    }
    return quote;
  }
}
