package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code injection.Analyzer} (analyze.md §8.10): per namespace, conflicting injection labels
 * (IST0123), no injection label at all (IST0102, or IST0148 when the injector injects every
 * namespace by default), and in {@code istio-injection=enabled} namespaces the pods that run
 * without a proxy (IST0103).
 */
final class InjectionAnalyzer implements Analyzer {

  static final String INJECTION = "istio-injection";
  static final String REVISION = "istio.io/rev";
  static final String DATAPLANE = "istio.io/dataplane-mode";

  @Override
  public String name() {
    return "injection.Analyzer";
  }

  @Override
  public String description() {
    return "Checks conditions related to Istio sidecar injection";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.NAMESPACE_MULTIPLE_INJECTION_LABELS, Code.NAMESPACE_INJECTION_ENABLED_BY_DEFAULT,
        Code.NAMESPACE_NOT_INJECTED, Code.POD_MISSING_PROXY);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.NAMESPACE);
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource ns : ctx.all(Kinds.NAMESPACE)) {
      if (ns.name().equals("istio-system")) {
        continue;
      }
      String injection = ns.label(INJECTION);
      String rev = ns.label(REVISION);
      String dataplane = ns.label(DATAPLANE);
      List<String> labels = new ArrayList<>();
      if (injection != null) {
        labels.add(INJECTION + "=" + injection);
      }
      boolean others = injection == null || injection.equals("enabled");
      if (rev != null && others) {
        labels.add(REVISION + "=" + rev);
      }
      if (dataplane != null && others) {
        labels.add(DATAPLANE + "=" + dataplane);
      }
      if (labels.size() > 1) {
        ctx.report(Code.NAMESPACE_MULTIPLE_INJECTION_LABELS, ns, null, labels);
      }
      if ("ambient".equals(dataplane)) {
        continue;
      }
      if (injection == null && rev == null) {
        if (enabledByDefault(ctx, rev)) {
          ctx.report(Code.NAMESPACE_INJECTION_ENABLED_BY_DEFAULT, ns, "{.metadata.name}");
        } else {
          ctx.report(Code.NAMESPACE_NOT_INJECTED, ns, "{.metadata.name}", ns.name(), ns.name());
        }
        continue;
      }
      if (!"enabled".equals(injection)) {
        continue; // istioctl checks pods of istio-injection=enabled namespaces only, not istio.io/rev ones
      }
      for (Resource pod : ctx.in(Kinds.POD, ns.name())) {
        String inject = Optional.ofNullable(pod.label("sidecar.istio.io/inject"))
            .orElse(pod.annotation("sidecar.istio.io/inject"));
        if ((inject != null && inject.toLowerCase(Locale.ROOT).equals("false"))
            || pod.spec().path("hostNetwork").asBoolean(false)) {
          continue;
        }
        if (proxyImage(pod.spec()) == null) {
          ctx.report(Code.POD_MISSING_PROXY, pod, null, pod.ref());
        }
      }
    }
  }

  /** The image of the {@code istio-proxy} container or init container (native sidecar), or null. */
  static String proxyImage(JsonNode podSpec) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : podSpec.path(list)) {
        String image = Manifests.text(c, "image");
        if ("istio-proxy".equals(Manifests.text(c, "name")) && image != null && !image.isEmpty()) {
          return image;
        }
      }
    }
    return null;
  }

  /** {@code sidecarInjectorWebhook.enableNamespacesByDefault} of the injector's values. */
  private static boolean enabledByDefault(Context ctx, String rev) {
    return injectorValues(ctx, rev).path("sidecarInjectorWebhook").path("enableNamespacesByDefault").asBoolean(false);
  }

  /** The JSON {@code values} of ConfigMap {@code istio-sidecar-injector[-<rev>]} in the Istio namespace; empty if none. */
  static JsonNode injectorValues(Context ctx, String rev) {
    String name = rev == null || rev.isEmpty() || rev.equals("default")
        ? "istio-sidecar-injector" : "istio-sidecar-injector-" + rev;
    return ctx.memo("injectorValues:" + name, k -> ctx.get(Kinds.CONFIG_MAP, ctx.istioNamespace(), name)
        .map(cm -> Manifests.text(cm.tree().path("data"), "values"))
        .map(InjectionAnalyzer::json)
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance()));
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance(); // istioctl ignores unreadable values
    }
  }
}
