package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code destinationrule.SubsetSelectPodAnalyzer} (analyze.md §8.7): a rule's host must be a service
 * of the mesh, and each subset must select at least one pod. Pods of every namespace are tried (as
 * istioctl does), with their node's topology labels, so a region/zone subset is not a false positive.
 */
final class DrSubsetSelectPodAnalyzer extends AbstractAnalyzer {

  private static final List<String> TOPOLOGY = List.of("topology.kubernetes.io/region",
      "topology.kubernetes.io/zone", "topology.istio.io/subzone");

  DrSubsetSelectPodAnalyzer() {
    super("destinationrule.SubsetSelectPodAnalyzer",
        "Checks if the subsets of a DestinationRule select any pods, and whether its host is a service of the mesh",
        Set.of(Code.DESTINATION_RULE_SUBSET_NOT_SELECT_PODS, Code.UNKNOWN_DESTINATION_RULE_HOST),
        Set.of(Kinds.DESTINATION_RULE, Kinds.POD, Kinds.SERVICE));
  }

  @Override
  public void analyze(Context ctx) {
    ServiceRegistry registry = ServiceRegistry.of(ctx);
    Map<String, List<Map<String, String>>> pods = null;
    for (Resource dr : ctx.all(Kinds.DESTINATION_RULE)) {
      String host = ServiceRegistry.text(dr.spec(), "host");
      ServiceRegistry.Entry entry = registry.lookup(host, dr.namespace(),
          ServiceRegistry.strings(dr.spec().path("exportTo")));
      if (entry == null) {
        ctx.report(Code.UNKNOWN_DESTINATION_RULE_HOST, dr, null, host);
        continue;
      }
      if (pods == null) {
        pods = podLabels(ctx);
      }
      Map<String, String> base = entry.serviceEntry() == null ? Map.of()
          : Resource.stringMap(entry.serviceEntry().spec().path("workloadSelector").path("labels"));
      for (JsonNode subset : dr.spec().path("subsets")) {
        Map<String, String> selector = new LinkedHashMap<>(base);
        selector.putAll(Resource.stringMap(subset.path("labels")));
        if (!selectsAny(pods, selector)) {
          ctx.report(Code.DESTINATION_RULE_SUBSET_NOT_SELECT_PODS, dr, null, ServiceRegistry.text(subset, "name"));
        }
      }
    }
  }

  /** Pods are indexed by each label pair: a selector is tried only against pods that have its first pair. */
  private static boolean selectsAny(Map<String, List<Map<String, String>>> pods, Map<String, String> selector) {
    if (selector.isEmpty()) {
      return pods.containsKey("");
    }
    Map.Entry<String, String> first = selector.entrySet().iterator().next();
    for (Map<String, String> labels : pods.getOrDefault(first.getKey() + "=" + first.getValue(), List.of())) {
      if (Context.selects(selector, labels)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every pod's labels plus its node's topology labels and {@code kubernetes.io/hostname}, indexed
   * by {@code key=value}; key "" lists every pod.
   */
  private static Map<String, List<Map<String, String>>> podLabels(Context ctx) {
    Map<String, Map<String, String>> nodes = new HashMap<>();
    for (Resource n : ctx.all(Kinds.NODE)) {
      nodes.put(n.name(), n.labels());
    }
    Map<String, List<Map<String, String>>> out = new HashMap<>();
    for (Resource pod : ctx.all(Kinds.POD)) {
      Map<String, String> labels = new HashMap<>(pod.labels());
      String node = ServiceRegistry.text(pod.spec(), "nodeName");
      if (!node.isEmpty()) {
        Map<String, String> nodeLabels = nodes.getOrDefault(node, Map.of());
        for (String t : TOPOLOGY) {
          if (nodeLabels.containsKey(t)) {
            labels.put(t, nodeLabels.get(t));
          }
        }
        labels.put("kubernetes.io/hostname", node);
      }
      out.computeIfAbsent("", k -> new ArrayList<>()).add(labels);
      for (Map.Entry<String, String> e : labels.entrySet()) {
        out.computeIfAbsent(e.getKey() + "=" + e.getValue(), k -> new ArrayList<>()).add(labels);
      }
    }
    return out;
  }
}
