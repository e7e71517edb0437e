package io.meshctl.core.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods by label pair, so a selector is tried only against the pods that carry its first pair. */
public final class Pods {

  private final Map<String, List<Resource>> byLabel = new HashMap<>();

  private Pods(Context ctx) {
    List<Resource> all = new ArrayList<>(ctx.all(Kinds.POD));
    all.sort(Comparator.comparing(Resource::namespace).thenComparing(Resource::name));
    byLabel.put("", all);
    for (Resource p : all) {
      for (Map.Entry<String, String> e : p.labels().entrySet()) {
        byLabel.computeIfAbsent(e.getKey() + "=" + e.getValue(), k -> new ArrayList<>()).add(p);
      }
    }
  }

  public static Pods of(Context ctx) {
    return ctx.memo("Pods", k -> new Pods(ctx));
  }

  /** The pods an equality selector matches (an empty selector matches all), ordered by namespace and name. */
  public List<Resource> selected(Map<String, String> selector) {
    if (selector.isEmpty()) {
      return byLabel.get("");
    }
    Map.Entry<String, String> first = selector.entrySet().iterator().next();
    List<Resource> out = new ArrayList<>();
    for (Resource p : byLabel.getOrDefault(first.getKey() + "=" + first.getValue(), List.of())) {
      if (Context.selects(selector, p.labels())) {
        out.add(p);
      }
    }
    return out;
  }
}
