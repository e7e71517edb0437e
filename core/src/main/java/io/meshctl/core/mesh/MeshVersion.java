package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Istio releases a cluster runs, read from what is deployed, as {@code istioctl version} reports
 * them: the control plane's Deployments in the Istio namespace (istiod per revision; Istio 1.x's
 * {@code istio-pilot} and {@code istio-sidecar-injector}) and the proxies of the data plane, counted
 * per release. The release is the image tag: what runs, whatever installed it.
 *
 * @param controlPlane one entry per control-plane Deployment, by namespace and name
 * @param dataPlane proxies per release, most common first
 */
public record MeshVersion(List<Component> controlPlane, List<Proxies> dataPlane) {

  /** Image tag suffixes of Istio's image variants, not part of the release. */
  private static final List<String> VARIANTS = List.of("-distroless", "-debug");

  /**
   * A control-plane Deployment.
   *
   * @param component {@code istiod}, {@code pilot} or {@code sidecar-injector}
   * @param revision the {@code istio.io/rev} label, null without one (Istio 1.x)
   * @param version the release (image tag), {@code unknown} for an image without a tag
   */
  public record Component(String component, String namespace, String name, String revision, String version,
      String image) {

    /** {@code istio-system/istiod, revision canary}. */
    public String where() {
      return namespace + "/" + name + (revision == null ? "" : ", revision " + revision);
    }
  }

  /** How many proxies run a release. */
  public record Proxies(String version, int proxies) {

    /** {@code 1.27.0 (4 proxies)}. */
    public String text() {
      return version + " (" + proxies + (proxies == 1 ? " proxy)" : " proxies)");
    }
  }

  /**
   * @param deployments the Deployments of the Istio namespace
   * @param pods the pods to count proxies in (all namespaces); finished ones run no proxy and are skipped
   */
  public static MeshVersion of(List<? extends JsonNode> deployments, List<? extends JsonNode> pods) {
    List<Component> components = new ArrayList<>();
    for (JsonNode d : deployments) {
      JsonNode meta = d.path("metadata");
      String name = Manifests.text(meta, "name");
      String component = component(name, meta.path("labels").path("app").asText(""));
      if (component == null) {
        continue;
      }
      String image = null;
      for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
        if (!"istio-proxy".equals(c.path("name").asText())) { // Istio 1.x's pilot ran a proxy next to it
          image = c.path("image").asText(null);
          break;
        }
      }
      components.add(new Component(component, Manifests.text(meta, "namespace"), name,
          meta.path("labels").path("istio.io/rev").asText(null), release(image), image));
    }
    components.sort(Comparator.comparing(Component::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Component::name));

    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode pod : pods) {
      String phase = pod.path("status").path("phase").asText("");
      if (phase.equals("Succeeded") || phase.equals("Failed")) {
        continue;
      }
      String image = proxyImage(pod.path("spec"));
      if (image != null) {
        counts.merge(release(image), 1, Integer::sum);
      }
    }
    List<Proxies> proxies = new ArrayList<>();
    counts.forEach((v, n) -> proxies.add(new Proxies(v, n)));
    proxies.sort(Comparator.comparingInt(Proxies::proxies).reversed().thenComparing(Proxies::version));
    return new MeshVersion(List.copyOf(components), List.copyOf(proxies));
  }

  /** By name as Istio's charts name them, or by the {@code app} label they set; null for anything else. */
  private static String component(String name, String app) {
    if (name == null) {
      return null;
    }
    if (name.equals("istiod") || name.startsWith("istiod-") || app.equals("istiod")) {
      return "istiod";
    }
    if (name.equals("istio-pilot") || app.equals("pilot")) {
      return "pilot";
    }
    if (name.equals("istio-sidecar-injector") || app.equals("sidecarInjectorWebhook")) {
      return "sidecar-injector";
    }
    return null;
  }

  /** The {@code istio-proxy} container's image: a sidecar, or a native sidecar (an init container, Istio 1.27+). */
  private static String proxyImage(JsonNode podSpec) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : podSpec.path(list)) {
        if ("istio-proxy".equals(c.path("name").asText())) {
          return c.path("image").asText("");
        }
      }
    }
    return null;
  }

  /** The release an image runs: its tag without a variant suffix; {@code unknown} when it has none (a digest alone). */
  static String release(String image) {
    if (image == null || image.isBlank()) {
      return "unknown";
    }
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = ref.lastIndexOf(':');
    if (colon < 0 || colon < ref.lastIndexOf('/')) {
      return "unknown"; // no tag; a ':' before the last '/' is a registry port
    }
    String tag = ref.substring(colon + 1);
    for (String variant : VARIANTS) {
      if (tag.endsWith(variant)) {
        tag = tag.substring(0, tag.length() - variant.length());
      }
    }
    return tag.isEmpty() ? "unknown" : tag;
  }
}
