package io.meshctl.core.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the cluster's sidecar injector decides with: its proxy image (hence the release it injects),
 * its policy and never/always selectors, and {@code enableNamespacesByDefault}. Read from the
 * {@code istio-sidecar-injector[-<rev>]} ConfigMap: the {@code values} JSON ({@code global.hub},
 * {@code global.tag}, {@code global.proxy.image}) and the {@code config} YAML ({@code policy},
 * {@code neverInjectSelector}, {@code alwaysInjectSelector}; in Istio 1.x releases whose ConfigMap
 * has no {@code values}, the image is read from the rendered {@code template}). Without a readable
 * ConfigMap, meshctl's bundled defaults stand in, and {@link #source} says so.
 *
 * <p>The one place that parses the injector ConfigMap, so cluster-aware {@code inject} can share it.
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

  public static final String CONFIG_MAP = "istio-sidecar-injector";

  /** The ConfigMap of a revision: {@code istio-sidecar-injector}, or {@code istio-sidecar-injector-<rev>}. */
  public static String configMapName(String revision) {
    return revision == null || revision.isEmpty() || revision.equals("default") ? CONFIG_MAP
        : CONFIG_MAP + "-" + revision;
  }

  /** meshctl's own defaults, what {@code meshctl inject} uses offline. */
  public static InjectorSettings bundled(String revision) {
    String image = InjectionConfig.defaults().proxyImage();
    return new InjectorSettings("meshctl's bundled defaults (Istio " + PodFacts.version(image) + ")",
        revision == null ? "default" : revision, image, PodFacts.version(image), "enabled", List.of(), List.of(),
        false, false, true);
  }

  private static final Pattern TEMPLATE_IMAGE = Pattern.compile(
      "sidecar\\.istio\\.io/proxyImage`\\s+\"([^\"]+)\"|image:\\s*\"?([^\\s\"\\[{]+/proxyv2:[^\\s\"\\]}]+)");

  /** Parses the ConfigMap; a {@code values} or {@code config} that does not parse is invalid input (65) naming it. */
  public static InjectorSettings fromConfigMap(JsonNode cm) {
    JsonNode meta = cm.path("metadata");
    String where = "ConfigMap " + Manifests.text(meta, "namespace") + "/" + Manifests.text(meta, "name");
    JsonNode data = cm.path("data");
    JsonNode values = parse(Manifests.text(data, "values"), where, "values", true);
    JsonNode config = parse(Manifests.text(data, "config"), where, "config", false);
    JsonNode global = values.path("global");
    String image = null;
    String hub = Manifests.text(global, "hub");
    String tag = Manifests.text(global, "tag");
    String name = Manifests.text(global.path("proxy"), "image");
    if (name != null && name.contains("/")) {
      image = name;
    } else if (hub != null && tag != null) {
      String variant = Manifests.text(global, "variant");
      image = hub + "/" + (name == null ? "proxyv2" : name) + ":" + tag
          + (variant == null || variant.isEmpty() ? "" : "-" + variant);
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
    String rev = Manifests.text(meta.path("labels"), "istio.io/rev");
    if (rev == null) {
      rev = Manifests.text(values, "revision");
    }
    return new InjectorSettings(where, rev == null || rev.isEmpty() ? "default" : rev, image, version,
        policy == null ? "enabled" : policy, list(config.path("neverInjectSelector")),
        list(config.path("alwaysInjectSelector")),
        values.path("sidecarInjectorWebhook").path("enableNamespacesByDefault").asBoolean(false),
        template != null && !config.has("templates"), false);
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  private static JsonNode parse(String text, String where, String key, boolean json) {
    if (text == null || text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      if (json && text.strip().startsWith("{")) {
        return TreeCodec.parseJson(text);
      }
      List<Document> docs = ManifestReader.parse(text, where + " data." + key);
      return docs.isEmpty() || docs.get(0).isEmpty() ? MissingNode.getInstance() : docs.get(0).tree();
    } catch (JsonProcessingException | MeshctlException.InvalidInput e) {
      throw new MeshctlException.InvalidInput(where + ": data." + key + " is not valid " + (json ? "JSON" : "YAML")
          + ": " + e.getMessage().lines().findFirst().orElse("") + " (check it with kubectl get configmap -o yaml)", e);
    }
  }
}
