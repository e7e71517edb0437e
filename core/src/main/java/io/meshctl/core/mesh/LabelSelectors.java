package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes {@code LabelSelector} objects ({@code matchLabels} and {@code matchExpressions} with
 * In, NotIn, Exists, DoesNotExist) as the API server evaluates them on a webhook's
 * namespaceSelector/objectSelector: absent or empty selects everything; {@code NotIn} and
 * {@code DoesNotExist} match a missing key.
 */
public final class LabelSelectors {

  private LabelSelectors() {
  }

  /** Whether the selector tree selects {@code labels}; null, missing or {@code {}} selects all. */
  public static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return true;
    }
    for (Map.Entry<String, String> e : MeshSnapshot.stringMap(selector.path("matchLabels")).entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = Manifests.text(expr, "key");
      String op = Manifests.text(expr, "operator");
      Set<String> values = new HashSet<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      String value = labels.get(key);
      boolean ok = switch (op == null ? "" : op) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false; // the API server refuses such a selector; it selects nothing
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether the selector has no terms: Istio's never/always selectors skip an empty one. */
  public static boolean isEmpty(JsonNode selector) {
    return selector == null || !selector.isObject()
        || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty());
  }

  /** {@code a=b,c notin (x)} as kubectl prints a selector, for messages. */
  public static String describe(JsonNode selector) {
    if (isEmpty(selector)) {
      return "everything";
    }
    StringBuilder sb = new StringBuilder();
    MeshSnapshot.stringMap(selector.path("matchLabels")).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",")
        .append(k).append('=').append(v));
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = Manifests.text(expr, "key");
      String op = String.valueOf(Manifests.text(expr, "operator"));
      StringBuilder values = new StringBuilder();
      expr.path("values").forEach(v -> values.append(values.isEmpty() ? "" : ",").append(v.asText()));
      sb.append(sb.isEmpty() ? "" : ",").append(switch (op) {
        case "Exists" -> key;
        case "DoesNotExist" -> "!" + key;
        case "In" -> key + " in (" + values + ")";
        case "NotIn" -> key + " notin (" + values + ")";
        default -> key + " " + op + " (" + values + ")";
      });
    }
    return sb.toString();
  }
}
