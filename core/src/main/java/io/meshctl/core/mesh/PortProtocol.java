package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.Locale;
import java.util.Map;

/**
 * The protocol Istio gives a Service port, its {@code kube.ConvertProtocol} (analyze.md §8.11):
 * {@code protocol: UDP}; else {@code appProtocol} when set, else the port name — each read as a
 * {@code grpc-web} prefix or the text before the first {@code -}, case-insensitive, with Kubernetes'
 * {@code kubernetes.io/h2c|ws|wss} standard names for appProtocol; else TCP on a well-known port.
 * Anything else is unsupported: the proxy sniffs it (HTTP or opaque TCP). The one implementation:
 * analyze's IST0118 and describe's port protocols both ask it.
 *
 * @param protocol HTTP, HTTP2, GRPC, GRPC-Web, HTTPS, TLS, TCP, MONGO, REDIS, MySQL, UDP as Istio names them;
 *     null when unsupported
 * @param from how it was decided: {@code appProtocol kubernetes.io/h2c}, {@code port name http-web},
 *     {@code protocol UDP}, {@code well-known port 3306}, or why it is sniffed
 */
public record PortProtocol(String protocol, String from) {

  /** Istio's {@code protocol.Parse} names, matched case-insensitively. */
  private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("tcp", "TCP"), Map.entry("udp", "UDP"),
      Map.entry("grpc", "GRPC"), Map.entry("grpc-web", "GRPC-Web"), Map.entry("http", "HTTP"),
      Map.entry("http_proxy", "HTTP_PROXY"), Map.entry("http2", "HTTP2"), Map.entry("https", "HTTPS"),
      Map.entry("tls", "TLS"), Map.entry("mongo", "Mongo"), Map.entry("redis", "Redis"), Map.entry("mysql", "MySQL"));

  /** Kubernetes' standard appProtocol names (valid only as appProtocol). */
  private static final Map<String, String> KUBERNETES = Map.of("kubernetes.io/h2c", "HTTP2", "kubernetes.io/ws", "HTTP",
      "kubernetes.io/wss", "HTTPS");

  /** Ports whose protocol Istio knows whatever their name (SMTP, DNS, MySQL, MongoDB). */
  private static final Map<Integer, String> WELL_KNOWN = Map.of(25, "TCP", 53, "TCP", 3306, "TCP", 27017, "TCP");

  /** Whether Istio knows the protocol (IST0118 when not). */
  public boolean supported() {
    return protocol != null;
  }

  /** A Service port as written: {@code name}, {@code protocol}, {@code appProtocol}, {@code port}. */
  public static PortProtocol of(JsonNode servicePort) {
    return of(Manifests.text(servicePort, "name"), Manifests.text(servicePort, "protocol"),
        Manifests.text(servicePort, "appProtocol"), servicePort.path("port").asInt());
  }

  public static PortProtocol of(String name, String protocol, String appProtocol, int port) {
    if ("UDP".equals(protocol)) {
      return new PortProtocol("UDP", "protocol UDP");
    }
    String how = appProtocol != null ? "appProtocol " + appProtocol : "port name " + name;
    String text = appProtocol != null ? appProtocol : name == null ? "" : name;
    String lower = text.toLowerCase(Locale.ROOT);
    if (appProtocol != null && KUBERNETES.containsKey(appProtocol)) {
      return new PortProtocol(KUBERNETES.get(appProtocol), how);
    }
    String known = lower.startsWith("grpc-web") ? NAMES.get("grpc-web")
        : NAMES.get(lower.contains("-") ? lower.substring(0, lower.indexOf('-')) : lower);
    if (known != null) {
      return new PortProtocol(known, how);
    }
    if (WELL_KNOWN.containsKey(port)) {
      return new PortProtocol(WELL_KNOWN.get(port), "well-known port " + port);
    }
    if (appProtocol != null) {
      return new PortProtocol(null, "sniffed (appProtocol " + appProtocol + " is not a protocol Istio knows)");
    }
    return new PortProtocol(null, name == null || name.isEmpty() ? "sniffed (unnamed port)"
        : "sniffed (port name " + name + " has no known protocol prefix)");
  }
}
