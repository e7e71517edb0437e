package io.meshctl.core.describe;

import java.util.Locale;
import java.util.Map;

/**
 * The protocol Istio gives a Service port (analyze.md §8.11, IST0118): {@code protocol: UDP}, else the
 * port name's prefix before the first {@code -} (case-insensitive), else a well-known port number;
 * anything else is sniffed by the proxy (HTTP or plain TCP).
 */
final class Protocols {

  private static final Map<String, String> PREFIXES = Map.ofEntries(Map.entry("tcp", "TCP"), Map.entry("udp", "UDP"),
      Map.entry("grpc", "GRPC"), Map.entry("http", "HTTP"), Map.entry("http_proxy", "HTTP_PROXY"),
      Map.entry("http2", "HTTP2"), Map.entry("https", "HTTPS"), Map.entry("tls", "TLS"), Map.entry("mongo", "MONGO"),
      Map.entry("redis", "REDIS"), Map.entry("mysql", "MYSQL"));

  private static final Map<Integer, String> WELL_KNOWN = Map.of(25, "TCP", 53, "TCP", 3306, "TCP", 27017, "TCP");

  private Protocols() {
  }

  /** {protocol or null, how it was decided}. */
  static String[] detect(String name, String protocol, int port) {
    if ("UDP".equalsIgnoreCase(protocol)) {
      return new String[] {"UDP", "protocol UDP"};
    }
    if (name != null && !name.isEmpty()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("grpc-web")) {
        return new String[] {"GRPC-WEB", "port name " + name};
      }
      String prefix = lower.contains("-") ? lower.substring(0, lower.indexOf('-')) : lower;
      if (PREFIXES.containsKey(prefix)) {
        return new String[] {PREFIXES.get(prefix), "port name " + name};
      }
    }
    if (WELL_KNOWN.containsKey(port)) {
      return new String[] {WELL_KNOWN.get(port), "well-known port " + port};
    }
    return new String[] {null, name == null || name.isEmpty() ? "sniffed (unnamed port)"
        : "sniffed (port name " + name + " has no known protocol prefix)"};
  }
}
