package io.meshctl.core.cert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

  /**
   * Where an upload for a named Gateway goes, and the hosts its certificate must cover. {@code hosts}
   * empty means no TLS server of the Gateway presents the secret; {@code note} then says what they use.
   */
  public record Target(String secret, String namespace, List<Host> hosts, String note) {
  }

  /**
   * Reads Gateway {@code gwNs/name} for an upload of {@code layout}. {@code secret} null takes the
   * Gateway's one credentialName (credential layout only). A credential secret must sit where the
   * gateway's pods run (mesh-policy.md 4.4), so {@code nsFlag}, the namespace the user asked for, is
   * checked against them; other layouts keep {@code nsFlag}, else {@code fallbackNs}.
   */
  public static Target target(Kube kube, String gwNs, String name, SecretLayout layout, String secret,
      String nsFlag, String fallbackNs, Reporter reporter) {
    String where = "Gateway " + gwNs + "/" + name;
    ResourceType type = kube.istio().require(IstioKind.GATEWAY);
    ObjectNode gw = kube.get(type, gwNs, name).orElseThrow(() -> new MeshctlException.NotFound(
        where + " not found (" + type.apiVersion() + "): check the name, or pass "
            + "--gateway-namespace (kubectl get gateways.networking.istio.io -A)"));
    List<Server> servers = terminating(gw);
    String ns = nsFlag != null ? nsFlag : fallbackNs;
    if (layout == SecretLayout.CREDENTIAL) {
      if (secret == null) {
        secret = credentialName(servers, where);
      }
      ns = podNamespace(kube, gw, where, nsFlag, fallbackNs, reporter);
    }
    String note = "no TLS server of " + where + " presents secret " + secret + ": " + sources(servers)
        + (layout == SecretLayout.TLS && !credentialNames(servers).isEmpty()
            ? " (for credentialName use --type credential)" : "");
    return new Target(secret, ns, hostsFor(servers, secret), note);
  }

  private static String credentialName(List<Server> servers, String where) {
    List<String> names = credentialNames(servers);
    if (names.isEmpty()) {
      throw new MeshctlException.InvalidInput(where + " names no credentialName: " + sources(servers)
          + "; for the file-mounted secret use --type tls");
    }
    if (names.size() > 1) {
      throw new MeshctlException.Usage(where + " uses several credentials " + names + ": choose one with --secret");
    }
    return names.get(0);
  }

  /**
   * Istio reads a credentialName secret in the namespace of the gateway's pods, not of the Gateway
   * resource; the pods are the ones its selector matches.
   */
  private static String podNamespace(Kube kube, JsonNode gw, String where, String nsFlag, String fallbackNs,
      Reporter reporter) {
    Map<String, String> selector = new TreeMap<>(MeshSnapshot.stringMap(gw.path("spec").path("selector")));
    TreeSet<String> namespaces = new TreeSet<>();
    for (ObjectNode pod : kube.list(ResourceType.POD, null)) {
      if (MeshSnapshot.selects(selector, MeshSnapshot.stringMap(pod.path("metadata").path("labels")))) {
        namespaces.add(Manifests.text(pod.path("metadata"), "namespace"));
      }
    }
    if (namespaces.isEmpty()) {
      String ns = nsFlag != null ? nsFlag : fallbackNs;
      reporter.warn("no pod matches the selector " + selector + " of " + where + "; storing the credential in " + ns);
      return ns;
    }
    if (nsFlag != null && !namespaces.contains(nsFlag)) {
      throw new MeshctlException.InvalidInput("the pods of " + where + " run in " + namespaces
          + ", and Istio reads a credentialName secret only in the gateway pods' namespace: drop -n " + nsFlag
          + " or pass -n " + namespaces.first());
    }
    if (nsFlag == null && namespaces.size() > 1) {
      throw new MeshctlException.Usage("the pods of " + where + " run in several namespaces " + namespaces
          + ": choose one with -n");
    }
    return nsFlag != null ? nsFlag : namespaces.first();
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
  static List<Host> hostsFor(List<Server> servers, String secret) {
    List<Host> hosts = new ArrayList<>();
    for (Server s : servers) {
      if (s.uses(secret)) {
        s.hosts().forEach(h -> hosts.add(new Host(h, s.label())));
      }
    }
    return hosts;
  }

  /** For "no server uses secret X": what each server reads instead. */
  static String sources(List<Server> servers) {
    List<String> all = new ArrayList<>();
    servers.forEach(s -> all.add(s.label() + " reads " + s.source()));
    return all.isEmpty() ? "it has no server with tls.mode SIMPLE, MUTUAL or OPTIONAL_MUTUAL" : String.join("; ", all);
  }

  /** Every credentialName the servers use, each once. */
  static List<String> credentialNames(List<Server> servers) {
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
