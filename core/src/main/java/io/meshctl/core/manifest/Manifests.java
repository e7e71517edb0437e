package io.meshctl.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Small helpers over manifest trees that every package needs. */
public final class Manifests {

  private Manifests() {
  }

  /** The text of a field, or null when missing or not a scalar; never "null" for JSON null. */
  public static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** {@code v1 List}, {@code PodList} and the like: a document whose {@code items} are objects. */
  public static boolean isList(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return false;
    }
    String kind = text(tree, "kind");
    return kind != null && kind.endsWith("List") && tree.path("items").isArray();
  }

  /** Calls {@code each} for every object in the document, descending into List items in order. */
  public static void forEachObject(JsonNode tree, Consumer<JsonNode> each) {
    if (isList(tree)) {
      for (JsonNode item : (ArrayNode) tree.get("items")) {
        forEachObject(item, each);
      }
    } else if (tree != null && tree.isObject()) {
      each.accept(tree);
    }
  }

  /** All objects of all documents, List items flattened, empty documents dropped. */
  public static List<JsonNode> objects(Iterable<Document> documents) {
    List<JsonNode> out = new ArrayList<>();
    for (Document d : documents) {
      if (!d.isEmpty()) {
        forEachObject(d.tree(), out::add);
      }
    }
    return out;
  }

  /** {@code Deployment/wordpress} or {@code Deployment/wordpress in prod}. */
  public static String describe(JsonNode tree) {
    return describe(text(tree, "kind"), text(tree.path("metadata"), "name"), text(tree.path("metadata"), "namespace"));
  }

  /** {@link #describe(JsonNode)} from its parts, each may be null. */
  public static String describe(String kind, String name, String namespace) {
    String base = (kind == null ? "object" : kind) + "/" + (name == null ? "<unnamed>" : name);
    return namespace == null ? base : base + " in " + namespace;
  }
}
