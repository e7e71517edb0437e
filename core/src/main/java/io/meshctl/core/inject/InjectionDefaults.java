package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * meshctl's bundled injection defaults: what {@code meshctl inject} uses with no cluster and no
 * {@code --injection-config}. The values are Istio's (values.yaml {@code global.proxy.*}, MeshConfig
 * defaults; see the reference's Appendix A). An {@code --injection-config} file has this same shape;
 * any key it sets replaces the one here, nested maps are merged.
 *
 * <p>Built in code rather than read from a YAML resource: opening a resource in the jar and running
 * a YAML parser over it was ~10 ms of every {@code inject}, which scripts run hundreds of times.
 */
final class InjectionDefaults {

  /** The Istio release the bundled settings are of. */
  static final String RELEASE = "1.27.0";

  private InjectionDefaults() {
  }

  /** A new tree each time: callers overlay it. */
  static ObjectNode tree() {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("hub", "docker.io/istio");
    d.put("tag", RELEASE);
    d.put("variant", ""); // image type suffix: distroless, debug
    d.put("proxyImage", "proxyv2"); // image name under hub; --proxy-image sets the full reference instead
    d.put("initImage", "proxyv2"); // the classic and native shapes run istio-iptables from the proxy image
    d.put("revision", "default");
    d.put("istioNamespace", "istio-system");
    d.put("clusterDomain", "cluster.local");
    d.put("trustDomain", "cluster.local");
    d.put("clusterName", "Kubernetes");
    d.put("pilotCertProvider", "istiod");
    d.put("interceptionMode", "REDIRECT");
    d.put("proxyListenPort", 15001);
    d.put("proxyInboundListenPort", 15006);
    d.put("proxyUID", 1337);
    d.put("statusPort", 15020);
    d.put("includeIPRanges", "*");
    d.put("excludeIPRanges", "");
    d.put("includeInboundPorts", "*");
    d.put("excludeInboundPorts", "");
    d.put("includeOutboundPorts", "");
    d.put("excludeOutboundPorts", "");
    d.put("logLevel", "warning");
    d.put("componentLogLevel", "misc:error");
    d.put("agentLogLevel", "default:info");
    d.put("privileged", false);
    d.put("holdApplicationUntilProxyStarts", false);
    d.put("rewriteAppHTTPProbe", true);
    d.put("enablePrometheusMerge", true);
    ObjectNode readiness = d.putObject("readiness");
    readiness.put("initialDelaySeconds", 0);
    readiness.put("periodSeconds", 15);
    readiness.put("failureThreshold", 4);
    ObjectNode startupProbe = d.putObject("startupProbe");
    startupProbe.put("enabled", true);
    startupProbe.put("failureThreshold", 600);
    resources(d.putObject("resources"), "100m", "128Mi", "2000m", "1024Mi");
    d.put("tokenAudience", "istio-ca");
    d.put("meshID", "");
    d.put("network", "");
    d.put("imagePullPolicy", "");
    d.putArray("imagePullSecrets");
    d.put("caAddress", "");
    d.put("mountMtlsCerts", false);
    d.put("cni", false); // istio-cni programs iptables: istio-validation instead of istio-init
    d.put("inboundLocalhost", false); // MeshConfig inboundTrafficPolicy.mode LOCALHOST
    d.putObject("proxyConfig"); // MeshConfig defaultConfig
    // the Istio 1.3 shape (--istio-1.3), as the seed article ran it
    ObjectNode legacy = d.putObject("legacy");
    legacy.put("tag", "1.3.0");
    legacy.put("initImage", "proxy_init");
    legacy.put("discoveryAddress", "istio-pilot.istio-system:15010");
    legacy.put("imagePullPolicy", "IfNotPresent");
    legacy.put("drainDuration", "45s");
    legacy.put("parentShutdownDuration", "1m0s");
    legacy.put("dnsRefreshRate", "300s");
    legacy.put("connectTimeout", "10s");
    legacy.put("proxyAdminPort", "15000");
    legacy.put("controlPlaneAuthPolicy", "NONE");
    legacy.put("concurrency", "2");
    resources(legacy.putObject("initResources"), "10m", "10Mi", "100m", "50Mi");
    return d;
  }

  private static void resources(ObjectNode r, String cpu, String memory, String cpuLimit, String memoryLimit) {
    r.putObject("requests").put("cpu", cpu).put("memory", memory);
    r.putObject("limits").put("cpu", cpuLimit).put("memory", memoryLimit);
  }
}
