package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which of a workload's pods stands for it, as {@code kubectl logs deploy/x} picks (kubectl's
 * {@code podutils.ByLogging}): scheduled before unscheduled, Running before Unknown before the rest,
 * Ready before not ready, ready longest first, most restarts first, oldest first; the name breaks ties
 * so the choice never depends on the order the API server listed them in. Pure, over pod trees.
 */
public final class PodPick {

  private static final Map<String, Integer> PHASE = Map.of("Running", 0, "Unknown", 1);

  public static final Comparator<JsonNode> ORDER = Comparator
      .comparing((JsonNode p) -> text(p.path("spec"), "nodeName").isEmpty())
      .thenComparing(p -> PHASE.getOrDefault(text(p.path("status"), "phase"), 2))
      .thenComparing(p -> !ready(p))
      // ISO-8601 UTC timestamps sort as strings; a missing one ("") sorts after every real one
      .thenComparing(p -> ready(p) ? orLast(readySince(p)) : "")
      .thenComparing(p -> -maxRestarts(p))
      .thenComparing(p -> orLast(text(p.path("metadata"), "creationTimestamp")))
      .thenComparing(p -> text(p.path("metadata"), "name"));

  private PodPick() {
  }

  /** The pod {@code kubectl logs} would pick; null for none. */
  public static JsonNode first(List<? extends JsonNode> pods) {
    return pods.stream().min(ORDER).orElse(null);
  }

  /** The pod's Ready condition is True. */
  public static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(Manifests.text(c, "type"))) {
        return "True".equals(Manifests.text(c, "status"));
      }
    }
    return false;
  }

  private static String readySince(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(Manifests.text(c, "type"))) {
        return text(c, "lastTransitionTime");
      }
    }
    return "";
  }

  private static int maxRestarts(JsonNode pod) {
    int max = 0;
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      max = Math.max(max, c.path("restartCount").asInt(0));
    }
    return max;
  }

  private static String orLast(String timestamp) {
    return timestamp.isEmpty() ? "\uffff" : timestamp;
  }

  private static String text(JsonNode node, String field) {
    String s = Manifests.text(node, field);
    return s == null ? "" : s;
  }
}
