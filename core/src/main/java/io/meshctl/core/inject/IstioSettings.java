package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Istio's Helm values and MeshConfig, mapped onto meshctl's settings ({@link InjectionDefaults} keys):
 * each key Istio's templates read (reference Appendix A) to the one meshctl's injector reads. Keys a
 * cluster does not set keep meshctl's defaults, which are Istio's.
 */
final class IstioSettings {

  private IstioSettings() {
  }

  /** The release the values are of: {@code global.tag} without an image variant suffix; null when not a version. */
  static String release(JsonNode values) {
    String tag = values.path("global").path("tag").asText("");
    tag = tag.replaceFirst("-(distroless|debug)$", "");
    return tag.matches("v?\\d+\\.\\d+.*") ? tag.replaceFirst("^v", "") : tag.isEmpty() ? null : tag;
  }

  /** {@code [major, minor]} of a release, or null. */
  static int[] version(String release) {
    if (release == null) {
      return null;
    }
    var m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+).*").matcher(release);
    return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }

  /**
   * The shape the inputs' release injects: Istio before 1.5 (no istiod yet; an injector config with
   * one {@code template} and no release recorded counts as one) is meshctl's 1.x shape; null otherwise.
   */
  static boolean legacy(IstioInputs in) {
    int[] v = version(in.origin().release());
    if (v != null) {
      return v[0] == 1 && v[1] < 5;
    }
    return in.singleTemplate();
  }

  /** Overlays {@code in} on {@code base} (a tree of {@link InjectionDefaults}). */
  static void apply(ObjectNode base, IstioInputs in) {
    JsonNode values = in.values();
    JsonNode global = values.path("global");
    JsonNode proxy = global.path("proxy");
    text(base, "hub", global.path("hub"));
    text(base, "tag", global.path("tag"));
    text(base, "variant", global.path("variant"));
    text(base, "proxyImage", proxy.path("image"));
    text(base, "initImage", global.path("proxy_init").path("image"));
    if (proxy.path("resources") instanceof ObjectNode r && !r.isEmpty()) {
      base.set("resources", r.deepCopy());
    }
    text(base, "logLevel", proxy.path("logLevel"));
    text(base, "componentLogLevel", proxy.path("componentLogLevel"));
    text(base, "agentLogLevel", global.path("logging").path("level"));
    text(base, "clusterDomain", proxy.path("clusterDomain"));
    number(base, "statusPort", proxy.path("statusPort"));
    for (String k : List.of("includeIPRanges", "excludeIPRanges", "includeInboundPorts", "excludeInboundPorts",
        "includeOutboundPorts", "excludeOutboundPorts")) {
      if (proxy.has(k) && proxy.get(k).isValueNode() && !proxy.get(k).isNull()) {
        base.put(k, proxy.get(k).asText());
      }
    }
    bool(base, "privileged", proxy.path("privileged"));
    bool(base, "holdApplicationUntilProxyStarts", proxy.path("holdApplicationUntilProxyStarts"));
    number((ObjectNode) base.get("readiness"), "initialDelaySeconds", proxy.path("readinessInitialDelaySeconds"));
    number((ObjectNode) base.get("readiness"), "periodSeconds", proxy.path("readinessPeriodSeconds"));
    number((ObjectNode) base.get("readiness"), "failureThreshold", proxy.path("readinessFailureThreshold"));
    bool((ObjectNode) base.get("startupProbe"), "enabled", proxy.path("startupProbe").path("enabled"));
    number((ObjectNode) base.get("startupProbe"), "failureThreshold", proxy.path("startupProbe").path("failureThreshold"));
    text(base, "istioNamespace", global.path("istioNamespace"));
    text(base, "pilotCertProvider", global.path("pilotCertProvider"));
    text(base, "tokenAudience", global.path("sds").path("token").path("aud"));
    text(base, "clusterName", global.path("multiCluster").path("clusterName"));
    text(base, "trustDomain", global.path("trustDomain"));
    text(base, "meshID", global.path("meshID"));
    text(base, "network", global.path("network"));
    text(base, "imagePullPolicy", global.path("imagePullPolicy"));
    text(base, "caAddress", global.path("caAddress"));
    bool(base, "mountMtlsCerts", global.path("mountMtlsCerts"));
    if (global.path("imagePullSecrets").isArray() && !global.path("imagePullSecrets").isEmpty()) {
      base.set("imagePullSecrets", global.path("imagePullSecrets").deepCopy());
    }
    if (values.hasNonNull("revision") && !values.path("revision").asText().isEmpty()) {
      base.put("revision", values.path("revision").asText());
    }
    bool(base, "rewriteAppHTTPProbe", values.path("sidecarInjectorWebhook").path("rewriteAppHTTPProbe"));
    // istio-cni: pilot.cni.enabled at HEAD, istio_cni.enabled in 1.x
    if (values.path("pilot").path("cni").path("enabled").asBoolean(false) || values.path("istio_cni").path("enabled").asBoolean(false)) {
      base.put("cni", true);
    }

    JsonNode mesh = in.mesh();
    JsonNode dc = mesh.path("defaultConfig");
    text(base, "trustDomain", mesh.path("trustDomain"));
    number(base, "proxyListenPort", mesh.path("proxyListenPort"));
    number(base, "proxyInboundListenPort", mesh.path("proxyInboundListenPort"));
    bool(base, "enablePrometheusMerge", mesh.path("enablePrometheusMerge"));
    if ("LOCALHOST".equalsIgnoreCase(mesh.path("inboundTrafficPolicy").path("mode").asText())) {
      base.put("inboundLocalhost", true);
    }
    if (dc instanceof ObjectNode pc && !pc.isEmpty()) {
      base.set("proxyConfig", pc.deepCopy());
      text(base, "interceptionMode", dc.path("interceptionMode"));
      if (dc.path("holdApplicationUntilProxyStarts").asBoolean(false)) {
        base.put("holdApplicationUntilProxyStarts", true);
      }
      text(base, "variant", dc.path("image").path("imageType"));
    }

    // the 1.x shape's own knobs
    ObjectNode legacy = (ObjectNode) base.get("legacy");
    text(legacy, "tag", global.path("tag"));
    text(legacy, "initImage", global.path("proxy_init").path("image"));
    text(legacy, "imagePullPolicy", global.path("imagePullPolicy"));
    if (proxy.path("init").path("resources") instanceof ObjectNode r && !r.isEmpty()) {
      legacy.set("initResources", r.deepCopy());
    }
    text(legacy, "concurrency", proxy.path("concurrency"));
    text(legacy, "dnsRefreshRate", proxy.path("dnsRefreshRate"));
    text(legacy, "discoveryAddress", dc.path("discoveryAddress"));
    text(legacy, "drainDuration", dc.path("drainDuration"));
    text(legacy, "parentShutdownDuration", dc.path("parentShutdownDuration"));
    text(legacy, "proxyAdminPort", dc.path("proxyAdminPort"));
    text(legacy, "controlPlaneAuthPolicy", dc.path("controlPlaneAuthPolicy"));
    text(legacy, "connectTimeout", mesh.path("connectTimeout"));
  }

  private static void text(ObjectNode base, String key, JsonNode v) {
    if (v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
      base.put(key, v.asText());
    }
  }

  private static void number(ObjectNode base, String key, JsonNode v) {
    if (v.isNumber() || (v.isTextual() && v.asText().matches("\\d+"))) {
      base.put(key, v.asInt());
    }
  }

  private static void bool(ObjectNode base, String key, JsonNode v) {
    if (v.isBoolean() || (v.isTextual() && v.asText().matches("true|false"))) {
      base.put(key, v.asBoolean());
    }
  }
}
