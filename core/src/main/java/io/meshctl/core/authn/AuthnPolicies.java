package io.meshctl.core.authn;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Server-side mTLS: which authentication policy decides a (service, port) or a workload port, and
 * the mode it sets. Legacy (MeshPolicy/Policy, mesh-policy.md §1.1-1.3, 1.4 indexing) and current
 * (PeerAuthentication, §2.1) rules. Objects are validated as Istio's admission webhook would, so a
 * malformed one fails the whole check with the object and field named.
 */
final class AuthnPolicies {

  /** The decision for one port: the mode, the deciding policy as printed ({@code ns/name}) and in words. */
  record Decision(Mode mode, String name, String described) {
  }

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  // ---- legacy --------------------------------------------------------------------------------

  private record LegacyPolicy(String namespace, String name, Mode mode, String created) {
  }

  private record LegacyTarget(LegacyPolicy policy, Integer portNumber, String portName) {
  }

  private LegacyPolicy meshPolicy;
  private final Map<String, List<LegacyTarget>> byHost = new HashMap<>();
  private final Map<String, LegacyPolicy> byNamespace = new HashMap<>();

  // ---- current -------------------------------------------------------------------------------

  private record PeerAuth(String namespace, String name, Map<String, String> selector, Mode mode,
      Map<Integer, Mode> ports, String created) {
  }

  private final Map<String, PeerAuth> namespaceWide = new HashMap<>();
  private final Map<String, List<PeerAuth>> workload = new HashMap<>();
  private String root;

  static AuthnPolicies legacy(MeshSnapshot s) {
    AuthnPolicies p = new AuthnPolicies();
    for (JsonNode mp : s.meshPolicies()) {
      String name = name(mp);
      String where = "MeshPolicy " + name;
      if (!"default".equals(name)) {
        throw invalid(where, "metadata.name", "a MeshPolicy must be named \"default\" (Istio ignores any other)");
      }
      if (!mp.path("spec").path("targets").isMissingNode() && !mp.path("spec").path("targets").isEmpty()) {
        throw invalid(where, "spec.targets", "a MeshPolicy applies to the whole mesh and must not have targets");
      }
      p.meshPolicy = new LegacyPolicy("", name, legacyMode(mp, where), created(mp));
    }
    List<JsonNode> sorted = new ArrayList<>(s.policies());
    // 1.4 order: creationTimestamp, then name.namespace; the first matching entry wins
    sorted.sort(Comparator.comparing(AuthnPolicies::created).thenComparing(o -> name(o) + "." + namespace(o)));
    for (JsonNode o : sorted) {
      String ns = namespace(o);
      String name = name(o);
      String where = "Policy " + ns + "/" + name;
      LegacyPolicy policy = new LegacyPolicy(ns, name, legacyMode(o, where), created(o));
      JsonNode targets = o.path("spec").path("targets");
      if (targets.isEmpty()) {
        if (!"default".equals(name)) {
          throw invalid(where, "spec.targets", "a Policy without targets applies to the namespace and must be "
              + "named \"default\"; add targets or rename it");
        }
        p.byNamespace.putIfAbsent(ns, policy);
        continue;
      }
      if ("default".equals(name)) {
        throw invalid(where, "spec.targets", "the Policy named \"default\" is namespace-wide and must not have "
            + "targets; rename it");
      }
      for (int i = 0; i < targets.size(); i++) {
        JsonNode t = targets.get(i);
        String tn = Manifests.text(t, "name");
        if (tn == null || !DNS1123_LABEL.matcher(tn).matches()) {
          throw invalid(where, "spec.targets[" + i + "].name", "must be a short service name (a DNS-1123 label), not '"
              + tn + "'");
        }
        String host = Hosts.resolve(tn, ns, s.domain());
        List<LegacyTarget> list = p.byHost.computeIfAbsent(host, k -> new ArrayList<>());
        JsonNode ports = t.path("ports");
        if (ports.isEmpty()) {
          list.add(new LegacyTarget(policy, null, null));
        }
        for (int j = 0; j < ports.size(); j++) {
          JsonNode port = ports.get(j);
          if (port.has("number") && port.path("number").canConvertToInt()) {
            list.add(new LegacyTarget(policy, port.path("number").asInt(), null));
          } else if (Manifests.text(port, "name") != null) {
            list.add(new LegacyTarget(policy, null, Manifests.text(port, "name")));
          } else {
            throw invalid(where, "spec.targets[" + i + "].ports[" + j + "]", "needs a number or a name");
          }
        }
      }
    }
    return p;
  }

  /** The first {@code mtls} peer decides; none means the server sidecar does not terminate mTLS. */
  private static Mode legacyMode(JsonNode policy, String where) {
    JsonNode peers = policy.path("spec").path("peers");
    for (int i = 0; i < peers.size(); i++) {
      JsonNode peer = peers.get(i);
      if (!peer.has("mtls")) {
        continue;
      }
      String mode = Manifests.text(peer.path("mtls"), "mode");
      if (mode == null || mode.equals("STRICT")) {
        return Mode.STRICT;
      }
      if (mode.equals("PERMISSIVE")) {
        return Mode.PERMISSIVE;
      }
      throw invalid(where, "spec.peers[" + i + "].mtls.mode", "must be STRICT or PERMISSIVE, not '" + mode + "'");
    }
    return Mode.DISABLE;
  }

  /** 1.4 lookup: service-targeted entries, then the namespace policy, then MeshPolicy default. */
  Decision legacyFor(MeshSnapshot.Service svc, MeshSnapshot.ServicePort port) {
    for (LegacyTarget t : byHost.getOrDefault(svc.host(), List.of())) {
      if ((t.portNumber() == null && t.portName() == null)
          || (t.portNumber() != null && t.portNumber() == port.port())
          || (t.portName() != null && t.portName().equals(port.name()))) {
        return legacyDecision(t.policy());
      }
    }
    LegacyPolicy ns = byNamespace.get(svc.namespace());
    if (ns != null) {
      return legacyDecision(ns);
    }
    if (meshPolicy != null) {
      return legacyDecision(meshPolicy);
    }
    return new Decision(Mode.DISABLE, null, "no authentication Policy (the server accepts plaintext only)");
  }

  private static Decision legacyDecision(LegacyPolicy p) {
    boolean mesh = p.namespace().isEmpty();
    String mode = switch (p.mode()) {
      case STRICT -> "requires mTLS";
      case PERMISSIVE -> "accepts mTLS and plaintext";
      default -> "sets no mTLS peer (plaintext only)";
    };
    return new Decision(p.mode(), p.namespace() + "/" + p.name(),
        (mesh ? "MeshPolicy " + p.name() : "Policy " + p.namespace() + "/" + p.name()) + " " + mode);
  }

  // ---- current -------------------------------------------------------------------------------

  static AuthnPolicies current(MeshSnapshot s, String rootNamespace) {
    AuthnPolicies p = new AuthnPolicies();
    p.root = rootNamespace;
    List<JsonNode> sorted = new ArrayList<>(s.peerAuthentications());
    // within a scope the oldest wins (creationTimestamp, ties by name)
    sorted.sort(Comparator.comparing(AuthnPolicies::created).thenComparing(AuthnPolicies::name));
    for (JsonNode o : sorted) {
      String ns = namespace(o);
      String where = "PeerAuthentication " + ns + "/" + name(o);
      JsonNode spec = o.path("spec");
      Map<String, String> selector = MeshSnapshot.stringMap(spec.path("selector").path("matchLabels"));
      for (Map.Entry<String, String> e : selector.entrySet()) {
        if (e.getKey().isEmpty() || e.getKey().contains("*") || e.getValue().contains("*")) {
          throw invalid(where, "spec.selector.matchLabels", "keys must be non-empty and no key or value may "
              + "contain '*'");
        }
      }
      Mode mode = paMode(Manifests.text(spec.path("mtls"), "mode"), where, "spec.mtls.mode");
      Map<Integer, Mode> ports = new HashMap<>();
      JsonNode plm = spec.get("portLevelMtls");
      if (plm != null && !plm.isNull()) {
        if (selector.isEmpty()) {
          throw invalid(where, "spec.portLevelMtls", "mesh/namespace peer authentication cannot have port level "
              + "mTLS; add spec.selector.matchLabels or drop portLevelMtls");
        }
        if (!plm.isObject() || plm.isEmpty()) {
          throw invalid(where, "spec.portLevelMtls", "must map at least one port to a mode");
        }
        var it = plm.fields();
        while (it.hasNext()) {
          var e = it.next();
          int port;
          try {
            port = Integer.parseInt(e.getKey());
          } catch (NumberFormatException ex) {
            port = 0;
          }
          if (port < 1 || port > 65535) {
            throw invalid(where, "spec.portLevelMtls." + e.getKey(), "port must be a number from 1 to 65535");
          }
          ports.put(port, paMode(Manifests.text(e.getValue(), "mode"), where, "spec.portLevelMtls." + port + ".mode"));
        }
      }
      PeerAuth pa = new PeerAuth(ns, name(o), selector, mode, Map.copyOf(ports), created(o));
      if (selector.isEmpty()) {
        p.namespaceWide.putIfAbsent(ns, pa);
      } else if (!ns.equals(rootNamespace)) {
        // a selector PA in the root namespace is ignored entirely (ComposePeerAuthentication)
        p.workload.computeIfAbsent(ns, k -> new ArrayList<>()).add(pa);
      }
    }
    return p;
  }

  private static Mode paMode(String mode, String where, String field) {
    if (mode == null) {
      return Mode.UNSET;
    }
    try {
      return Mode.valueOf(mode);
    } catch (IllegalArgumentException e) {
      throw invalid(where, field, "must be UNSET, DISABLE, PERMISSIVE or STRICT, not '" + mode + "'");
    }
  }

  /** mesh → namespace → workload → port; UNSET inherits, PERMISSIVE at the top. */
  Decision currentFor(String namespace, Map<String, String> labels, int targetPort) {
    PeerAuth mesh = namespaceWide.get(root);
    PeerAuth nsPa = namespace.equals(root) ? null : namespaceWide.get(namespace);
    PeerAuth wl = null;
    for (PeerAuth pa : workload.getOrDefault(namespace, List.of())) {
      if (MeshSnapshot.selects(pa.selector(), labels)) {
        wl = pa;
        break;
      }
    }
    Mode mode = Mode.PERMISSIVE;
    PeerAuth decided = null;
    for (PeerAuth pa : new PeerAuth[] {mesh, nsPa, wl}) {
      if (pa != null && pa.mode() != Mode.UNSET) {
        mode = pa.mode();
        decided = pa;
      }
    }
    if (wl != null && wl.ports().containsKey(targetPort)) {
      Mode pm = wl.ports().get(targetPort);
      if (pm != Mode.UNSET) {
        mode = pm;
      }
      decided = wl;
    }
    if (decided == null) {
      return new Decision(mode, null, "no PeerAuthentication applies (default PERMISSIVE)");
    }
    String scope = decided == mesh ? "mesh-wide " : decided == nsPa ? "namespace-wide " : "";
    String port = decided == wl && wl.ports().containsKey(targetPort) ? " on port " + targetPort : "";
    return new Decision(mode, decided.namespace() + "/" + decided.name(),
        scope + "PeerAuthentication " + decided.namespace() + "/" + decided.name() + " sets " + mode + port);
  }

  /** {@code GetNamespaceMutualTLSMode}: namespace/mesh PAs only; what auto mTLS looks at first. */
  Mode namespaceMode(String namespace) {
    PeerAuth nsPa = namespace.equals(root) ? null : namespaceWide.get(namespace);
    PeerAuth mesh = namespaceWide.get(root);
    if (nsPa != null && nsPa.mode() != Mode.UNSET) {
      return nsPa.mode();
    }
    if (mesh != null && mesh.mode() != Mode.UNSET) {
      return mesh.mode();
    }
    return nsPa != null || mesh != null ? Mode.PERMISSIVE : Mode.UNSET;
  }

  // ---- helpers -------------------------------------------------------------------------------

  static String name(JsonNode o) {
    return String.valueOf(Manifests.text(o.path("metadata"), "name"));
  }

  static String namespace(JsonNode o) {
    String ns = Manifests.text(o.path("metadata"), "namespace");
    return ns == null ? "default" : ns;
  }

  /** Objects from manifests have no timestamp: they sort before the cluster's, in name order. */
  static String created(JsonNode o) {
    String c = Manifests.text(o.path("metadata"), "creationTimestamp");
    return c == null ? "" : c;
  }

  static MeshctlException.InvalidInput invalid(String object, String field, String message) {
    return new MeshctlException.InvalidInput(object + ": " + field + ": " + message);
  }
}
