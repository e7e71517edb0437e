package io.meshctl.core.route;

import io.meshctl.core.mesh.Hosts;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which DestinationRule a sidecar in the client namespace uses for a host, and so which subsets
 * exist for it (mesh-policy.md §2.2): the client namespace's own rules first, then those the
 * service namespace exports to the client, then those the root namespace exports; within a
 * namespace the most specific host wins and same-host rules merge (first one's subsets first).
 * Rules with a workloadSelector apply only to some clients and are left out.
 */
public final class DestinationRules {

  /** The rule(s) chosen for a host: {@code namespace/name} of the first, and the merged subsets' labels. */
  public record Visible(String name, Map<String, Map<String, String>> subsets) {
  }

  private DestinationRules() {
  }

  public static Optional<Visible> lookup(RouteInputs in, String host, String client) {
    String root = in.rootNamespace();
    String[] service = Hosts.service(host);
    Optional<Visible> found = client.equals(root)
        ? pick(in.destinationRules(root), host, root, DestinationRules::isPrivate, dr -> true)
        : pick(in.destinationRules(client), host, client, DestinationRules::visibleLocally, dr -> true);
    if (found.isEmpty() && service != null) {
      found = pick(in.destinationRules(service[1]), host, service[1], dr -> !isPrivate(dr), dr -> exportedTo(dr, client));
    }
    if (found.isEmpty() && !client.equals(root)) {
      found = pick(in.destinationRules(root), host, root, dr -> !isPrivate(dr), dr -> exportedTo(dr, client));
    }
    return found;
  }

  /**
   * Among {@code index} rules, those with the most specific host covering {@code host}; the export
   * filter is applied after choosing the host, as Istio does (a filtered-out host does not fall
   * back to a less specific one in the same namespace).
   */
  private static Optional<Visible> pick(List<JsonNode> rules, String host, String ns, Predicate<JsonNode> index,
      Predicate<JsonNode> exported) {
    List<JsonNode> candidates = new ArrayList<>();
    for (JsonNode dr : rules) {
      if (dr.path("spec").has("workloadSelector") || !index.test(dr)) {
        continue;
      }
      if (Hosts.matches(resolved(dr, ns), host)) {
        candidates.add(dr);
      }
    }
    Optional<String> best = candidates.stream().map(dr -> resolved(dr, ns)).distinct()
        .min(Comparator.comparing((String h) -> !h.equals(host))
            .thenComparing(h -> -h.length())
            .thenComparing(Comparator.naturalOrder()));
    if (best.isEmpty()) {
      return Optional.empty();
    }
    List<JsonNode> chosen = candidates.stream()
        .filter(dr -> resolved(dr, ns).equals(best.get()) && exported.test(dr)).toList();
    if (chosen.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Map<String, String>> subsets = new LinkedHashMap<>();
    for (JsonNode dr : chosen) {
      for (JsonNode s : dr.path("spec").path("subsets")) {
        String name = Manifests.text(s, "name");
        if (name != null) {
          subsets.putIfAbsent(name, ManifestInputs.labels(s.path("labels")));
        }
      }
    }
    return Optional.of(new Visible(ns + "/" + RouteInputs.nameOf(chosen.get(0)), subsets));
  }

  private static String resolved(JsonNode dr, String ns) {
    return Hosts.resolve(Manifests.text(dr.path("spec"), "host"), ns, Hosts.DEFAULT_DOMAIN);
  }

  private static List<String> exportTo(JsonNode dr) {
    List<String> out = new ArrayList<>();
    dr.path("spec").path("exportTo").forEach(e -> out.add(e.asText()));
    return out;
  }

  private static boolean isPrivate(JsonNode dr) {
    List<String> to = exportTo(dr);
    String ns = Manifests.text(dr.path("metadata"), "namespace");
    return to.size() == 1 && (to.get(0).equals(".") || to.get(0).equals(ns));
  }

  private static boolean visibleLocally(JsonNode dr) {
    List<String> to = exportTo(dr);
    String ns = Manifests.text(dr.path("metadata"), "namespace");
    return to.isEmpty() || to.contains("*") || to.contains(".") || (ns != null && to.contains(ns));
  }

  private static boolean exportedTo(JsonNode dr, String client) {
    List<String> to = exportTo(dr);
    return to.isEmpty() || to.contains("*") || to.contains(client);
  }
}
