package io.meshctl.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One document of a manifest stream, kept as a Jackson tree so key order and unknown fields survive
 * a round trip. {@code tree} is null for an empty document ({@code ---} followed by nothing).
 *
 * @param lines the line of every scalar leaf under istioctl's key ({@code {.spec.http[0].route[1].destination.host}}),
 *     recorded only when the reader was asked to ({@link ManifestReader#withFieldLines()}); else empty
 */
public record Document(JsonNode tree, Source source, Map<String, Integer> lines) {

  public Document(JsonNode tree, Source source) {
    this(tree, source, Map.of());
  }

  public boolean isEmpty() {
    return tree == null || tree.isNull() || tree.isMissingNode();
  }

  public boolean isObject() {
    return tree instanceof ObjectNode;
  }

  public String kind() {
    return Manifests.text(tree, "kind");
  }

  public String apiVersion() {
    return Manifests.text(tree, "apiVersion");
  }

  public String name() {
    return Manifests.text(tree.path("metadata"), "name");
  }

  public String namespace() {
    return Manifests.text(tree.path("metadata"), "namespace");
  }

  /** {@code Deployment/wordpress} (with the namespace when the document sets one), for reports and errors. */
  public String describe() {
    return Manifests.describe(tree);
  }
}
