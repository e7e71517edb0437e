package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code auth.AuthorizationPoliciesAnalyzer} (analyze.md §8.13): a policy whose selector matches
 * no workload in the mesh (IST0127) protects nothing; a source namespace that does not exist
 * (IST0101) is usually a typo that silently never matches.
 */
final class AuthorizationPoliciesAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "auth.AuthorizationPoliciesAnalyzer";
  }

  @Override
  public String description() {
    return "Checks the validity of authorization policies";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.NO_MATCHING_WORKLOADS_FOUND, Code.REFERENCED_RESOURCE_NOT_FOUND);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.POD, Kinds.NAMESPACE);
  }

  @Override
  public void analyze(Context ctx) {
    String root = Manifests.text(ctx.meshConfig(), "rootNamespace");
    if (root == null || root.isEmpty()) {
      root = ctx.istioNamespace();
    }
    List<Resource> namespaces = ctx.all(Kinds.NAMESPACE);
    for (Resource ap : ctx.all(Kinds.AUTHORIZATION_POLICY)) {
      if (!ap.spec().path("targetRef").isMissingNode() || !ap.spec().path("targetRefs").isMissingNode()) {
        continue; // bound to a gateway or service, not to pods
      }
      Map<String, String> selector = MeshSnapshot.stringMap(ap.spec().path("selector").path("matchLabels"));
      boolean rootPolicy = ap.namespace().equals(root);
      if (!selector.isEmpty() || !rootPolicy) {
        List<Resource> pods = rootPolicy ? ctx.all(Kinds.POD) : ctx.in(Kinds.POD, ap.namespace());
        boolean any = false;
        for (Resource pod : pods) {
          if (Context.selects(selector, pod.labels()) && (ctx.inMesh(pod) || ambient(ctx, pod))) {
            any = true;
            break;
          }
        }
        if (!any) {
          ctx.report(Code.NO_MATCHING_WORKLOADS_FOUND, ap, null, Context.selectorString(selector));
        }
      }
      JsonNode rules = ap.spec().path("rules");
      for (int i = 0; i < rules.size(); i++) {
        JsonNode from = rules.get(i).path("from");
        for (int j = 0; j < from.size(); j++) {
          for (String f : List.of("namespaces", "notNamespaces")) {
            JsonNode list = from.get(j).path("source").path(f);
            for (int k = 0; k < list.size(); k++) {
              String ns = list.get(k).asText();
              if (!exists(namespaces, ns)) {
                ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, ap,
                    "{.spec.rules[" + i + "].from[" + j + "].source." + f + "[" + k + "]}", "namespace", ns);
              }
            }
          }
        }
      }
    }
  }

  private static boolean ambient(Context ctx, Resource pod) {
    return "enabled".equals(pod.annotation("ambient.istio.io/redirection"))
        || SidecarSelectorAnalyzer.ambient(ctx, pod.namespace());
  }

  /** {@code *}, {@code *suffix}, {@code prefix*}, else a namespace of that name (case-insensitive). */
  private static boolean exists(List<Resource> namespaces, String pattern) {
    if (pattern.equals("*")) {
      return true;
    }
    String p = pattern.toLowerCase(Locale.ROOT);
    for (Resource ns : namespaces) {
      String n = ns.name().toLowerCase(Locale.ROOT);
      if (p.startsWith("*") ? n.endsWith(p.substring(1)) : p.endsWith("*") ? n.startsWith(p.substring(0, p.length() - 1))
          : n.equals(p)) {
        return true;
      }
    }
    return false;
  }
}
