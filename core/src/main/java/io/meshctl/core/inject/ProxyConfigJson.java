package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.manifest.TreeCodec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code PROXY_CONFIG} env value as Istio writes it ({@code inject/template.go protoToJSON} of
 * {@code cleanProxyConfig}): the effective ProxyConfig without the fields that equal Istio's defaults,
 * fields in the proto's declaration order, map keys sorted; {@code {}} when all are defaults.
 */
final class ProxyConfigJson {

  /** ProxyConfig's fields in {@code mesh/v1alpha1/proxy.proto} declaration order. */
  private static final List<String> ORDER = List.of("configPath", "binaryPath", "serviceCluster", "tracingServiceName",
      "drainDuration", "parentShutdownDuration", "discoveryAddress", "discoveryRefreshDelay", "zipkinAddress",
      "statsdUdpAddress", "envoyMetricsServiceAddress", "proxyAdminPort", "availabilityZone", "controlPlaneAuthPolicy",
      "customConfigFile", "statNameLength", "concurrency", "proxyBootstrapTemplatePath", "interceptionMode", "tracing",
      "sds", "envoyAccessLogService", "envoyMetricsService", "proxyMetadata", "runtimeValues", "statusPort",
      "extraStatTags", "gatewayTopology", "terminationDrainDuration", "meshId", "readinessProbe", "proxyStatsMatcher",
      "holdApplicationUntilProxyStarts", "caCertificatesPem", "image", "privateKeyProvider", "proxyHeaders",
      "fileFlushInterval", "fileFlushMinSizeKb");
  /** {@code mesh.DefaultProxyConfig()} values that {@code cleanProxyConfig} drops. */
  private static final Map<String, String> DEFAULTS = Map.of("configPath", "./etc/istio/proxy", "binaryPath",
      "/usr/local/bin/envoy", "serviceCluster", "istio-proxy", "drainDuration", "45s", "terminationDrainDuration", "5s",
      "discoveryAddress", "istiod.istio-system.svc:15012", "proxyAdminPort", "15000", "statNameLength", "189",
      "statusPort", "15020", "controlPlaneAuthPolicy", "MUTUAL_TLS");

  private ProxyConfigJson() {
  }

  static String of(ObjectNode pc) {
    if (pc == null || pc.isEmpty()) {
      return "{}";
    }
    ObjectNode out = Trees.F.objectNode();
    Map<String, JsonNode> rest = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = pc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ORDER.contains(e.getKey())) {
        rest.put(e.getKey(), e.getValue());
      }
    }
    for (String k : ORDER) {
      JsonNode v = pc.get(k);
      if (v == null || v.isNull() || (v.isValueNode() && v.asText().equals(DEFAULTS.get(k)))
          || (k.equals("proxyMetadata") && v.isEmpty())) {
        continue;
      }
      out.set(k, sorted(v));
    }
    out.setAll(rest);
    return TreeCodec.json(out);
  }

  /** Proto maps (proxyMetadata, runtimeValues) are written with sorted keys. */
  private static JsonNode sorted(JsonNode v) {
    if (!(v instanceof ObjectNode o)) {
      return v;
    }
    ObjectNode s = Trees.F.objectNode();
    for (String k : new java.util.TreeSet<>(iterable(o.fieldNames()))) {
      s.set(k, o.get(k));
    }
    return s;
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
