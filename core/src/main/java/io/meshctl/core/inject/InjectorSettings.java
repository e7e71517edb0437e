package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the cluster's sidecar injector decides with, for check-inject: its proxy image (hence the
 * release it injects), its policy and never/always selectors, and {@code enableNamespacesByDefault}.
 * Taken from the {@link IstioInputs} that {@link InjectorConfigMaps} read (the one reader of the
 * injector ConfigMaps): the values' {@code global.hub}, {@code global.tag}, {@code global.proxy.image};
 * the config's {@code policy}, {@code neverInjectSelector}, {@code alwaysInjectSelector} (in Istio 1.x
 * releases whose ConfigMap has no {@code values}, the image is read from the rendered
 * {@code template}). Without a readable ConfigMap, meshctl's bundled defaults stand in, and
 * {@link #source} says so.
 *
 * @param source where the settings came from, for messages: {@code ConfigMap istio-system/istio-sidecar-injector}
 * @param proxyImage the image the injector gives new pods; null when the ConfigMap does not say
 * @param version its tag ({@code 1.27.0}); null when unknown
 * @param policy {@code enabled} or {@code disabled} (Istio's {@code autoInject})
 * @param yesValues Istio before 1.9 took {@code y}, {@code yes}, {@code on} (any case) for {@code true} and any
 *     other non-empty value for {@code false}; later releases take only {@code true}/{@code false}
 */
public record InjectorSettings(String source, String revision, String proxyImage, String version, String policy,
    List<JsonNode> neverInjectSelector, List<JsonNode> alwaysInjectSelector, boolean enableNamespacesByDefault,
    boolean yesValues, boolean bundled) {

  /** meshctl's own defaults, what {@code meshctl inject} uses offline. */
  public static InjectorSettings bundled(String revision) {
    String image = BundledImage.IMAGE;
    return new InjectorSettings("meshctl's bundled defaults (Istio " + PodFacts.version(image) + ")",
        revision == null ? "default" : revision, image, PodFacts.version(image), "enabled", List.of(), List.of(),
        false, false, true);
  }

  /** Built once: check-inject falls back to the bundled injector for every pod of an unread revision. */
  private static final class BundledImage {
    static final String IMAGE = InjectionConfig.defaults().proxyImage();
  }

  private static final Pattern TEMPLATE_IMAGE = Pattern.compile(
      "sidecar\\.istio\\.io/proxyImage`\\s+\"([^\"]+)\"|image:\\s*\"?([^\\s\"\\[{]+/proxyv2:[^\\s\"\\]}]+)");

  /** The settings of revision {@code revision} ({@code default} for the unsuffixed ConfigMap) from its inputs. */
  public static InjectorSettings of(IstioInputs in, String revision) {
    JsonNode values = in.values();
    JsonNode config = in.config();
    JsonNode global = values.path("global");
    String image = null;
    String tag = Manifests.text(global, "tag");
    String name = Manifests.text(global.path("proxy"), "image");
    if (name != null && name.contains("/") || Manifests.text(global, "hub") != null && tag != null) {
      // the image inject itself would give, from the same values
      InjectionConfig injected = InjectionConfig.load(in, in.origin(), null, InjectionConfig.ImageOverrides.NONE, null);
      image = injected.legacy() ? injected.legacyProxyImage() : injected.proxyImage();
    }
    String template = Manifests.text(config, "template");
    if (image == null && template != null) {
      Matcher m = TEMPLATE_IMAGE.matcher(template);
      if (m.find()) {
        image = m.group(1) != null ? m.group(1) : m.group(2);
      }
    }
    // a variant (distroless) is part of the tag, not of the release
    String version = tag != null && image != null && image.contains(":" + tag) ? tag : PodFacts.version(image);
    String policy = Manifests.text(config, "policy");
    if (policy == null) {
      policy = Manifests.text(global.path("proxy"), "autoInject");
    }
    return new InjectorSettings(in.origin().source(), revision == null || revision.isEmpty() ? "default" : revision,
        image, version, policy == null ? "enabled" : policy, list(config.path("neverInjectSelector")),
        list(config.path("alwaysInjectSelector")),
        values.path("sidecarInjectorWebhook").path("enableNamespacesByDefault").asBoolean(false),
        in.singleTemplate(), false);
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }
}
