package io.meshctl.core.analyze;

import io.meshctl.core.mesh.LabelSelector;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.Map;
import java.util.Set;

/**
 * {@code injection.ImageAutoAnalyzer} (analyze.md §8.10): {@code image: auto} on the
 * {@code istio-proxy} container is a placeholder the injector replaces; a running Pod still carrying
 * it was never injected (IST0147), and a Deployment no Istio webhook selects never will be (IST0146).
 */
final class ImageAutoAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "injection.ImageAutoAnalyzer";
  }

  @Override
  public String description() {
    return "Makes sure that Pods and Deployments with `image: auto` are going to be injected";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.IMAGE_AUTO_WITHOUT_INJECTION_WARNING, Code.IMAGE_AUTO_WITHOUT_INJECTION_ERROR);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource pod : ctx.all(Kinds.POD)) {
      if (auto(pod.spec())) {
        ctx.report(Code.IMAGE_AUTO_WITHOUT_INJECTION_ERROR, pod, null, "Pod", pod.name());
      }
    }
    if (!ctx.objects().knows(Kinds.MUTATING_WEBHOOK)) {
      return; // without the webhooks, "matches none" would be a guess
    }
    for (Resource d : ctx.all(Kinds.DEPLOYMENT)) {
      JsonNode template = d.spec().path("template");
      if (!auto(template.path("spec"))) {
        continue;
      }
      Map<String, String> podLabels = MeshSnapshot.stringMap(template.path("metadata").path("labels"));
      Map<String, String> nsLabels = ctx.get(Kinds.NAMESPACE, "", d.namespace()).map(Resource::labels).orElse(Map.of());
      if (!injected(ctx, nsLabels, podLabels)) {
        ctx.report(Code.IMAGE_AUTO_WITHOUT_INJECTION_WARNING, d, null, "Deployment", d.name());
      }
    }
  }

  private static boolean auto(JsonNode podSpec) {
    for (JsonNode c : podSpec.path("containers")) {
      if ("istio-proxy".equals(Manifests.text(c, "name")) && "auto".equals(Manifests.text(c, "image"))) {
        return true;
      }
    }
    return false;
  }

  /** Whether some Istio webhook ({@code *istio.io}) selects the namespace and the object; absent selectors match. */
  private static boolean injected(Context ctx, Map<String, String> nsLabels, Map<String, String> podLabels) {
    for (Resource cfg : ctx.all(Kinds.MUTATING_WEBHOOK)) {
      for (JsonNode w : cfg.tree().path("webhooks")) {
        String name = Manifests.text(w, "name");
        if (name != null && name.endsWith("istio.io") && LabelSelector.selects(w.get("namespaceSelector"), nsLabels)
            && LabelSelector.selects(w.get("objectSelector"), podLabels)) {
          return true;
        }
      }
    }
    return false;
  }
}
