package io.meshctl.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether another controller drives a VirtualService's weights, so an edit by hand would be
 * reverted or would fight it (Argo Rollouts #849/#3854, Flagger #1715). Flagger owns the objects it
 * generates (ownerReference to its Canary); Argo Rollouts edits a user's VirtualService named in a
 * Rollout's trafficRouting, marks it with an annotation and writes as field manager
 * {@code rollouts-controller}.
 */
public final class Ownership {

  private Ownership() {
  }

  /** Who manages the VirtualService and how we know, or empty when nobody does. */
  public static Optional<String> managedBy(JsonNode vs, Iterable<JsonNode> rollouts) {
    JsonNode meta = vs.path("metadata");
    for (JsonNode ref : meta.path("ownerReferences")) {
      String kind = Manifests.text(ref, "kind");
      String apiVersion = String.valueOf(Manifests.text(ref, "apiVersion"));
      String what = kind + "/" + Manifests.text(ref, "name");
      if ("Canary".equals(kind) && apiVersion.startsWith("flagger.app/")) {
        return Optional.of("Flagger (it is owned by " + what + ")");
      }
      if ("Rollout".equals(kind) && apiVersion.startsWith("argoproj.io/")) {
        return Optional.of("Argo Rollouts (it is owned by " + what + ")");
      }
      if (ref.path("controller").asBoolean(false)) {
        return Optional.of("its controller " + what + " (ownerReferences)");
      }
    }
    for (String field : new String[] {"annotations", "labels"}) {
      Iterator<Map.Entry<String, JsonNode>> it = meta.path(field).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey().toLowerCase(Locale.ROOT);
        String value = e.getValue().asText().toLowerCase(Locale.ROOT);
        String shown = field.substring(0, field.length() - 1) + " " + e.getKey() + "=" + e.getValue().asText();
        if (key.startsWith("argo-rollouts.argoproj.io/") || key.startsWith("rollouts.argoproj.io/")
            || key.equals("app.kubernetes.io/managed-by") && value.contains("rollouts")) {
          return Optional.of("Argo Rollouts (" + shown + ")");
        }
        if (key.startsWith("flagger.app/") || key.startsWith("flagger.kubernetes.io/")
            || key.equals("app.kubernetes.io/managed-by") && value.contains("flagger")) {
          return Optional.of("Flagger (" + shown + ")");
        }
      }
    }
    for (JsonNode mf : meta.path("managedFields")) {
      String manager = String.valueOf(Manifests.text(mf, "manager"));
      if (manager.equals("rollouts-controller") || manager.startsWith("argo-rollouts")) {
        return Optional.of("Argo Rollouts (field manager " + manager + " wrote it)");
      }
      if (manager.startsWith("flagger")) {
        return Optional.of("Flagger (field manager " + manager + " wrote it)");
      }
    }
    String name = VirtualServices.nameOf(vs);
    for (JsonNode rollout : rollouts) {
      JsonNode istio = rollout.path("spec").path("strategy").path("canary").path("trafficRouting").path("istio");
      boolean refers = refers(istio.path("virtualService"), name);
      for (JsonNode v : istio.path("virtualServices")) {
        refers |= refers(v, name);
      }
      if (refers) {
        return Optional.of("Argo Rollouts (Rollout/" + VirtualServices.nameOf(rollout)
            + " sets its weights through spec.strategy.canary.trafficRouting.istio)");
      }
    }
    return Optional.empty();
  }

  private static boolean refers(JsonNode ref, String name) {
    String n = Manifests.text(ref, "name");
    return n != null && (n.equals(name) || n.startsWith(name + "."));
  }
}
