package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code sidecar.SelectorAnalyzer} (analyze.md §8.9): a Sidecar's workload selector must select a
 * pod of its own namespace (IST0101); a pod selected by two Sidecars (IST0110), or two Sidecars
 * without selector in one namespace (IST0111), leave the proxy's configuration undefined; in
 * ambient mode a Sidecar does nothing (IST0167).
 */
final class SidecarSelectorAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "sidecar.SelectorAnalyzer";
  }

  @Override
  public String description() {
    return "Validates that sidecars that define a workload selector match at least one pod, and that there aren't "
        + "multiple sidecar resources that select overlapping pods";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND, Code.CONFLICTING_SIDECAR_WORKLOAD_SELECTORS,
        Code.MULTIPLE_SIDECARS_WITHOUT_WORKLOAD_SELECTORS, Code.INEFFECTIVE_POLICY);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.POD);
  }

  @Override
  public void analyze(Context ctx) {
    Map<Resource, List<Resource>> sidecarsOfPod = new LinkedHashMap<>();
    Map<String, List<Resource>> withoutSelector = new TreeMap<>();
    for (Resource sc : ctx.all(Kinds.SIDECAR)) {
      JsonNode labels = sc.spec().path("workloadSelector").path("labels");
      Map<String, String> selector = MeshSnapshot.stringMap(labels);
      if (selector.isEmpty()) {
        withoutSelector.computeIfAbsent(sc.namespace(), k -> new ArrayList<>()).add(sc);
        continue;
      }
      boolean any = false;
      for (Resource pod : ctx.in(Kinds.POD, sc.namespace())) {
        if (Context.selects(selector, pod.labels())) {
          any = true;
          sidecarsOfPod.computeIfAbsent(pod, k -> new ArrayList<>()).add(sc);
        }
      }
      if (!any) {
        ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, sc,
            "{.spec.workloadSelector.labels." + labels.fieldNames().next() + "}", "selector",
            Context.selectorString(selector));
      }
    }
    Set<Resource> ineffective = new LinkedHashSet<>();
    sidecarsOfPod.forEach((pod, sidecars) -> {
      if ("enabled".equals(pod.annotation("ambient.istio.io/redirection"))) {
        for (Resource sc : sidecars) {
          if (ineffective.add(sc)) {
            ctx.report(Code.INEFFECTIVE_POLICY, sc, null, "selected workload is in ambient mode, the policy has no impact");
          }
        }
      } else if (sidecars.size() > 1) {
        List<String> names = names(sidecars);
        for (Resource sc : sidecars) {
          ctx.report(Code.CONFLICTING_SIDECAR_WORKLOAD_SELECTORS, sc, "{.metadata.name}", names, sc.namespace(),
              pod.name());
        }
      }
    });
    withoutSelector.forEach((ns, sidecars) -> {
      if (ambient(ctx, ns)) {
        sidecars.forEach(sc -> ctx.report(Code.INEFFECTIVE_POLICY, sc, null,
            "namespace is in ambient mode, the policy has no impact"));
      } else if (sidecars.size() > 1) {
        List<String> names = names(sidecars);
        sidecars.forEach(sc -> ctx.report(Code.MULTIPLE_SIDECARS_WITHOUT_WORKLOAD_SELECTORS, sc, "{.metadata.name}",
            names, ns));
      }
    });
  }

  /** {@code istio.io/dataplane-mode=ambient} and no sidecar injection label. */
  static boolean ambient(Context ctx, String namespace) {
    return ctx.get(Kinds.NAMESPACE, "", namespace).map(ns -> "ambient".equals(ns.label("istio.io/dataplane-mode"))
        && !"enabled".equals(ns.label("istio-injection"))
        && (ns.label("istio.io/rev") == null || ns.label("istio.io/rev").isEmpty())).orElse(false);
  }

  private static List<String> names(List<Resource> resources) {
    Set<String> names = new TreeSet<>();
    resources.forEach(r -> names.add(r.name()));
    return new ArrayList<>(names);
  }
}
