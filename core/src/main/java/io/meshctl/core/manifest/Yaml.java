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

/**
 * The one Jackson configuration for manifests, shared so every command writes the same YAML.
 * Trees go through the factories with {@link TreeCodec}; the mappers, which cost a CLI run tens of
 * milliseconds to start, are for rendering records and maps and are built on first use.
 */
public final class Yaml {

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

  /** The factory for manifests' YAML, built on first use. */
  public static YAMLFactory yamlFactory() {
    return Factory.YAML;
  }

  private static final class Factory {
    /**
     * MINIMIZE_QUOTES alone writes the string "15001" as the number 15001, which Kubernetes rejects in
     * container args; ALWAYS_QUOTE_NUMBERS_AS_STRINGS keeps it a string. SPLIT_LINES off keeps long
     * annotation values on one line. Duplicate keys are an error, as they are for kubectl.
     */
    static final YAMLFactory YAML = YAMLFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .stringQuotingChecker(new Yaml11Quoting())
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES, YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS,
            YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
        .disable(YAMLGenerator.Feature.SPLIT_LINES, YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .build();
  }

  private static final class Mappers {
    static final ObjectMapper YAML = YAMLMapper.builder(Factory.YAML)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    static final ObjectMapper JSON = JsonMapper.builder(JSON_FACTORY)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }
}
