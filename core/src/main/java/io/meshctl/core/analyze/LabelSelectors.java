package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Kubernetes {@code LabelSelector}s ({@code matchLabels} and {@code matchExpressions}), as webhooks use them. */
final class LabelSelectors {

  private LabelSelectors() {
  }

  /** Whether {@code selector} (null or empty: everything) selects {@code labels}. */
  static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isNull()) {
      return true;
    }
    var it = selector.path("matchLabels").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = Manifests.text(expr, "key");
      Set<String> values = new HashSet<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      String op = String.valueOf(Manifests.text(expr, "operator"));
      boolean has = labels.containsKey(key);
      boolean ok = switch (op) {
        case "In" -> has && values.contains(labels.get(key));
        case "NotIn" -> !has || !values.contains(labels.get(key));
        case "Exists" -> has;
        case "DoesNotExist" -> !has;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
