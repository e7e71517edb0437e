package io.meshctl.core.analyze;

import io.meshctl.core.inject.AnnotationValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code annotations.K8sAnalyzer} (analyze.md §8.11): the Istio annotations on Namespaces,
 * Services, Pods and Deployments (their own metadata): unknown to Istio (IST0108), deprecated
 * (IST0135), on a kind Istio does not read them from (IST0107), or with a value the injector would
 * refuse (IST0125, validated by {@code inject}'s own rules).
 */
final class AnnotationsAnalyzer implements Analyzer {

  /** An entry of Istio's annotation registry (istio.io/api annotation): where it applies, whether deprecated. */
  private record Annotation(List<String> kinds, boolean deprecated) {
  }

  private static final List<String> ANY = List.of("Any");
  private static final List<String> POD = List.of("Pod");
  private static final List<String> SERVICE = List.of("Service");

  private static final Map<String, Annotation> REGISTRY = Map.ofEntries(
      Map.entry("galley.istio.io/analyze-suppress", new Annotation(ANY, false)),
      Map.entry("inject.istio.io/templates", new Annotation(POD, false)),
      Map.entry("install.operator.istio.io/chart-owner", new Annotation(ANY, false)),
      Map.entry("install.operator.istio.io/owner-generation", new Annotation(ANY, false)),
      Map.entry("install.operator.istio.io/version", new Annotation(ANY, false)),
      Map.entry("istio.io/dry-run", new Annotation(List.of("AuthorizationPolicy"), false)),
      Map.entry("istio.io/reroute-virtual-interfaces", new Annotation(POD, false)),
      Map.entry("kubernetes.io/ingress.class", new Annotation(List.of("Ingress"), false)),
      Map.entry("networking.istio.io/exportTo", new Annotation(SERVICE, false)),
      Map.entry("networking.istio.io/traffic-distribution", new Annotation(SERVICE, false)),
      Map.entry("networking.istio.io/service-type", new Annotation(List.of("Gateway"), false)),
      Map.entry("networking.istio.io/address-type", new Annotation(List.of("Gateway"), false)),
      Map.entry("prometheus.istio.io/merge-metrics", new Annotation(POD, false)),
      Map.entry("proxy.istio.io/config", new Annotation(POD, false)),
      Map.entry("proxy.istio.io/overrides", new Annotation(POD, false)),
      Map.entry("readiness.status.sidecar.istio.io/applicationPorts", new Annotation(POD, false)),
      Map.entry("readiness.status.sidecar.istio.io/failureThreshold", new Annotation(POD, false)),
      Map.entry("readiness.status.sidecar.istio.io/initialDelaySeconds", new Annotation(POD, false)),
      Map.entry("readiness.status.sidecar.istio.io/periodSeconds", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/agentLogLevel", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/bootstrapOverride", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/componentLogLevel", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/controlPlaneAuthPolicy", new Annotation(POD, true)),
      Map.entry("sidecar.istio.io/discoveryAddress", new Annotation(POD, true)),
      Map.entry("sidecar.istio.io/enableCoreDump", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/extraStatTags", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/inject", new Annotation(POD, true)),
      Map.entry("sidecar.istio.io/interceptionMode", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/logLevel", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/nativeSidecar", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/proxyCPU", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/proxyCPULimit", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/proxyImage", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/proxyImageType", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/proxyMemory", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/proxyMemoryLimit", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/rewriteAppHTTPProbers", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/statsCompression", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/statsHistogramBuckets", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/statsInclusionPrefixes", new Annotation(POD, true)),
      Map.entry("sidecar.istio.io/statsInclusionRegexps", new Annotation(POD, true)),
      Map.entry("sidecar.istio.io/statsInclusionSuffixes", new Annotation(POD, true)),
      Map.entry("sidecar.istio.io/userVolume", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/userVolumeMount", new Annotation(POD, false)),
      Map.entry("sidecar.istio.io/capNetBindService", new Annotation(POD, false)),
      Map.entry("status.sidecar.istio.io/port", new Annotation(POD, false)),
      Map.entry("topology.istio.io/controlPlaneClusters", new Annotation(ANY, false)),
      Map.entry("traffic.istio.io/nodeSelector", new Annotation(SERVICE, false)),
      Map.entry("traffic.sidecar.istio.io/excludeInboundPorts", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/excludeInterfaces", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/excludeOutboundIPRanges", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/excludeOutboundPorts", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/includeInboundPorts", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/includeOutboundIPRanges", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/includeOutboundPorts", new Annotation(POD, false)),
      Map.entry("traffic.sidecar.istio.io/kubevirtInterfaces", new Annotation(POD, false)),
      Map.entry("ambient.istio.io/redirection", new Annotation(POD, false)),
      Map.entry("ambient.istio.io/bypass-inbound-capture", new Annotation(POD, false)),
      Map.entry("ambient.istio.io/dns-capture", new Annotation(POD, false)),
      Map.entry("gateway.istio.io/service-account", new Annotation(List.of("Gateway"), false)),
      Map.entry("alpha.istio.io/canonical-serviceaccounts", new Annotation(SERVICE, true)),
      Map.entry("alpha.istio.io/kubernetes-serviceaccounts", new Annotation(SERVICE, true)));

  /** Written by Istio itself, never by users. */
  private static final Set<String> IGNORED = Set.of("sidecar.istio.io/status", "gateway.istio.io/controller-version",
      "istio.io/rev");

  @Override
  public String name() {
    return "annotations.K8sAnalyzer";
  }

  @Override
  public String description() {
    return "Checks for misplaced and invalid Istio annotations in Kubernetes resources";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.UNKNOWN_ANNOTATION, Code.DEPRECATED_ANNOTATION, Code.MISPLACED_ANNOTATION,
        Code.INVALID_ANNOTATION);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    for (String kind : List.of(Kinds.NAMESPACE, Kinds.SERVICE, Kinds.POD, Kinds.DEPLOYMENT)) {
      for (Resource r : ctx.all(kind)) {
        r.annotations().forEach((key, value) -> check(ctx, r, key, value));
      }
    }
  }

  private static void check(Context ctx, Resource r, String key, String value) {
    if (!istio(key) || IGNORED.contains(key)) {
      return;
    }
    String field = "{.metadata.annotations." + key + "}";
    Annotation a = REGISTRY.get(key);
    if (a == null) {
      ctx.report(Code.UNKNOWN_ANNOTATION, r, field, key);
      return;
    }
    if (a.deprecated()) {
      if (key.equals("sidecar.istio.io/inject")) {
        if (r.label(key) == null) {
          ctx.report(Code.DEPRECATED_ANNOTATION, r, field, key, " in favor of the \"sidecar.istio.io/inject\" label");
        }
      } else {
        ctx.report(Code.DEPRECATED_ANNOTATION, r, field, key, "");
      }
    }
    if (!a.kinds().equals(ANY) && !a.kinds().contains(r.kind())) {
      ctx.report(Code.MISPLACED_ANNOTATION, r, field, key, String.join(", ", a.kinds()));
      return;
    }
    String problem = validated(key) ? AnnotationValues.problem(key, value) : null;
    if (problem != null) {
      ctx.report(Code.INVALID_ANNOTATION, r, field, key, problem);
    }
  }

  /** The annotations whose values istioctl validates (inject's rules decide what is valid). */
  private static boolean validated(String key) {
    return key.startsWith("traffic.sidecar.istio.io/") || key.startsWith("readiness.status.sidecar.istio.io/")
        || Set.of("sidecar.istio.io/interceptionMode", "status.sidecar.istio.io/port", "proxy.istio.io/config",
            "sidecar.istio.io/proxyCPU", "sidecar.istio.io/proxyCPULimit", "sidecar.istio.io/proxyMemory",
            "sidecar.istio.io/proxyMemoryLimit").contains(key);
  }

  /** {@code kubernetes.io/ingress.class}, or a key whose prefix ends in {@code istio.io}. */
  private static boolean istio(String key) {
    int slash = key.indexOf('/');
    return key.equals("kubernetes.io/ingress.class") || (slash > 0 && key.substring(0, slash).endsWith("istio.io"));
  }
}
