package io.meshctl.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.meshctl.core.MeshctlException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same object (group, kind, namespace, name) given twice in {@code -f} input. Without this the
 * later definition silently won, so a verdict depended on file order. An identical repeat is
 * dropped; a differing one is invalid input naming both places. Only a digest per object is kept,
 * so memory stays flat however big the input.
 */
public final class Duplicates {

  /** Kinds without a namespace: kubectl ignores a {@code metadata.namespace} they carry. */
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "MeshPolicy", "Node", "PersistentVolume",
      "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "PriorityClass",
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "IngressClass");

  private record Seen(byte[] digest, Source source) {
  }

  private final String defaultNamespace;
  private final Map<String, Seen> seen = new HashMap<>();

  /**
   * @param defaultNamespace where objects that name no namespace go ({@code -n}); null when the
   *     command applies none (they all land in one namespace later, so they count as one)
   */
  public Duplicates(String defaultNamespace) {
    this.defaultNamespace = defaultNamespace == null ? "" : defaultNamespace;
  }

  /**
   * True the first time an object is seen (and for objects without kind or name, which identify
   * nothing), false for an identical repeat; 65 for a repeat with different content.
   */
  public boolean first(JsonNode object, Source source) {
    String kind = Manifests.text(object, "kind");
    String name = Manifests.text(object.path("metadata"), "name");
    if (kind == null || name == null) {
      return true;
    }
    String apiVersion = Manifests.text(object, "apiVersion");
    String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
    String ns = CLUSTER_SCOPED.contains(kind) ? "" : Manifests.text(object.path("metadata"), "namespace");
    if (ns == null || ns.isEmpty()) {
      ns = CLUSTER_SCOPED.contains(kind) ? "" : defaultNamespace;
    }
    String key = group + "/" + kind + "/" + ns + "/" + name;
    byte[] digest = digest(object);
    Seen before = seen.putIfAbsent(key, new Seen(digest, source));
    if (before == null) {
      return true;
    }
    if (Arrays.equals(before.digest(), digest)) {
      return false;
    }
    throw new MeshctlException.InvalidInput(before.source() + " and " + source + " both define " + kind + " "
        + (ns.isEmpty() ? "" : ns + "/") + name + " with different content: keep one");
  }

  /**
   * For a stream that is written back: false when the document is one object seen before, identically;
   * identical repeats inside a List document are taken out of its items.
   */
  public boolean keep(Document d) {
    if (d.isEmpty()) {
      return true;
    }
    if (Manifests.isList(d.tree())) {
      dropRepeats((ArrayNode) d.tree().get("items"), d.source());
      return true;
    }
    return !d.isObject() || first(d.tree(), d.source());
  }

  private void dropRepeats(ArrayNode items, Source source) {
    for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
      JsonNode item = it.next();
      if (Manifests.isList(item)) {
        dropRepeats((ArrayNode) item.get("items"), source);
      } else if (item.isObject() && !first(item, source)) {
        it.remove();
      }
    }
  }

  /** Every object of the documents, List items flattened, each with its place; identical repeats dropped. */
  public List<Located> objects(Iterable<Document> documents) {
    List<Located> out = new ArrayList<>();
    for (Document d : documents) {
      if (!d.isEmpty()) {
        Manifests.forEachObject(d.tree(), o -> {
          if (first(o, d.source())) {
            out.add(new Located(o, d.source()));
          }
        });
      }
    }
    return out;
  }

  /** An object and the document it came from. */
  public record Located(JsonNode object, Source source) {
  }

  /**
   * SHA-256 of the content, key order ignored (two YAML spellings of one object are the same object)
   * and {@code metadata.namespace} left out (the key already holds the namespace it defaults to).
   */
  static byte[] digest(JsonNode object) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      feed(md, object, true, false);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code top}: the object itself, whose metadata loses its namespace; {@code metadata}: that metadata. */
  private static void feed(MessageDigest md, JsonNode n, boolean top, boolean metadata) {
    if (n.isObject()) {
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      md.update((byte) '{');
      for (String k : keys) {
        if (metadata && k.equals("namespace")) {
          continue;
        }
        md.update((byte) 'k');
        text(md, k);
        feed(md, n.get(k), false, top && k.equals("metadata"));
      }
      md.update((byte) '}');
    } else if (n.isArray()) {
      md.update((byte) '[');
      n.forEach(e -> feed(md, e, false, false));
      md.update((byte) ']');
    } else {
      // the node type counts: 1 and "1" differ, as they do to the API server
      md.update((byte) n.getNodeType().ordinal());
      text(md, n.asText());
    }
  }

  private static void text(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((byte) (b.length >>> 24));
    md.update((byte) (b.length >>> 16));
    md.update((byte) (b.length >>> 8));
    md.update((byte) b.length);
    md.update(b);
  }
}
