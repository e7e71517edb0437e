package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code injection.ImageAnalyzer} (analyze.md §8.10, IST0158): in namespaces the injector serves,
 * pods whose proxy image is not the one the injector's ConfigMap now injects: they run an older
 * (or newer) proxy than the control plane and need a restart. One message per namespace.
 */
final class ImageAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "injection.ImageAnalyzer";
  }

  @Override
  public String description() {
    return "Checks the image of auto-injection configured with the running proxies on pods";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.PODS_ISTIO_PROXY_IMAGE_MISMATCH_IN_NAMESPACE);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.NAMESPACE, Kinds.POD, Kinds.CONFIG_MAP);
  }

  @Override
  public void analyze(Context ctx) {
    String variant = Manifests.text(ctx.meshConfig().path("defaultConfig").path("image"), "imageType");
    for (Resource ns : ctx.all(Kinds.NAMESPACE)) {
      String rev;
      if ("enabled".equals(ns.label(InjectionAnalyzer.INJECTION))) {
        rev = null;
      } else if (ns.label(InjectionAnalyzer.REVISION) != null) {
        rev = ns.label(InjectionAnalyzer.REVISION);
      } else {
        continue;
      }
      String expected = expectedImage(InjectionAnalyzer.injectorValues(ctx, rev));
      if (expected == null) {
        continue;
      }
      List<String> mismatched = new ArrayList<>();
      for (Resource pod : ctx.in(Kinds.POD, ns.name())) {
        String image = InjectionAnalyzer.proxyImage(pod.spec());
        if (image == null || pod.annotation("sidecar.istio.io/proxyImage") != null) {
          continue;
        }
        boolean ok = image.equals(expected) || (variant != null && !variant.equals("default")
            && image.equals(expected + "-" + variant));
        if (!ok) {
          mismatched.add(pod.name());
        }
      }
      if (!mismatched.isEmpty()) {
        mismatched.sort(null);
        ctx.report(Code.PODS_ISTIO_PROXY_IMAGE_MISMATCH_IN_NAMESPACE, ns, null, mismatched);
      }
    }
  }

  /** {@code global.proxy.image} when it is a full reference, else {@code <hub>/<image>:<tag>}; null without values. */
  static String expectedImage(JsonNode values) {
    JsonNode global = values.path("global");
    String image = Manifests.text(global.path("proxy"), "image");
    if (image == null) {
      return null;
    }
    if (image.contains("/")) {
      return image;
    }
    return Manifests.text(global, "hub") + "/" + image + ":" + Manifests.text(global, "tag");
  }
}
