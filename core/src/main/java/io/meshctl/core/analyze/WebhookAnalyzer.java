package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.mesh.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code webhook.Analyzer} (IST0139, analyze.md §8.10): a pod must reach at most one Istio injector
 * webhook, or it is injected twice; and an injector webhook must call a Service that exists.
 *
 * <p>Overlap is judged as istioctl does, on the label combinations Istio's own selectors distinguish
 * (namespace {@code istio-injection}, object {@code sidecar.istio.io/inject}, each with every
 * revision or tag seen on the configurations), not on the cluster's real namespaces and pods: a
 * second injector is a problem for the next namespace labelled that way too.
 */
final class WebhookAnalyzer extends AbstractAnalyzer {

  private static final List<Map<String, String>> NAMESPACE_LABELS = List.of(Map.of(),
      Map.of("istio-injection", "enabled"), Map.of("istio-injection", "disabled"));
  private static final List<Map<String, String>> OBJECT_LABELS = List.of(Map.of(),
      Map.of("sidecar.istio.io/inject", "true"), Map.of("sidecar.istio.io/inject", "false"));

  WebhookAnalyzer() {
    // Service is not required: overlaps need only the webhooks (so a file of them is checked offline);
    // the Service check runs when Services were read
    super("webhook.Analyzer", "Checks the validity of Istio webhooks", Set.of(Code.INVALID_WEBHOOK),
        Set.of(Kinds.MUTATING_WEBHOOK));
  }

  /** One webhook of a configuration, named {@code <configuration>/<webhook>} as the message prints it. */
  private record Hook(String id, Resource config, JsonNode webhook) {
  }

  @Override
  public void analyze(Context ctx) {
    List<Hook> hooks = new ArrayList<>();
    Set<String> revisions = new TreeSet<>();
    for (Resource cfg : ctx.all(Kinds.MUTATING_WEBHOOK)) {
      List<String> revs = new ArrayList<>();
      for (String key : List.of("istio.io/rev", "istio.io/tag")) {
        String v = cfg.label(key);
        if (v != null) {
          revs.add(v);
        }
      }
      if (revs.isEmpty() && !istio(cfg)) {
        continue;
      }
      revisions.addAll(revs);
      for (JsonNode w : cfg.tree().path("webhooks")) {
        hooks.add(new Hook(cfg.name() + "/" + ServiceRegistry.text(w, "name"), cfg, w));
      }
    }
    overlaps(ctx, hooks, revisions);
    if (!ctx.objects().knows(Kinds.SERVICE)) {
      return; // without Services, "does not exist" would be a guess
    }
    for (Hook h : hooks) {
      JsonNode service = h.webhook().path("clientConfig").path("service");
      if (!service.isObject()) {
        continue; // a url: nothing in the cluster to check
      }
      String ns = ServiceRegistry.text(service, "namespace");
      String name = ServiceRegistry.text(service, "name");
      if (ctx.get(Kinds.SERVICE, ns, name).isEmpty()) {
        ctx.report(Code.INVALID_WEBHOOK, h.config(), null,
            "Injector refers to a control plane service that does not exist: " + ns + "/" + name + ".");
      }
    }
  }

  /** Every label combination must reach at most one webhook; each webhook of a larger set is told the others. */
  private static void overlaps(Context ctx, List<Hook> hooks, Set<String> revisions) {
    // istioctl reports once per combination; the same line repeats, so report each once
    Map<String, Resource> reported = new LinkedHashMap<>();
    Map<String, Hook> byId = new HashMap<>();
    hooks.forEach(h -> byId.putIfAbsent(h.id(), h));
    for (Map<String, String> nsLabels : withRevisions(NAMESPACE_LABELS, revisions)) {
      for (Map<String, String> objLabels : withRevisions(OBJECT_LABELS, revisions)) {
        Set<String> matches = new TreeSet<>();
        for (Hook h : hooks) {
          if (LabelSelector.selects(h.webhook().get("namespaceSelector"), nsLabels)
              && LabelSelector.selects(h.webhook().get("objectSelector"), objLabels)) {
            matches.add(h.id());
          }
        }
        if (matches.size() < 2) {
          continue;
        }
        for (String match : matches) {
          Set<String> others = new TreeSet<>(matches);
          others.remove(match);
          String text = "Webhook overlaps with others: [" + String.join(" ", others)
              + "]. This may cause injection to occur twice.";
          reported.putIfAbsent(match + "\n" + text, byId.get(match).config());
        }
      }
    }
    reported.forEach((key, config) -> ctx.report(Code.INVALID_WEBHOOK, config, null,
        key.substring(key.indexOf('\n') + 1)));
  }

  /** The base label sets, then each again with {@code istio.io/rev=<r>} per revision. */
  private static List<Map<String, String>> withRevisions(List<Map<String, String>> base, Set<String> revisions) {
    Set<Map<String, String>> out = new LinkedHashSet<>(base);
    for (String rev : revisions) {
      for (Map<String, String> b : base) {
        Map<String, String> m = new HashMap<>(b);
        m.put("istio.io/rev", rev);
        out.add(m);
      }
    }
    return new ArrayList<>(out);
  }

  /** A configuration with a webhook named {@code *istio.io}, as Istio names its injectors. */
  private static boolean istio(Resource cfg) {
    for (JsonNode w : cfg.tree().path("webhooks")) {
      if (ServiceRegistry.text(w, "name").endsWith("istio.io")) {
        return true;
      }
    }
    return false;
  }
}
