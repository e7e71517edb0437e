package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The destinations of a VirtualService, with the field key istioctl reports them under. */
final class Destinations {

  /**
   * @param destination the {@code destination} (or {@code mirror}) object
   * @param mirror an {@code http[].mirror} or {@code http[].mirrors[]} entry
   */
  record Dest(JsonNode destination, String field, boolean mirror) {
    String host() {
      return ServiceRegistry.text(destination, "host");
    }

    String subset() {
      return ServiceRegistry.text(destination, "subset");
    }

    /** The port number, or null when the destination names none. */
    Integer port() {
      JsonNode n = destination.path("port").path("number");
      return n.canConvertToInt() ? n.asInt() : null;
    }
  }

  private Destinations() {
  }

  /** {@code tcp[i].route[j]}, {@code tls[i].route[j]} and {@code http[i].route[j]} destinations. */
  static List<Dest> routes(Resource vs) {
    List<Dest> out = new ArrayList<>();
    for (String section : List.of("tcp", "tls", "http")) {
      JsonNode rules = vs.spec().path(section);
      for (int i = 0; i < rules.size(); i++) {
        JsonNode routes = rules.get(i).path("route");
        for (int j = 0; j < routes.size(); j++) {
          JsonNode d = routes.get(j).path("destination");
          if (d.isObject()) {
            out.add(new Dest(d, "{.spec." + section + "[" + i + "].route[" + j + "].destination.host}", false));
          }
        }
      }
    }
    return out;
  }

  /** {@code http[i].mirror} and {@code http[i].mirrors[j].destination}. */
  static List<Dest> mirrors(Resource vs) {
    List<Dest> out = new ArrayList<>();
    JsonNode rules = vs.spec().path("http");
    for (int i = 0; i < rules.size(); i++) {
      JsonNode m = rules.get(i).path("mirror");
      if (m.isObject()) {
        out.add(new Dest(m, "{.spec.http[" + i + "].mirror.host}", true));
      }
      JsonNode ms = rules.get(i).path("mirrors");
      for (int j = 0; j < ms.size(); j++) {
        JsonNode d = ms.get(j).path("destination");
        if (d.isObject()) {
          // istioctl's key for these lacks ".destination" (analyze.md §8.2): it falls back to the document line
          out.add(new Dest(d, "{.spec.http[" + i + "].mirrors[" + j + "].host}", true));
        }
      }
    }
    return out;
  }
}
