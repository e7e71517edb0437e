package io.meshctl.core.analyze.schema;

import static io.meshctl.core.analyze.schema.Shape.each;
import static io.meshctl.core.analyze.schema.Shape.field;
import static io.meshctl.core.analyze.schema.Shape.ifPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.authn.TlsCheck;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Istio's admission validation of one object (reference analyze.md §8.15), as problems that name
 * the field path: field types and enum values from {@link IstioSchemas}, required fields, and the
 * semantic rules of Istio's validators that a user most often trips over. VirtualService rules that
 * can never match are reported as Istio's validator warns about them (IST0130/IST0131).
 *
 * <p>DestinationRules and authentication policies are also put through the checks tls-check
 * applies ({@link TlsCheck}), so an object tls-check would refuse is always reported here.
 */
public final class SchemaValidator {

  /** What a problem is: an error (IST0106), a warning (IST0133), an unreachable rule, an ineffective match. */
  public enum Kind { ERROR, WARNING, UNREACHABLE_RULE, INEFFECTIVE_MATCH }

  /**
   * @param path field path such as {@code spec.http[0].route[1].weight}; empty for the whole object
   * @param text the problem; for {@code UNREACHABLE_RULE} the rule and reason as {@code <rule>\u0000<reason>},
   *     for {@code INEFFECTIVE_MATCH} {@code <rule>\u0000<match>\u0000<dup>}
   */
  public record Problem(Kind kind, String path, String text) {

    /** {@code path: text}, or the text alone. */
    public String describe() {
      return path.isEmpty() ? text : path + ": " + text;
    }
  }

  private static final Set<String> GROUPS = Set.of("networking.istio.io", "security.istio.io", "authentication.istio.io");
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "MONGO", "TCP",
      "TLS", "REDIS", "MYSQL", "UDP", "HTTP_PROXY", "THRIFT");

  private final List<Problem> out = new ArrayList<>();

  private SchemaValidator() {
  }

  /** Whether this object is of a kind validated here. */
  public static boolean handles(JsonNode object) {
    String apiVersion = Manifests.text(object, "apiVersion");
    String kind = Manifests.text(object, "kind");
    if (apiVersion == null || kind == null || !apiVersion.contains("/")) {
      return false;
    }
    String group = apiVersion.substring(0, apiVersion.indexOf('/'));
    if (!GROUPS.contains(group)) {
      return false;
    }
    boolean legacyKind = kind.equals("MeshPolicy") || kind.equals("Policy");
    return IstioSchemas.BY_KIND.containsKey(kind) && legacyKind == group.equals("authentication.istio.io");
  }

  /**
   * The problems of one object, in document order.
   *
   * @param apis the mesh's authentication flavours (a 1.1-1.5 mesh takes one exportTo entry only)
   */
  public static List<Problem> validate(JsonNode object, MeshSnapshot.ApiFlavours apis) {
    SchemaValidator v = new SchemaValidator();
    if (!handles(object)) {
      return List.of();
    }
    String kind = Manifests.text(object, "kind");
    JsonNode spec = object.get("spec");
    if (spec == null || spec.isNull()) {
      spec = ((ObjectNode) object).objectNode();
    }
    IstioSchemas.BY_KIND.get(kind).check(spec, "spec", v::error);
    switch (kind) {
      case "VirtualService" -> v.virtualService(spec);
      case "DestinationRule" -> v.destinationRule(spec);
      case "Gateway" -> v.gateway(spec);
      case "ServiceEntry" -> v.serviceEntry(spec);
      case "Sidecar" -> v.sidecar(spec);
      case "AuthorizationPolicy" -> v.authorizationPolicy(spec);
      case "RequestAuthentication" -> v.requestAuthentication(spec);
      case "PeerAuthentication" -> v.selectorLabels(spec);
      default -> { }
    }
    if (Set.of("DestinationRule", "PeerAuthentication", "MeshPolicy", "Policy").contains(kind) && v.out.isEmpty()) {
      v.asTlsCheckSeesIt(object, apis);
    }
    return List.copyOf(v.out);
  }

  private void error(String path, String message) {
    out.add(new Problem(Kind.ERROR, path, message));
  }

  private void warning(String path, String message) {
    out.add(new Problem(Kind.WARNING, path, message));
  }

  /** tls-check's own validation (one implementation for both commands): the first error it would stop at. */
  private void asTlsCheckSeesIt(JsonNode object, MeshSnapshot.ApiFlavours apis) {
    String m = tlsCheckError(object, apis);
    if (m != null) {
      // "<Kind> ns/name: <field>: <problem>": the object is the message's resource already
      int colon = m.indexOf(": ");
      String rest = colon < 0 ? m : m.substring(colon + 2);
      int field = rest.indexOf(": ");
      error(field < 0 ? "" : rest.substring(0, field), field < 0 ? rest : rest.substring(field + 2));
    }
  }

  /** Whether tls-check takes this DestinationRule or authentication policy (other objects: always). */
  public static boolean tlsCheckAccepts(JsonNode object, MeshSnapshot.ApiFlavours apis) {
    return tlsCheckError(object, apis) == null;
  }

  private static String tlsCheckError(JsonNode object, MeshSnapshot.ApiFlavours apis) {
    String ns = Manifests.text(object.path("metadata"), "namespace");
    try {
      MeshSnapshot alone = new SnapshotBuilder(ns == null ? "default" : ns, null, null).add(object).build(true,
          apis);
      TlsCheck.of(alone, Reporter.SILENT);
      return null;
    } catch (MeshctlException.InvalidInput e) {
      return e.getMessage();
    }
  }

  // ---- VirtualService ------------------------------------------------------------------------

  private void virtualService(JsonNode spec) {
    List<String> gateways = texts(field(spec, "gateways"));
    List<String> hosts = texts(field(spec, "hosts"));
    boolean mesh = gateways.isEmpty() || gateways.contains("mesh");
    if (hosts.isEmpty()) {
      // a delegate: its hosts come from the VirtualService that delegates to it
      if (!gateways.isEmpty()) {
        error("spec.gateways", "a delegate VirtualService (no hosts) must not name gateways");
      }
    }
    for (int i = 0; i < hosts.size(); i++) {
      String h = hosts.get(i);
      if (h.isEmpty()) {
        error("spec.hosts[" + i + "]", "host must not be empty");
      } else if (h.equals("*") && mesh) {
        error("spec.hosts[" + i + "]", "wildcard host * is not allowed for virtual services bound to the mesh gateway");
      } else if (!validHost(h)) {
        error("spec.hosts[" + i + "]", "invalid host \"" + h + "\": a DNS name, optionally starting with *.");
      }
    }
    for (int i = 0; i < gateways.size(); i++) {
      if (gateways.get(i).split("/", -1).length > 2 || gateways.get(i).isEmpty()) {
        error("spec.gateways[" + i + "]", "invalid gateway \"" + gateways.get(i) + "\": expected NAME or NAMESPACE/NAME");
      }
    }
    boolean routes = nonEmpty(spec, "http") || nonEmpty(spec, "tcp") || nonEmpty(spec, "tls");
    if (!routes && !hosts.isEmpty()) {
      error("spec", "http, tcp or tls must be provided in virtual service");
    }
    exportTo(spec);
    each(spec, "http", "spec", this::httpRoute);
    each(spec, "tcp", "spec", (r, p) -> weights(r, p));
    each(spec, "tls", "spec", (r, p) -> {
      weights(r, p);
      if (!nonEmpty(r, "match")) {
        error(p + ".match", "TLS route must have at least one match condition");
      }
      each(r, "match", p, (m, mp) -> {
        if (!nonEmpty(m, "sniHosts")) {
          error(mp + ".sniHosts", "TLS match must have at least one SNI host");
        }
      });
      if (!nonEmpty(r, "route")) {
        error(p + ".route", "TLS route is required");
      }
    });
    each(spec, "tcp", "spec", (r, p) -> {
      if (!nonEmpty(r, "route")) {
        error(p + ".route", "TCP route is required");
      }
    });
    unreachable(field(spec, "http"), true);
    unreachable(field(spec, "tcp"), false);
    unreachable(field(spec, "tls"), false);
  }

  private void httpRoute(JsonNode r, String p) {
    if (!r.isObject()) {
      return;
    }
    boolean route = nonEmpty(r, "route");
    boolean redirect = present(r, "redirect");
    boolean direct = present(r, "directResponse");
    boolean delegate = present(r, "delegate");
    if (!route && !redirect && !direct && !delegate) {
      error(p, "HTTP route, redirect, direct response or delegate is required");
    }
    if (route && redirect) {
      error(p, "HTTP route cannot contain both route and redirect");
    }
    if (route && direct) {
      error(p, "HTTP route cannot contain both route and direct response");
    }
    weights(r, p);
    ifPresent(r, "redirect", red -> {
      JsonNode code = field(red, "redirectCode");
      if (code != null && code.canConvertToInt() && code.asInt() != 0
          && !Set.of(301, 302, 303, 307, 308).contains(code.asInt())) {
        error(p + ".redirect.redirectCode", code.asInt() + " is not a valid redirect code, must be 301, 302, 303, 307, or 308");
      }
    });
    ifPresent(r, "directResponse", d -> {
      JsonNode s = field(d, "status");
      if (s != null && s.canConvertToInt() && (s.asInt() < 200 || s.asInt() > 599)) {
        error(p + ".directResponse.status", "must be between 200 and 599, not " + s.asInt());
      }
    });
    ifPresent(r, "retries", rt -> {
      JsonNode a = field(rt, "attempts");
      if (a != null && a.canConvertToInt() && a.asInt() < 0) {
        error(p + ".retries.attempts", "attempts cannot be negative");
      }
    });
    ifPresent(r, "fault", f -> {
      ifPresent(f, "delay", d -> percentage(field(d, "percentage"), p + ".fault.delay.percentage"));
      ifPresent(f, "abort", a -> {
        percentage(field(a, "percentage"), p + ".fault.abort.percentage");
        JsonNode s = field(a, "httpStatus");
        if (s != null && s.canConvertToInt() && (s.asInt() < 200 || s.asInt() > 599)) {
          error(p + ".fault.abort.httpStatus", "invalid abort http status " + s.asInt());
        }
      });
    });
    percentage(field(r, "mirrorPercentage"), p + ".mirrorPercentage");
    each(r, "mirrors", p, (m, mp) -> percentage(field(m, "percentage"), mp + ".percentage"));
    each(r, "match", p, (m, mp) -> {
      for (String f : List.of("uri", "scheme", "method", "authority")) {
        ifPresent(m, f, sm -> regex(sm, mp + "." + f));
      }
      for (String f : List.of("headers", "queryParams", "withoutHeaders")) {
        ifPresent(m, f, map -> map.fields().forEachRemaining(e -> regex(e.getValue(), mp + "." + f + "." + e.getKey())));
      }
    });
  }

  private void regex(JsonNode stringMatch, String path) {
    JsonNode re = stringMatch.isObject() ? field(stringMatch, "regex") : null;
    if (re == null || !re.isTextual()) {
      return;
    }
    try {
      // RE2's named groups are (?P<name>...); Java spells them (?<name>...)
      Pattern.compile(re.asText().replace("(?P<", "(?<"));
    } catch (PatternSyntaxException e) {
      error(path + ".regex", "invalid regex \"" + re.asText() + "\": " + e.getDescription());
    }
  }

  private void percentage(JsonNode pct, String path) {
    if (pct == null || !pct.isObject()) {
      return;
    }
    JsonNode v = field(pct, "value");
    if (v != null && v.isNumber() && (v.asDouble() < 0 || v.asDouble() > 100)) {
      error(path + ".value", "percentage " + v.asText() + " is not in range 0..100");
    }
  }

  /** Weights are not negative and not all zero (no sum-to-100 rule since Istio 1.6). */
  private void weights(JsonNode r, String p) {
    JsonNode list = field(r, "route");
    if (list == null || !list.isArray()) {
      return;
    }
    long total = 0;
    for (int i = 0; i < list.size(); i++) {
      JsonNode w = field(list.get(i), "weight");
      if (w != null && w.canConvertToLong()) {
        if (w.asLong() < 0) {
          error(p + ".route[" + i + "].weight", "weight " + w.asLong() + " < 0");
        }
        total += w.asLong();
      }
    }
    if (list.size() > 1 && total == 0) {
      error(p + ".route", "total destination weight = 0");
    }
  }

  /**
   * Istio's {@code analyzeUnreachable*Rules}: a rule after a rule without matches, a second rule
   * without matches, and a match identical to an earlier one (its {@code name} ignored), or for
   * HTTP a {@code uri.prefix} covered by an earlier prefix whose other conditions are the same.
   */
  private void unreachable(JsonNode rules, boolean http) {
    if (rules == null || !rules.isArray()) {
      return;
    }
    Map<JsonNode, Integer> seen = new HashMap<>();
    List<Object[]> prefixes = new ArrayList<>(); // {prefix, rest-of-match, rule index, match name}
    int empty = -1;
    for (int r = 0; r < rules.size(); r++) {
      JsonNode rule = rules.get(r);
      if (!rule.isObject()) {
        continue;
      }
      JsonNode matches = field(rule, "match");
      String ruleName = ruleName(rule, r);
      if (matches == null || !matches.isArray() || matches.isEmpty()) {
        if (empty >= 0) {
          out.add(new Problem(Kind.UNREACHABLE_RULE, "", ruleName + "\u0000only the last rule can have no matches"));
        }
        empty = r;
        continue;
      }
      if (empty >= 0) {
        out.add(new Problem(Kind.UNREACHABLE_RULE, "", ruleName + "\u0000route without matches defined before"));
        continue;
      }
      int duplicates = 0;
      for (int m = 0; m < matches.size(); m++) {
        JsonNode match = matches.get(m);
        if (!match.isObject()) {
          continue;
        }
        ObjectNode key = ((ObjectNode) match).deepCopy();
        key.remove("name");
        String matchName = matchName(match, m);
        Integer dup = seen.get(key);
        if (dup != null) {
          out.add(new Problem(Kind.INEFFECTIVE_MATCH, "",
              ruleName + "\u0000" + matchName + "\u0000" + ruleName(rules.get(dup), dup)));
          duplicates++;
          continue;
        }
        seen.put(key, r);
        String prefix = http ? Manifests.text(field(match, "uri") == null ? null : field(match, "uri"), "prefix") : null;
        if (prefix != null) {
          ObjectNode rest = key.deepCopy();
          rest.remove("uri");
          Object[] covering = null;
          for (Object[] earlier : prefixes) {
            if (prefix.startsWith((String) earlier[0]) && rest.equals(earlier[1])) {
              covering = earlier;
              break;
            }
          }
          if (covering != null) {
            out.add(new Problem(Kind.INEFFECTIVE_MATCH, "", ruleName + "\u0000" + matchName + " of prefix " + prefix
                + "\u0000" + covering[3] + " of prefix " + covering[0] + " on " + ruleName(rules.get((int) covering[2]),
                (int) covering[2])));
            duplicates++;
            continue;
          }
          prefixes.add(new Object[] {prefix, rest, r, matchName});
        }
      }
      if (duplicates == matches.size()) {
        out.add(new Problem(Kind.UNREACHABLE_RULE, "", ruleName + "\u0000all matches used by prior rules"));
      }
    }
  }

  private static String ruleName(JsonNode rule, int index) {
    String name = Manifests.text(rule, "name");
    return name == null || name.isEmpty() ? "#" + index : "\"" + name + "\"";
  }

  private static String matchName(JsonNode match, int index) {
    String name = Manifests.text(match, "name");
    return name == null || name.isEmpty() ? "#" + index : "\"" + name + "\"";
  }

  // ---- DestinationRule -----------------------------------------------------------------------

  private void destinationRule(JsonNode spec) {
    String host = Manifests.text(spec, "host");
    if (host != null && !host.isEmpty() && !validHost(host)) {
      error("spec.host", "invalid host \"" + host + "\": a DNS name, optionally starting with *.");
    }
    Set<String> names = new HashSet<>();
    each(spec, "subsets", "spec", (s, p) -> {
      String name = Manifests.text(s, "name");
      if (name == null || name.isEmpty()) {
        error(p + ".name", "subset name is required");
      } else if (!names.add(name)) {
        error(p + ".name", "duplicate subset name \"" + name + "\"");
      } else if (!DNS1123_LABEL.matcher(name).matches()) {
        error(p + ".name", "subset name \"" + name + "\" is invalid: lower-case letters, digits and '-' (a DNS-1123 label)");
      }
      ifPresent(s, "trafficPolicy", tp -> trafficPolicy(tp, p + ".trafficPolicy"));
    });
    ifPresent(spec, "trafficPolicy", tp -> trafficPolicy(tp, "spec.trafficPolicy"));
  }

  private void trafficPolicy(JsonNode tp, String p) {
    ifPresent(tp, "tls", t -> clientTls(t, p + ".tls"));
    ifPresent(tp, "outlierDetection", o -> outlier(o, p + ".outlierDetection"));
    each(tp, "portLevelSettings", p, (s, sp) -> {
      if (!present(s, "port")) {
        error(sp + ".port", "port level settings must name a port");
      }
      ifPresent(s, "tls", t -> clientTls(t, sp + ".tls"));
      ifPresent(s, "outlierDetection", o -> outlier(o, sp + ".outlierDetection"));
    });
  }

  private void clientTls(JsonNode tls, String p) {
    String mode = Manifests.text(tls, "mode");
    boolean credential = Manifests.text(tls, "credentialName") != null;
    if ("MUTUAL".equals(mode) && !credential) {
      if (Manifests.text(tls, "clientCertificate") == null) {
        error(p + ".clientCertificate", "client certificate required for mutual tls");
      }
      if (Manifests.text(tls, "privateKey") == null) {
        error(p + ".privateKey", "private key required for mutual tls");
      }
    }
    if ("ISTIO_MUTUAL".equals(mode)) {
      for (String f : List.of("clientCertificate", "privateKey", "caCertificates", "credentialName")) {
        if (Manifests.text(tls, f) != null) {
          error(p + "." + f, "cannot be set with ISTIO_MUTUAL: the sidecar uses the mesh's own certificates");
        }
      }
    }
  }

  private void outlier(JsonNode o, String p) {
    for (String f : List.of("maxEjectionPercent", "minHealthPercent")) {
      JsonNode v = field(o, f);
      if (v != null && v.canConvertToInt() && (v.asInt() < 0 || v.asInt() > 100)) {
        error(p + "." + f, "must be in range [0..100], not " + v.asInt());
      }
    }
    JsonNode ce = field(o, "consecutiveErrors");
    if (ce != null && ce.canConvertToInt() && ce.asInt() < 0) {
      error(p + ".consecutiveErrors", "outlier detection consecutive errors cannot be negative");
    }
  }

  // ---- Gateway -------------------------------------------------------------------------------

  private void gateway(JsonNode spec) {
    if (!nonEmpty(spec, "servers")) {
      error("spec.servers", "gateway must have at least one server");
    }
    Map<String, String> portNames = new HashMap<>();
    each(spec, "servers", "spec", (s, p) -> {
      if (!s.isObject()) {
        return;
      }
      if (!nonEmpty(s, "hosts")) {
        error(p + ".hosts", "server config must contain at least one host");
      }
      List<String> hosts = texts(field(s, "hosts"));
      for (int i = 0; i < hosts.size(); i++) {
        String h = hosts.get(i);
        String[] parts = h.split("/", -1);
        String dns = parts[parts.length - 1];
        if (parts.length > 2 || (parts.length == 2 && !parts[0].equals(".") && !parts[0].equals("*")
            && !DNS1123_LABEL.matcher(parts[0]).matches()) || !(dns.equals("*") || validHost(dns))) {
          error(p + ".hosts[" + i + "]", "invalid host \"" + h + "\": expected [NAMESPACE/]DNS-NAME");
        }
      }
      JsonNode port = field(s, "port");
      String protocol = null;
      if (port == null || !port.isObject()) {
        error(p + ".port", "port is required");
      } else {
        JsonNode num = field(port, "number");
        if (num == null || !num.canConvertToInt() || num.asInt() < 1 || num.asInt() > 65535) {
          error(p + ".port.number", "port number " + (num == null ? "(none)" : num.asText())
              + " must be in the range 1..65535");
        }
        protocol = Manifests.text(port, "protocol");
        if (protocol == null || protocol.isEmpty()) {
          error(p + ".port.protocol", "protocol must be set for the port");
        } else if (!PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT))) {
          error(p + ".port.protocol", "unrecognized protocol \"" + protocol + "\"");
        }
        String name = Manifests.text(port, "name");
        if (name != null && !name.isEmpty()) {
          String prev = portNames.putIfAbsent(name, p);
          if (prev != null) {
            error(p + ".port.name", "port names in servers must be unique: duplicate name " + name);
          }
        }
      }
      String proto = protocol == null ? "" : protocol.toUpperCase(Locale.ROOT);
      JsonNode tls = field(s, "tls");
      boolean hasTls = tls != null && tls.isObject();
      if ((proto.equals("HTTPS") || proto.equals("TLS")) && !hasTls) {
        error(p + ".tls", "server must have TLS settings for HTTPS/TLS protocols");
      }
      if (hasTls && !proto.isEmpty() && !proto.equals("HTTPS") && !proto.equals("TLS")
          && !(field(tls, "httpsRedirect") != null && field(tls, "httpsRedirect").asBoolean())) {
        error(p + ".tls", "server cannot have TLS settings for plain text HTTP ports");
      }
      if (hasTls) {
        serverTls(tls, p + ".tls");
      }
    });
  }

  private void serverTls(JsonNode tls, String p) {
    String mode = Manifests.text(tls, "mode");
    boolean credential = Manifests.text(tls, "credentialName") != null || nonEmpty(tls, "credentialNames");
    if (("SIMPLE".equals(mode) || "MUTUAL".equals(mode) || "OPTIONAL_MUTUAL".equals(mode)) && !credential) {
      if (Manifests.text(tls, "serverCertificate") == null) {
        error(p + ".serverCertificate", mode + " TLS requires a server certificate (or credentialName)");
      }
      if (Manifests.text(tls, "privateKey") == null) {
        error(p + ".privateKey", mode + " TLS requires a private key (or credentialName)");
      }
      if (!"SIMPLE".equals(mode) && Manifests.text(tls, "caCertificates") == null) {
        error(p + ".caCertificates", mode + " TLS requires a client CA bundle (or credentialName)");
      }
    }
  }

  // ---- ServiceEntry --------------------------------------------------------------------------

  private void serviceEntry(JsonNode spec) {
    List<String> hosts = texts(field(spec, "hosts"));
    if (hosts.isEmpty()) {
      error("spec.hosts", "service entry must have at least one host");
    }
    for (int i = 0; i < hosts.size(); i++) {
      String h = hosts.get(i);
      if (h.equals("*")) {
        error("spec.hosts[" + i + "]", "invalid host *: a service entry needs a DNS name");
      } else if (!validHost(h)) {
        error("spec.hosts[" + i + "]", "invalid host \"" + h + "\": a DNS name, optionally starting with *.");
      }
    }
    List<String> addresses = texts(field(spec, "addresses"));
    for (int i = 0; i < addresses.size(); i++) {
      if (!ipOrCidr(addresses.get(i))) {
        error("spec.addresses[" + i + "]", "invalid address \"" + addresses.get(i) + "\": an IP address or CIDR");
      }
    }
    Set<Integer> numbers = new HashSet<>();
    each(spec, "ports", "spec", (port, p) -> {
      JsonNode num = field(port, "number");
      if (num == null || !num.canConvertToInt() || num.asInt() < 1 || num.asInt() > 65535) {
        error(p + ".number", "port number " + (num == null ? "(none)" : num.asText()) + " must be in the range 1..65535");
      } else if (!numbers.add(num.asInt())) {
        error(p + ".number", "port " + num.asInt() + " is defined twice");
      }
      String protocol = Manifests.text(port, "protocol");
      if (protocol != null && !protocol.isEmpty() && !PROTOCOLS.contains(protocol.toUpperCase(Locale.ROOT))) {
        error(p + ".protocol", "unrecognized protocol \"" + protocol + "\"");
      }
    });
    if (nonEmpty(spec, "endpoints") && present(spec, "workloadSelector")) {
      error("spec.workloadSelector", "only one of workloadSelector or endpoints is allowed in a service entry");
    }
    exportTo(spec);
  }

  // ---- Sidecar -------------------------------------------------------------------------------

  private void sidecar(JsonNode spec) {
    each(spec, "egress", "spec", (e, p) -> {
      List<String> hosts = texts(field(e, "hosts"));
      if (hosts.isEmpty()) {
        error(p + ".hosts", "sidecar: egress listener must contain at least one host");
      }
      for (int i = 0; i < hosts.size(); i++) {
        String[] parts = hosts.get(i).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
          error(p + ".hosts[" + i + "]", "sidecar: host must be of form namespace/dnsName, not \"" + hosts.get(i) + "\"");
        }
      }
    });
    each(spec, "ingress", "spec", (i, p) -> {
      if (!present(i, "port")) {
        error(p + ".port", "sidecar: port is required for ingress listeners");
      }
    });
  }

  // ---- security ------------------------------------------------------------------------------

  private void selectorLabels(JsonNode spec) {
    JsonNode sel = field(spec, "selector");
    if (sel != null && sel.isObject()) {
      JsonNode labels = field(sel, "matchLabels");
      if (labels == null || labels.isEmpty()) {
        warning("spec.selector", "workload selector specified without labels");
      }
    }
  }

  private void authorizationPolicy(JsonNode spec) {
    selectorLabels(spec);
    String action = Manifests.text(spec, "action");
    boolean provider = present(spec, "provider");
    if ("CUSTOM".equals(action) && !provider) {
      error("spec.provider", "CUSTOM action without provider");
    } else if (!"CUSTOM".equals(action) && provider) {
      error("spec.provider", "provider must only be set with the CUSTOM action");
    }
    each(spec, "rules", "spec", (r, p) -> {
      each(r, "from", p, (f, fp) -> {
        if (!present(f, "source")) {
          error(fp + ".source", "from.source must not be empty");
        }
      });
      each(r, "to", p, (t, tp) -> {
        if (!present(t, "operation")) {
          error(tp + ".operation", "to.operation must not be empty");
        }
      });
      each(r, "when", p, (w, wp) -> {
        if (!nonEmpty(w, "values") && !nonEmpty(w, "notValues")) {
          error(wp, "at least one of values or notValues must be set for key " + Manifests.text(w, "key"));
        }
      });
    });
  }

  private void requestAuthentication(JsonNode spec) {
    selectorLabels(spec);
    each(spec, "jwtRules", "spec", (r, p) -> {
      String issuer = Manifests.text(r, "issuer");
      if (issuer == null || issuer.isEmpty()) {
        error(p + ".issuer", "issuer must be set");
      }
    });
  }

  // ---- shared --------------------------------------------------------------------------------

  private void exportTo(JsonNode spec) {
    List<String> export = texts(field(spec, "exportTo"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < export.size(); i++) {
      String e = export.get(i);
      if (!e.equals(".") && !e.equals("*") && !e.equals("~") && !DNS1123_LABEL.matcher(e).matches()) {
        error("spec.exportTo[" + i + "]", "\"" + e + "\" is not '.', '*', '~' or a namespace name");
      } else if (!seen.add(e)) {
        error("spec.exportTo[" + i + "]", "duplicate entry \"" + e + "\"");
      }
    }
    if (seen.contains("*") && seen.size() > 1) {
      error("spec.exportTo", "cannot have both public (*) and non-public exportTo values for a resource");
    }
  }

  /** A DNS name, optionally {@code *.suffix} or {@code *}; a short name is one label. */
  private static final java.util.regex.Pattern DNS_LABEL =
      java.util.regex.Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?");

  static boolean validHost(String h) {
    String name = h.startsWith("*.") ? h.substring(2) : h.equals("*") ? "" : h;
    if (name.isEmpty()) {
      return h.equals("*");
    }
    if (name.length() > 255 || name.endsWith(".")) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean ipOrCidr(String a) {
    String ip = a;
    int slash = a.indexOf('/');
    if (slash >= 0) {
      ip = a.substring(0, slash);
      String bits = a.substring(slash + 1);
      if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > (ip.contains(":") ? 128 : 32)) {
        return false;
      }
    }
    if (!ip.contains(":")) {
      String[] octets = ip.split("\\.", -1);
      if (octets.length != 4) {
        return false;
      }
      for (String o : octets) {
        if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
          return false;
        }
      }
      return true;
    }
    if (!ip.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      // a string with ':' is parsed as an IPv6 literal, never looked up in DNS
      InetAddress.getByName(ip);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (Iterator<JsonNode> it = list.elements(); it.hasNext();) {
        JsonNode n = it.next();
        if (n.isValueNode()) {
          out.add(n.asText());
        }
      }
    }
    return out;
  }

  private static boolean nonEmpty(JsonNode n, String f) {
    JsonNode v = field(n, f);
    return v != null && v.isArray() && !v.isEmpty();
  }

  private static boolean present(JsonNode n, String f) {
    JsonNode v = n.isObject() ? field(n, f) : null;
    return v != null && !v.isNull();
  }
}
