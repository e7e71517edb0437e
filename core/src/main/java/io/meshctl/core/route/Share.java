package io.meshctl.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;

/**
 * One destination of a route and the share of traffic it gets at run time (mesh-policy.md §3.2):
 * a lone destination gets everything whatever its weight; otherwise weight / sum, zero-weight
 * destinations get nothing.
 */
public record Share(String host, String subset, Integer weight, double percent) {

  public static List<Share> of(JsonNode route) {
    JsonNode dests = route.path("route");
    int sum = 0;
    for (JsonNode d : dests) {
      sum += d.path("weight").asInt(0);
    }
    List<Share> out = new ArrayList<>();
    for (JsonNode d : dests) {
      Integer w = d.has("weight") ? d.path("weight").asInt() : null;
      double pct = dests.size() == 1 ? 100.0 : sum == 0 ? 0.0 : 100.0 * (w == null ? 0 : w) / sum;
      out.add(new Share(Manifests.text(d.path("destination"), "host"), Manifests.text(d.path("destination"), "subset"),
          w, Math.round(pct * 10) / 10.0));
    }
    return out;
  }
}
