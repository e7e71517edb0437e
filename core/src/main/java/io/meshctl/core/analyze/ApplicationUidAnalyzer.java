package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.Set;

/**
 * {@code applicationUID.Analyzer} (analyze.md §8.11, IST0144): an application running as UID 1337,
 * the sidecar's own, has its traffic exempted from capture and so bypasses the mesh.
 */
final class ApplicationUidAnalyzer implements Analyzer {

  private static final int PROXY_UID = 1337;

  @Override
  public String name() {
    return "applicationUID.Analyzer";
  }

  @Override
  public String description() {
    return "Checks invalid application UID";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.INVALID_APPLICATION_UID);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource pod : ctx.all(Kinds.POD)) {
      check(ctx, pod, pod.spec(), "");
    }
    for (Resource d : ctx.all(Kinds.DEPLOYMENT)) {
      check(ctx, d, d.spec().path("template").path("spec"), ".spec.template");
    }
  }

  private static void check(Context ctx, Resource r, JsonNode podSpec, String prefix) {
    if (Context.controlPlane(r)) {
      return;
    }
    if (podSpec.path("securityContext").path("runAsUser").asLong(-1) == PROXY_UID) {
      ctx.report(Code.INVALID_APPLICATION_UID, r, "{" + prefix + ".spec.securityContext.runAsUser}");
      return;
    }
    JsonNode containers = podSpec.path("containers");
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String name = Manifests.text(c, "name");
      if (!"istio-proxy".equals(name) && !"istio-operator".equals(name)
          && c.path("securityContext").path("runAsUser").asLong(-1) == PROXY_UID) {
        ctx.report(Code.INVALID_APPLICATION_UID, r, "{" + prefix + ".spec.containers[" + i + "].securityContext.runAsUser}");
        return;
      }
    }
  }
}
