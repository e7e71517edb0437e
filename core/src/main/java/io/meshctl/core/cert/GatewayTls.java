package io.meshctl.core.cert;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which servers of a Gateway present a given secret's certificate, and their hosts (mesh-policy.md 4.1-4.4). */
public final class GatewayTls {

  /** Where the legacy ingress gateway mounts secret istio-ingressgateway-certs. */
  public static final String LEGACY_MOUNT = "/etc/istio/ingressgateway-certs/";

  /** Modes in which the gateway terminates TLS with its own certificate. */
  private static final Set<String> TERMINATING = Set.of("SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL");

  private GatewayTls() {
  }

  /** One Gateway host that a certificate must cover; {@code server} says where it came from. */
  public record Host(String host, String server) {
  }

  /** A TLS-terminating server of the Gateway: its hosts and certificate source. */
  public record Server(String label, List<String> hosts, String credentialName, List<String> credentialNames,
      String serverCertificate) {

    boolean uses(String secret) {
      return secret.equals(credentialName) || credentialNames.contains(secret)
          || (serverCertificate != null && serverCertificate.startsWith(LEGACY_MOUNT)
              && secret.equals(SecretLayout.TLS.defaultName));
    }

    /** What the server reads its certificate from, for messages. */
    String source() {
      if (credentialName != null) {
        return "credentialName " + credentialName;
      } else if (!credentialNames.isEmpty()) {
        return "credentialNames " + credentialNames;
      }
      return serverCertificate == null ? "no certificate" : "serverCertificate " + serverCertificate;
    }
  }

  /** The servers that terminate TLS; {@code tls.mode} absent is PASSTHROUGH (enum value 0), which does not. */
  public static List<Server> terminating(JsonNode gateway) {
    List<Server> servers = new ArrayList<>();
    int i = 0;
    for (JsonNode s : gateway.path("spec").path("servers")) {
      i++;
      JsonNode tls = s.path("tls");
      if (!TERMINATING.contains(tls.path("mode").asText(""))) {
        continue;
      }
      List<String> hosts = new ArrayList<>();
      for (JsonNode h : s.path("hosts")) {
        String host = h.asText();
        // "ns/host" and "./host" select VirtualServices by namespace; the TLS name is the part after '/'
        hosts.add(host.contains("/") ? host.substring(host.indexOf('/') + 1) : host);
      }
      List<String> names = new ArrayList<>();
      tls.path("credentialNames").forEach(n -> names.add(n.asText()));
      String port = s.path("port").path("name").asText(s.path("port").path("number").asText("?"));
      servers.add(new Server("server " + i + " (port " + port + ")", hosts, Manifests.text(tls, "credentialName"),
          names, Manifests.text(tls, "serverCertificate")));
    }
    return servers;
  }

  /** The hosts of the servers that present {@code secret}. */
  public static List<Host> hostsFor(List<Server> servers, String secret) {
    List<Host> hosts = new ArrayList<>();
    for (Server s : servers) {
      if (s.uses(secret)) {
        s.hosts().forEach(h -> hosts.add(new Host(h, s.label())));
      }
    }
    return hosts;
  }

  /** For "no server uses secret X": what each server reads instead. */
  public static String sources(List<Server> servers) {
    List<String> all = new ArrayList<>();
    servers.forEach(s -> all.add(s.label() + " reads " + s.source()));
    return all.isEmpty() ? "it has no server with tls.mode SIMPLE, MUTUAL or OPTIONAL_MUTUAL" : String.join("; ", all);
  }

  /** The one credentialName the Gateway's servers use, or null when there is none or several. */
  public static List<String> credentialNames(List<Server> servers) {
    List<String> names = new ArrayList<>();
    for (Server s : servers) {
      if (s.credentialName() != null && !names.contains(s.credentialName())) {
        names.add(s.credentialName());
      }
      s.credentialNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
    }
    return names;
  }
}
