package io.meshctl.core.inject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.mesh.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code check-inject}: per pod, whether it has the sidecar now, whether it would get one if it were
 * recreated, why, and whether it needs a restart. Two stages decide, as in a cluster (inject.md
 * §2.4): the API server calls an injector webhook only when its namespaceSelector and objectSelector
 * match; Istio's handler then applies hostNetwork, the ignored namespaces, the pod's
 * {@code sidecar.istio.io/inject} label (over the annotation), the never/always selectors and the
 * policy ({@code injectRequired}). Pure: the pods, namespace labels, webhooks and injector settings in.
 */
public final class InjectionCheck {

  static final String INJECT = "sidecar.istio.io/inject";
  static final String INJECTION_LABEL = "istio-injection";
  static final String REV = "istio.io/rev";
  /** Istio's handler never injects pods of these (inject/initializer.go IgnoredNamespaces). */
  static final Set<String> IGNORED_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease",
      "local-path-storage");

  /**
   * What the check knows of the cluster.
   *
   * @param namespaceLabels labels by namespace; a namespace missing here has none (or could not be read: see notes)
   * @param webhooks Istio's injector webhooks; null when the configurations could not be read, and Istio's
   *     standard selectors are assumed
   * @param injectors injector settings by revision; a revision missing here uses {@link InjectorSettings#bundled}
   */
  public record Cluster(Map<String, Map<String, String>> namespaceLabels, List<InjectorWebhook> webhooks,
      Map<String, InjectorSettings> injectors) {

    InjectorSettings injector(String revision) {
      String rev = revision == null ? "default" : revision;
      InjectorSettings s = injectors.get(rev);
      return s != null ? s : InjectorSettings.bundled(rev);
    }
  }

  /**
   * One pod's verdict.
   *
   * @param sidecar it runs an istio-proxy container now
   * @param proxyVersion the running proxy's image tag
   * @param injectOnRestart a recreated pod would get the sidecar
   * @param revision the revision that would inject it (null when none would)
   * @param why the deciding reason, in words
   * @param action {@code restart}, or null when nothing is needed
   * @param actionReason why the action is needed
   * @param fix the command that does it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"pod", "namespace", "workload", "sidecar", "proxyVersion", "injectOnRestart", "revision", "why",
      "action", "actionReason", "fix"})
  public record Verdict(String pod, String namespace, String workload, boolean sidecar, String proxyVersion,
      boolean injectOnRestart, String revision, String why, String action, String actionReason, String fix) {

    public boolean needsAction() {
      return action != null;
    }
  }

  private InjectionCheck() {
  }

  /** Verdicts in namespace, pod order. */
  public static List<Verdict> check(List<PodFacts> pods, Cluster cluster) {
    List<Verdict> out = new ArrayList<>();
    for (PodFacts p : pods) {
      out.add(check(p, cluster));
    }
    out.sort(Comparator.comparing(Verdict::namespace).thenComparing(Verdict::pod));
    return out;
  }

  /** The webhook stage's outcome: the revision whose webhook is called (null: none) and why. */
  private record Admission(String revision, String why) {
  }

  public static Verdict check(PodFacts pod, Cluster cluster) {
    Map<String, String> nsLabels = cluster.namespaceLabels().getOrDefault(pod.namespace(), Map.of());
    Admission admission = admission(pod, nsLabels, cluster);
    boolean inject = false;
    String why;
    if (pod.hostNetwork()) {
      why = "hostNetwork: true (Istio never injects host-network pods)";
    } else if (IGNORED_NAMESPACES.contains(pod.namespace())) {
      why = "namespace " + pod.namespace() + " is one Istio never injects";
    } else if (admission.revision() == null) {
      why = admission.why();
    } else {
      InjectorSettings injector = cluster.injector(admission.revision());
      Decision d = handler(pod, injector);
      inject = d.inject();
      why = (d.why() == null ? admission.why() : d.why()) + d.note();
    }
    PodFacts.Proxy proxy = pod.proxy();
    String action = null;
    String actionReason = null;
    if (inject && proxy == null) {
      action = "restart";
      actionReason = "it would be injected but has no sidecar";
    } else if (proxy != null && !pod.annotations().containsKey("sidecar.istio.io/proxyImage")) {
      String rev = proxy.revision() != null ? proxy.revision() : admission.revision();
      InjectorSettings injector = cluster.injector(rev);
      if (older(proxy.version(), injector.version())) {
        action = "restart";
        actionReason = "its proxy " + proxy.version() + " is older than the injector's " + injector.version()
            + " (" + injector.source() + ")" + (inject ? "" : "; it is not injected automatically, so re-inject it");
      }
    }
    String fix = action == null ? null : fix(pod, inject);
    return new Verdict(pod.name(), pod.namespace(), pod.workload(), proxy != null,
        proxy == null ? null : proxy.version(), inject, inject ? admission.revision() : null, why, action, actionReason,
        fix);
  }

  /** The API server's stage: which injector webhook (if any) a new pod like this one is sent to. */
  private static Admission admission(PodFacts pod, Map<String, String> nsLabels, Cluster cluster) {
    String labelFacts = labelFacts(pod, nsLabels);
    if (cluster.webhooks() == null) {
      return standardSelectors(pod, nsLabels, cluster, labelFacts);
    }
    if (cluster.webhooks().isEmpty()) {
      return new Admission(null, "no Istio sidecar-injector webhook is installed (no MutatingWebhookConfiguration "
          + "with a *sidecar-injector.istio.io webhook)");
    }
    for (InjectorWebhook w : cluster.webhooks()) {
      if (LabelSelector.selects(w.namespaceSelector(), nsLabels) && LabelSelector.selects(w.objectSelector(),
          pod.labels())) {
        return new Admission(w.revision(), labelFacts + " (webhook " + w.id() + ")");
      }
    }
    return new Admission(null, "no injector webhook selects it: " + labelFacts);
  }

  /**
   * Istio's own webhooks, for when the configurations cannot be read (inject.md §2.4): namespace
   * {@code istio-injection=enabled}; namespace {@code istio.io/rev} without {@code istio-injection};
   * in a namespace with neither, pod label {@code istio.io/rev} or {@code sidecar.istio.io/inject=true},
   * or every namespace when the injector enables namespaces by default. A pod labelled
   * {@code sidecar.istio.io/inject=false} is excluded by the objectSelector.
   */
  private static Admission standardSelectors(PodFacts pod, Map<String, String> ns, Cluster cluster, String facts) {
    String objectOptOut = pod.labels().get(INJECT);
    boolean optedOut = "false".equals(objectOptOut);
    String injection = ns.get(INJECTION_LABEL);
    if (injection != null) {
      return "enabled".equals(injection) && !optedOut ? new Admission("default", facts) : new Admission(null, facts);
    }
    if (ns.containsKey(REV)) {
      return optedOut ? new Admission(null, facts) : new Admission(ns.get(REV), facts);
    }
    if (pod.labels().containsKey(REV) && !optedOut) {
      return new Admission(pod.labels().get(REV), facts);
    }
    if ("true".equals(objectOptOut)) {
      return new Admission("default", facts);
    }
    if (cluster.injector("default").enableNamespacesByDefault() && !optedOut) {
      return new Admission("default", "the injector enables every namespace by default (enableNamespacesByDefault)");
    }
    return new Admission(null, facts);
  }

  /** The labels that decide at the API server, most specific first, in words. */
  private static String labelFacts(PodFacts pod, Map<String, String> ns) {
    String n = "namespace " + pod.namespace();
    if ("false".equals(pod.labels().get(INJECT))) {
      return "pod label " + INJECT + "=false";
    }
    if (ns.containsKey(INJECTION_LABEL)) {
      return n + " has " + INJECTION_LABEL + "=" + ns.get(INJECTION_LABEL);
    }
    if (ns.containsKey(REV)) {
      return n + " has " + REV + "=" + ns.get(REV);
    }
    if (pod.labels().containsKey(REV)) {
      return "pod label " + REV + "=" + pod.labels().get(REV);
    }
    if (pod.labels().containsKey(INJECT)) {
      return "pod label " + INJECT + "=" + pod.labels().get(INJECT);
    }
    return n + " has no " + INJECTION_LABEL + "/" + REV + " label and the pod does not opt in";
  }

  /**
   * The handler's stage ({@code injectRequired}); {@code why} null means "the admission reason stands";
   * {@code note} is appended either way.
   */
  private record Decision(boolean inject, String why, String note) {
  }

  private static Decision handler(PodFacts pod, InjectorSettings injector) {
    String value = pod.labels().get(INJECT);
    String from = "pod label ";
    if (value == null) {
      value = pod.annotations().get(INJECT);
      from = "pod annotation ";
    }
    Boolean explicit = null;
    String invalid = "";
    if (value != null) {
      String v = injector.yesValues() ? value.toLowerCase(Locale.ROOT) : value;
      if (injector.yesValues()) {
        explicit = v.isEmpty() ? null : Set.of("y", "yes", "true", "on").contains(v);
      } else if (v.equals("true") || v.equals("false")) {
        explicit = v.equals("true");
      } else if (!v.isEmpty()) {
        invalid = "; " + from + INJECT + "=" + value + " is ignored (only true or false)";
      }
    }
    if (explicit != null) {
      return new Decision(explicit, from + INJECT + "=" + value, "");
    }
    for (JsonNode s : injector.neverInjectSelector()) {
      if (!LabelSelector.isEmpty(s) && LabelSelector.selects(s, pod.labels())) {
        return new Decision(false, "its labels match neverInjectSelector " + LabelSelector.describe(s) + " of "
            + injector.source(), invalid);
      }
    }
    for (JsonNode s : injector.alwaysInjectSelector()) {
      if (!LabelSelector.isEmpty(s) && LabelSelector.selects(s, pod.labels())) {
        return new Decision(true, "its labels match alwaysInjectSelector " + LabelSelector.describe(s) + " of "
            + injector.source(), invalid);
      }
    }
    if ("enabled".equals(injector.policy())) {
      return new Decision(true, null, invalid);
    }
    return new Decision(false, "the injector's policy is " + injector.policy() + " (" + injector.source()
        + ") and nothing opts the pod in with " + INJECT + "=true", invalid);
  }

  /** Whether dotted version {@code a} is older than {@code b}; false when either is not a version. */
  static boolean older(String a, String b) {
    int[] x = numbers(a);
    int[] y = numbers(b);
    if (x == null || y == null) {
      return false;
    }
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int l = i < x.length ? x[i] : 0;
      int r = i < y.length ? y[i] : 0;
      if (l != r) {
        return l < r;
      }
    }
    return false;
  }

  /** {@code 1.27.0} or {@code 1.27.0-distroless} → [1, 27, 0]; null otherwise. */
  private static int[] numbers(String v) {
    if (v == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v?(\\d+(?:\\.\\d+)*)").matcher(v);
    if (!m.find()) {
      return null;
    }
    String[] parts = m.group(1).split("\\.");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  private static String fix(PodFacts pod, boolean autoInjected) {
    String w = pod.workload();
    String restart;
    if (w != null && (w.startsWith("Deployment/") || w.startsWith("StatefulSet/") || w.startsWith("DaemonSet/"))) {
      restart = "kubectl rollout restart " + w.toLowerCase(Locale.ROOT).replaceFirst("/.*", "") + "/"
          + w.substring(w.indexOf('/') + 1) + " -n " + pod.namespace();
    } else {
      restart = "kubectl delete pod " + pod.name() + " -n " + pod.namespace()
          + (w == null ? " and create it again" : " (its " + w + " recreates it)");
    }
    return autoInjected ? restart : "meshctl inject the workload's manifest, apply it, then " + restart;
  }
}
