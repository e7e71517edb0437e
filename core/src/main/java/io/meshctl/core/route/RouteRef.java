package io.meshctl.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import java.util.ArrayList;
import java.util.List;

/** One route of a VirtualService: {@code http[1]}, with its name when it has one. */
public record RouteRef(String section, int index, String name) {

  public static final List<String> SECTIONS = List.of("http", "tcp", "tls");

  /** {@code http[1]}: what {@code --route} accepts and what reports print. */
  public String id() {
    return section + "[" + index + "]";
  }

  public String label() {
    return name == null ? id() : id() + " \"" + name + "\"";
  }

  public JsonNode in(JsonNode vs) {
    return vs.path("spec").path(section).path(index);
  }

  /** Every route that sends traffic to destinations (not redirects or delegates), in document order. */
  public static List<RouteRef> all(JsonNode vs) {
    List<RouteRef> out = new ArrayList<>();
    for (String section : SECTIONS) {
      JsonNode list = vs.path("spec").path(section);
      requireList(vs, list, "spec." + section);
      for (int i = 0; i < list.size(); i++) {
        JsonNode route = list.get(i).path("route");
        requireList(vs, route, "spec." + section + "[" + i + "].route");
        for (JsonNode d : route) {
          if (!d.isObject()) {
            throw invalid(vs, "spec." + section + "[" + i + "].route", "must be a list of destinations ({destination: "
                + "{host: ..., subset: ...}, weight: ...})");
          }
        }
        if (route.size() > 0) {
          out.add(new RouteRef(section, i, Manifests.text(list.get(i), "name")));
        }
      }
    }
    return out;
  }

  /** A field that must be a YAML list, when it is there at all. */
  private static void requireList(JsonNode vs, JsonNode field, String path) {
    if (!field.isMissingNode() && !field.isNull() && !field.isArray()) {
      throw invalid(vs, path, "must be a list");
    }
  }

  private static MeshctlException.InvalidInput invalid(JsonNode vs, String path, String message) {
    return new MeshctlException.InvalidInput("VirtualService " + Manifests.text(vs.path("metadata"), "name") + ": "
        + path + " " + message);
  }

  /** What tells this route apart from the others, for listing candidates: its match, or "default". */
  public String describe(JsonNode vs) {
    JsonNode match = in(vs).path("match");
    return match.isMissingNode() || match.isEmpty() ? "matches all traffic" : "match " + TreeCodec.json(match);
  }
}
