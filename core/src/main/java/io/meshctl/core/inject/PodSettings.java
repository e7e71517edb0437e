package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.ManifestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings for one pod: the mesh-wide {@link InjectionConfig} with the pod's
 * {@code sidecar.istio.io/*}, {@code traffic.sidecar.istio.io/*} and related annotations applied.
 * Every annotation is validated as Istio's {@code inject/validate.go} does; a bad value is
 * {@link MeshctlException.InvalidInput} naming the annotation, the object and the file.
 */
record PodSettings(
    String interceptionMode,
    String includeIPRanges,
    String excludeIPRanges,
    String includeInboundPorts,
    String excludeInboundPorts,
    String includeOutboundPorts,
    String excludeOutboundPorts,
    String rerouteInterfaces,
    String excludeInterfaces,
    int statusPort,
    int agentPort,
    int readinessInitialDelay,
    int readinessPeriod,
    int readinessFailureThreshold,
    String logLevel,
    String componentLogLevel,
    String agentLogLevel,
    String proxyImage,
    String initImage,
    ObjectNode resources,
    boolean rewriteProbes,
    boolean prometheusMerge,
    Boolean nativeSidecar,
    boolean holdApplication,
    boolean capNetBindService,
    ObjectNode proxyConfig,
    List<String> warnings) {

  static final String INTERCEPTION = "sidecar.istio.io/interceptionMode";
  static final String TRAFFIC = "traffic.sidecar.istio.io/";
  static final String STATUS_PORT = "status.sidecar.istio.io/port";
  /** ProxyConfig's default {@code statusPort}, when neither the mesh nor the pod sets one. */
  static final int DEFAULT_STATUS_PORT = 15020;
  static final String READINESS = "readiness.status.sidecar.istio.io/";
  static final String PROXY_IMAGE = "sidecar.istio.io/proxyImage";
  static final String PROXY_IMAGE_TYPE = "sidecar.istio.io/proxyImageType";
  static final String PROXY_CONFIG = "proxy.istio.io/config";
  static final String NATIVE = "sidecar.istio.io/nativeSidecar";
  static final String REWRITE = "sidecar.istio.io/rewriteAppHTTPProbers";
  static final String MERGE_METRICS = "prometheus.istio.io/merge-metrics";

  /**
   * Compiled on first use (class initialisation is lazy): a pod without these annotations never
   * needs them, and compiling all five cost each CLI run ~4 ms (bench/startup).
   */
  private static final class Patterns {
    static final Pattern PORT_LIST = Pattern.compile("\\s*\\d+\\s*(,\\s*\\d+\\s*)*");
    static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");
    static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    static final Pattern CIDR4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    static final Pattern CIDR6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/(\\d{1,3})");
  }

  static PodSettings resolve(InjectionConfig cfg, JsonNode annotations, String where) {
    Annotations a = new Annotations(annotations, where);
    List<String> warnings = new ArrayList<>();

    String mode = a.get(INTERCEPTION, cfg.text("interceptionMode"));
    ObjectNode podConfig = a.proxyConfig();
    // The pod's proxy.istio.io/config over the mesh's defaultConfig, as Istio merges them (maps merged by key)
    ObjectNode proxyConfig = ((ObjectNode) cfg.at("proxyConfig")).deepCopy();
    if (podConfig != null) {
      Trees.strategicMerge(proxyConfig, podConfig, java.util.Map.of());
    }
    if (a.has(INTERCEPTION) == false && proxyConfig.hasNonNull("interceptionMode")) {
      mode = proxyConfig.get("interceptionMode").asText();
    }
    if (!mode.equals("REDIRECT") && !mode.equals("TPROXY") && !mode.equals("NONE")) {
      throw a.invalid(INTERCEPTION, mode, "the interception mode is REDIRECT, TPROXY or NONE");
    }

    String includeIp = a.get(TRAFFIC + "includeOutboundIPRanges", cfg.text("includeIPRanges"));
    if (!includeIp.trim().equals("*")) {
      a.cidrs(TRAFFIC + "includeOutboundIPRanges", includeIp);
    }
    String excludeIp = a.get(TRAFFIC + "excludeOutboundIPRanges", cfg.text("excludeIPRanges"));
    a.cidrs(TRAFFIC + "excludeOutboundIPRanges", excludeIp);
    String includeIn = a.get(TRAFFIC + "includeInboundPorts", cfg.text("includeInboundPorts"));
    if (!includeIn.trim().equals("*")) {
      a.ports(TRAFFIC + "includeInboundPorts", includeIn);
    }
    String excludeIn = a.ports(TRAFFIC + "excludeInboundPorts", a.get(TRAFFIC + "excludeInboundPorts", cfg.text("excludeInboundPorts")));
    String includeOut = a.has(TRAFFIC + "includeOutboundPorts") ? a.ports(TRAFFIC + "includeOutboundPorts", a.get(TRAFFIC + "includeOutboundPorts", ""))
        : blankToNull(cfg.text("includeOutboundPorts"));
    String excludeOut = a.has(TRAFFIC + "excludeOutboundPorts") ? a.ports(TRAFFIC + "excludeOutboundPorts", a.get(TRAFFIC + "excludeOutboundPorts", ""))
        : blankToNull(cfg.text("excludeOutboundPorts"));
    // istio.io/reroute-virtual-interfaces is the newer spelling and wins
    String reroute = a.has("istio.io/reroute-virtual-interfaces") ? a.interfaces("istio.io/reroute-virtual-interfaces")
        : a.has(TRAFFIC + "kubevirtInterfaces") ? a.interfaces(TRAFFIC + "kubevirtInterfaces") : null;
    String excludeIf = a.has(TRAFFIC + "excludeInterfaces") ? a.interfaces(TRAFFIC + "excludeInterfaces") : null;

    // Istio reads the status port from two places (reference §4.2 pitfall 9): the template (-d, the
    // proxy's readiness probe, the drain hook) from the values, the webhook's post-processing (the
    // Prometheus port, the probe-rewrite target) from the ProxyConfig. The annotation sets both.
    int statusPort = a.has(STATUS_PORT) ? a.uint(STATUS_PORT, 65535) : cfg.integer("statusPort");
    int agentPort = a.has(STATUS_PORT) ? statusPort : proxyConfig.path("statusPort").asInt(DEFAULT_STATUS_PORT);
    int delay = a.has(READINESS + "initialDelaySeconds") ? a.uint(READINESS + "initialDelaySeconds", Integer.MAX_VALUE)
        : cfg.integer("readiness.initialDelaySeconds");
    int period = a.has(READINESS + "periodSeconds") ? a.uint(READINESS + "periodSeconds", Integer.MAX_VALUE)
        : cfg.integer("readiness.periodSeconds");
    int failure = a.has(READINESS + "failureThreshold") ? a.uint(READINESS + "failureThreshold", Integer.MAX_VALUE)
        : cfg.integer("readiness.failureThreshold");

    String proxyImage = cfg.proxyImage();
    String initImage = cfg.initImage();
    if (a.has(PROXY_IMAGE)) {
      String img = a.get(PROXY_IMAGE, "");
      if (img.contains("/")) {
        proxyImage = img;
        initImage = img;
      } else {
        // Istio ignores it silently (the reference's pitfall 10); say so instead.
        warnings.add("annotation " + PROXY_IMAGE + "='" + img + "' ignored: Istio uses it only with a registry path (hub/name:tag)");
      }
    }
    if (a.has(PROXY_IMAGE_TYPE)) {
      String type = a.get(PROXY_IMAGE_TYPE, "");
      if (!type.matches("default|debug|distroless")) {
        throw a.invalid(PROXY_IMAGE_TYPE, type, "the image type is default, debug or distroless");
      }
      proxyImage = withImageType(proxyImage, type);
      initImage = withImageType(initImage, type);
    }

    ObjectNode resources = a.resources(cfg);
    boolean rewrite = a.bool(REWRITE, cfg.bool("rewriteAppHTTPProbe"), false);
    boolean merge = a.bool(MERGE_METRICS, cfg.bool("enablePrometheusMerge"), true);
    Boolean nativeSidecar = a.has(NATIVE) ? a.bool(NATIVE, false, true) : null;
    // true when either the values or the ProxyConfig (mesh or pod) says so, as Istio's template reads them
    boolean hold = cfg.bool("holdApplicationUntilProxyStarts") || proxyConfig.path("holdApplicationUntilProxyStarts").asBoolean(false);
    boolean capNetBind = a.bool("sidecar.istio.io/capNetBindService", false, true);

    return new PodSettings(mode, includeIp, excludeIp, includeIn, excludeIn, includeOut, excludeOut, reroute, excludeIf,
        statusPort, agentPort, delay, period, failure,
        a.get("sidecar.istio.io/logLevel", cfg.text("logLevel")),
        a.get("sidecar.istio.io/componentLogLevel", cfg.text("componentLogLevel")),
        a.get("sidecar.istio.io/agentLogLevel", cfg.text("agentLogLevel")),
        proxyImage, initImage, resources, rewrite, merge, nativeSidecar, hold, capNetBind, proxyConfig, warnings);
  }

  /** Istio's {@code updateImageTypeIfPresent}: swap a -debug/-distroless suffix; default strips it. */
  static String withImageType(String image, String type) {
    int colon = image.lastIndexOf(':');
    if (colon < 0 || colon < image.lastIndexOf('/')) {
      return image;
    }
    String tag = image.substring(colon + 1).replaceFirst("-(debug|distroless)$", "");
    return image.substring(0, colon + 1) + tag + (type.equals("default") ? "" : "-" + type);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Reads and validates annotations of one pod; errors name the annotation, object and file. */
  private record Annotations(JsonNode node, String where) {

    boolean has(String key) {
      return node != null && node.hasNonNull(key);
    }

    String get(String key, String dflt) {
      return has(key) ? node.get(key).asText() : dflt;
    }

    MeshctlException invalid(String key, String value, String why) {
      return new MeshctlException.InvalidInput(where + ": invalid value '" + value + "' for annotation '" + key + "': "
          + why + " (fix or remove the annotation)");
    }

    String ports(String key, String value) {
      if (value.isBlank()) {
        return value;
      }
      if (!Patterns.PORT_LIST.matcher(value).matches()) {
        throw invalid(key, value, "expected a comma-separated list of port numbers");
      }
      for (String p : value.split(",")) {
        long n = Long.parseLong(p.trim());
        if (n > 65535) {
          throw invalid(key, value, "port " + p.trim() + " is out of range 0-65535");
        }
      }
      return value;
    }

    void cidrs(String key, String value) {
      if (value.isBlank()) {
        return;
      }
      for (String c : value.split(",")) {
        String s = c.trim();
        var m4 = Patterns.CIDR4.matcher(s);
        boolean ok;
        if (m4.matches()) {
          ok = Integer.parseInt(m4.group(5)) <= 32;
          for (int i = 1; i <= 4; i++) {
            ok &= Integer.parseInt(m4.group(i)) <= 255;
          }
        } else {
          var m6 = Patterns.CIDR6.matcher(s);
          ok = m6.matches() && Integer.parseInt(m6.group(1)) <= 128;
        }
        if (!ok) {
          throw invalid(key, value, "'" + s + "' is not a CIDR such as 10.0.0.0/8"
              + (key.endsWith("includeOutboundIPRanges") ? " (or * for all)" : ""));
        }
      }
    }

    String interfaces(String key) {
      String value = get(key, "");
      for (String i : value.split(",")) {
        if (!Patterns.INTERFACE.matcher(i.trim()).matches()) {
          throw invalid(key, value, "'" + i.trim() + "' is not a network interface name");
        }
      }
      return value;
    }

    int uint(String key, long max) {
      String value = get(key, "");
      try {
        long n = Long.parseLong(value.trim());
        if (n < 0 || n > max) {
          throw invalid(key, value, "must be between 0 and " + max);
        }
        return (int) n;
      } catch (NumberFormatException e) {
        throw invalid(key, value, "expected a whole number");
      }
    }

    /** Go's strconv.ParseBool; {@code strict} makes an unparsable value an error, else the default. */
    boolean bool(String key, boolean dflt, boolean strict) {
      if (!has(key)) {
        return dflt;
      }
      String v = get(key, "");
      switch (v) {
        case "1", "t", "T", "true", "TRUE", "True":
          return true;
        case "0", "f", "F", "false", "FALSE", "False":
          return false;
        default:
          if (strict) {
            throw invalid(key, v, "expected true or false");
          }
          return dflt;
      }
    }

    ObjectNode proxyConfig() {
      if (!has(PROXY_CONFIG)) {
        return null;
      }
      String v = get(PROXY_CONFIG, "");
      try {
        var docs = ManifestReader.parse(v, PROXY_CONFIG);
        if (docs.size() == 1 && docs.get(0).tree() instanceof ObjectNode o) {
          return o;
        }
      } catch (MeshctlException e) {
        // fall through to the error below, which names the object
      }
      throw invalid(PROXY_CONFIG, v, "expected a ProxyConfig as a YAML or JSON map");
    }

    /** Istio writes requests and limits through the typed Quantity: canonical, nil entries dropped. */
    private static ObjectNode canonical(ObjectNode resources) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (var it = resources.fields(); it.hasNext(); ) {
        var part = it.next();
        if (!(part.getValue() instanceof ObjectNode amounts)) {
          continue;
        }
        ObjectNode o = out.putObject(part.getKey());
        for (var q = amounts.fields(); q.hasNext(); ) {
          var e = q.next();
          if (!e.getValue().isNull()) {
            o.put(e.getKey(), Quantities.canonical(e.getValue().asText()));
          }
        }
      }
      return out;
    }

    /** The proxyCPU/Memory annotations replace the whole resources block, as in Istio. */
    ObjectNode resources(InjectionConfig cfg) {
      String[][] keys = {{"sidecar.istio.io/proxyCPU", "requests", "cpu"}, {"sidecar.istio.io/proxyMemory", "requests", "memory"},
          {"sidecar.istio.io/proxyCPULimit", "limits", "cpu"}, {"sidecar.istio.io/proxyMemoryLimit", "limits", "memory"}};
      boolean any = false;
      for (String[] k : keys) {
        any |= has(k[0]);
      }
      if (!any) {
        return canonical((ObjectNode) cfg.at("resources"));
      }
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      for (String part : new String[] {"limits", "requests"}) {
        for (String[] k : keys) {
          if (k[1].equals(part) && has(k[0])) {
            String q = get(k[0], "");
            if (!Patterns.QUANTITY.matcher(q).matches()) {
              throw invalid(k[0], q, "expected a Kubernetes quantity such as 100m, 0.5 or 128Mi");
            }
            r.with(part).put(k[2], Quantities.canonical(q));
          }
        }
      }
      return r;
    }
  }
}
