package io.meshctl.core.authn;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.authn.AuthnPolicies.Decision;
import io.meshctl.core.authn.DestinationRules.Entry;
import io.meshctl.core.authn.DestinationRules.PortView;
import io.meshctl.core.authn.TlsCheckRow.Status;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.MeshSnapshot.Pod;
import io.meshctl.core.mesh.MeshSnapshot.Service;
import io.meshctl.core.mesh.MeshSnapshot.ServicePort;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.core.mesh.PodTargets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code authn tls-check}: for a client sidecar, every reachable service port (and subset with its
 * own TLS) with the server-side mode, the client-side TLS and the verdict of mesh-policy.md §2.5 —
 * CONFLICT where traffic fails, OK where it works, AUTO where auto mTLS picks a working mode.
 * Pure: the snapshot in, rows out.
 */
public final class TlsCheck {

  /** Which authentication API decides the server side. */
  public enum Flavour { LEGACY, CURRENT }

  /** How the client sidecar really sends, after DestinationRule and auto mTLS. */
  private enum Sends { PLAIN, ISTIO, CUSTOM }

  /** One kind of server endpoint for a port: its mode (null: no sidecar) and what decided it. */
  private record Group(Mode mode, Decision decision, String workload) {
  }

  /** A CONFLICT row's reason and fix. */
  private record Why(String reason, String fix) {
  }

  private final MeshSnapshot snapshot;
  private final Flavour flavour;
  private final boolean autoMtls;
  private final String root;
  private final AuthnPolicies policies;
  private final DestinationRules rules;
  private final Map<String, List<Pod>> podsByNamespace;
  private final Map<String, List<Group>> groupCache = new HashMap<>();
  private final Map<String, Map<String, List<Pod>>> podsByLabel = new HashMap<>();

  private TlsCheck(MeshSnapshot snapshot, Reporter reporter) {
    this.snapshot = snapshot;
    boolean legacyObjects = !snapshot.meshPolicies().isEmpty() || !snapshot.policies().isEmpty();
    boolean currentObjects = !snapshot.peerAuthentications().isEmpty();
    if (legacyObjects && currentObjects) {
      flavour = Flavour.CURRENT;
      reporter.warn("both MeshPolicy/Policy (authentication.istio.io/v1alpha1) and PeerAuthentication objects "
          + "exist: PeerAuthentication decides (Istio 1.6+ no longer reads v1alpha1 policies); "
          + (snapshot.meshPolicies().size() + snapshot.policies().size()) + " v1alpha1 object(s) ignored");
    } else if (legacyObjects || currentObjects) {
      flavour = legacyObjects ? Flavour.LEGACY : Flavour.CURRENT;
    } else {
      flavour = snapshot.apis().legacy() && !snapshot.apis().current() ? Flavour.LEGACY : Flavour.CURRENT;
    }
    root = snapshot.meshConfig().rootNamespace();
    Boolean auto = snapshot.meshConfig().enableAutoMtls();
    // the default moved: off in 1.4, on from 1.5's charts and 1.6's code
    autoMtls = auto != null ? auto : flavour == Flavour.CURRENT;
    policies = flavour == Flavour.LEGACY ? AuthnPolicies.legacy(snapshot) : AuthnPolicies.current(snapshot, root);
    rules = new DestinationRules(snapshot, flavour == Flavour.LEGACY, root);
    podsByNamespace = snapshot.podsByNamespace();
    reporter.debug("authentication: " + (flavour == Flavour.LEGACY ? "legacy MeshPolicy/Policy" : "PeerAuthentication")
        + "; auto mTLS " + (autoMtls ? "on" : "off") + (auto == null ? " (default)" : "") + "; root namespace " + root);
  }

  /** Validates every policy and DestinationRule (65 naming object and field) and indexes them. */
  public static TlsCheck of(MeshSnapshot snapshot, Reporter reporter) {
    return new TlsCheck(snapshot, reporter);
  }

  public Flavour flavour() {
    return flavour;
  }

  public boolean autoMtls() {
    return autoMtls;
  }

  /** The client pod, or 66 naming pod and namespace (an offline snapshot: a workload template standing in). */
  public Pod pod(String name, String namespace) {
    return PodTargets.resolve(snapshot, new ObjectRef(ObjectRef.Kind.POD, name, namespace), namespace, Reporter.SILENT);
  }

  /**
   * The server side of one pod behind one service port: the mode its sidecar enforces (null: no
   * sidecar, plaintext only) and the policy that decides it, by the same rules as the verdicts.
   */
  public record ServerSide(String mode, String policy, String described) {
  }

  public ServerSide serverSide(Pod pod, Service svc, ServicePort port) {
    Decision d = flavour == Flavour.LEGACY ? policies.legacyFor(svc, port)
        : policies.currentFor(pod.namespace(), pod.labels(), port.targetPortFor(pod));
    return new ServerSide(pod.sidecar() ? d.mode().name() : null, d.name(), d.described());
  }

  /** Every service port the pod can reach, or only {@code service} (short name, name.namespace or FQDN). */
  public List<TlsCheckRow> forPod(Pod client, String service) {
    List<Service> targets = snapshot.services();
    if (service != null) {
      targets = services(service, client.namespace());
    }
    List<TlsCheckRow> rows = new ArrayList<>();
    for (Service s : targets) {
      rows.addAll(rows(client, s, null));
    }
    rows.sort(ORDER);
    return rows;
  }

  /**
   * The namespace of the service a SERVICE argument names, as {@link #forPod} resolves it: a bare name
   * is the client's namespace's, {@code NAME.NAMESPACE[.svc[.DOMAIN]]} that namespace's; null for
   * another host, which may be any namespace's.
   */
  public static String serviceNamespace(String arg, String clientNs) {
    String[] parts = arg.split("\\.");
    if (parts.length == 1) {
      return clientNs;
    }
    if (parts.length == 2 || parts[2].equals("svc") && (parts.length == 3 || arg.endsWith(".svc." + Hosts.DEFAULT_DOMAIN))) {
      return parts[1];
    }
    return null;
  }

  private List<Service> services(String arg, String clientNs) {
    List<Service> out = new ArrayList<>();
    String resolved = Hosts.resolve(arg, clientNs, snapshot.domain());
    for (Service s : snapshot.services()) {
      if (s.host().equals(resolved) || (s.name() + "." + s.namespace()).equals(arg)
          || (s.name() + "." + s.namespace() + ".svc").equals(arg)) {
        out.add(s);
      }
    }
    if (out.isEmpty() && !arg.contains(".")) {
      snapshot.services().stream().filter(s -> s.name().equals(arg)).forEach(out::add);
    }
    if (out.isEmpty()) {
      throw new MeshctlException.NotFound("service " + arg + " not found (looked for " + resolved
          + "): give its short name, NAME.NAMESPACE or the FQDN");
    }
    return out;
  }

  /**
   * The mesh-wide report for CI: one representative per workload with a sidecar. Rows every client
   * sees alike are printed once with source {@code *}; a namespace (or a set of pods selected by
   * workloadSelector rules) whose own DestinationRules or named exports change a host gets its own
   * rows for that host only. Work grows with services + rules, not services × clients.
   */
  public List<TlsCheckRow> meshWide(Reporter reporter) {
    Map<String, Pod> views = new TreeMap<>();
    Map<String, List<String>> members = new HashMap<>();
    int skipped = 0;
    for (Pod p : representatives()) {
      if (!p.sidecar()) {
        skipped++;
        continue;
      }
      List<String> selectorRules = rules.selectorRulesFor(p.namespace(), p.labels());
      String key = p.namespace() + (selectorRules.isEmpty() ? "" : "/" + String.join(",", selectorRules));
      views.putIfAbsent(key, p);
      members.computeIfAbsent(key, k -> new ArrayList<>()).add(p.name());
    }
    if (skipped > 0) {
      reporter.info(skipped + " workload(s) without a sidecar skipped: they send plaintext and are not mesh clients");
    }
    List<TlsCheckRow> out = new ArrayList<>();
    if (views.isEmpty()) {
      reporter.warn("no pod or workload with a sidecar found: nothing to check");
      return out;
    }
    // The baseline: a sidecar in a namespace with no DestinationRules of its own and named in no
    // exportTo. A client differs from it only for hosts its namespace's own rules (or rules exported
    // to it by name, or selector rules) match, so only those services are evaluated again.
    Pod generic = new Pod("*", "\u0000any", Map.of(), true, Map.of(), null, true);
    Map<String, List<TlsCheckRow>> baseline = new LinkedHashMap<>();
    for (Service s : snapshot.services()) {
      baseline.put(s.host(), rows(generic, s, "*"));
    }
    Map<String, Integer> overridden = new HashMap<>();
    ServiceIndex index = new ServiceIndex(snapshot.services());
    for (Map.Entry<String, Pod> v : views.entrySet()) {
      Pod p = v.getValue();
      String source = v.getKey().contains("/")
          ? p.namespace() + "/" + String.join(",", members.get(v.getKey())) : p.namespace();
      for (Service s : index.matching(rules.hostsSpecificTo(p.namespace()))) {
        List<TlsCheckRow> mine = rows(p, s, source);
        if (!sameVerdicts(mine, baseline.get(s.host()))) {
          out.addAll(mine);
          overridden.merge(s.host(), 1, Integer::sum);
        }
      }
    }
    // a '*' row is printed only when some client really sees it (no false CONFLICT from a baseline nobody has)
    baseline.forEach((host, rows) -> {
      if (overridden.getOrDefault(host, 0) < views.size()) {
        out.addAll(rows);
      }
    });
    out.sort(ORDER);
    return out;
  }

  /** Live: one pod per (namespace, labels minus the per-revision hash); offline every pod/workload. */
  private List<Pod> representatives() {
    Map<String, Pod> one = new LinkedHashMap<>();
    for (Pod p : snapshot.pods()) {
      Map<String, String> labels = new TreeMap<>(p.labels());
      labels.keySet().removeAll(List.of("pod-template-hash", "controller-revision-hash",
          "statefulset.kubernetes.io/pod-name", "pod-template-generation"));
      one.putIfAbsent(p.namespace() + "|" + p.sidecar() + "|" + labels + (labels.isEmpty() ? p.name() : ""), p);
    }
    return new ArrayList<>(one.values());
  }

  /** Services by host and by every {@code .suffix} of it: a rule host (maybe a wildcard) to its services in a few gets. */
  private static final class ServiceIndex {

    private final List<Service> all;
    private final Map<String, Service> byHost = new HashMap<>();
    private final Map<String, List<Service>> bySuffix = new HashMap<>();

    ServiceIndex(List<Service> services) {
      all = services;
      for (Service s : services) {
        String h = s.host();
        byHost.put(h, s);
        for (int i = h.indexOf('.'); i >= 0; i = h.indexOf('.', i + 1)) {
          bySuffix.computeIfAbsent(h.substring(i), k -> new ArrayList<>()).add(s);
        }
      }
    }

    Set<Service> matching(Set<String> ruleHosts) {
      Set<Service> out = new LinkedHashSet<>();
      for (String host : ruleHosts) {
        if (host.equals("*")) {
          return new LinkedHashSet<>(all);
        }
        if (host.startsWith("*.")) {
          out.addAll(bySuffix.getOrDefault(host.substring(1), List.of()));
        } else if (byHost.containsKey(host)) {
          out.add(byHost.get(host));
        }
      }
      return out;
    }
  }

  private static boolean sameVerdicts(List<TlsCheckRow> a, List<TlsCheckRow> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameVerdict(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static final Comparator<TlsCheckRow> ORDER = Comparator
      .comparing((TlsCheckRow r) -> r.source() == null || r.source().equals("*") ? "" : r.source())
      .thenComparing(TlsCheckRow::host).thenComparingInt(TlsCheckRow::port);

  // ---- one service ---------------------------------------------------------------------------

  private List<TlsCheckRow> rows(Pod client, Service svc, String source) {
    List<TlsCheckRow> out = new ArrayList<>();
    Entry dr = client.sidecar() ? rules.lookup(client.namespace(), client.labels(), svc.host(), svc.namespace()) : null;
    JsonNode tp = dr == null ? null : dr.trafficPolicy();
    for (ServicePort port : svc.ports()) {
      List<Group> groups = groups(svc, port, null, null);
      String mode = DestinationRules.mode(rules.portView(tp, port.port(), port.name()).tls());
      String endpoint = dr == null || flavour == Flavour.LEGACY ? null : rules.endpointMode(dr, null, port.port());
      out.add(row(source, client, svc, svc.host(), port, groups, dr, mode, endpoint));
      if (dr == null) {
        continue;
      }
      for (JsonNode subset : dr.subsets()) {
        JsonNode stp = subset.get("trafficPolicy");
        if (stp == null || stp.isNull()) {
          continue;
        }
        PortView v = rules.portView(stp, port.port(), port.name());
        if (!v.portEntry() && v.tls() == null) {
          continue; // the subset inherits the rule's tls: same verdict as the host row
        }
        String name = Manifests.text(subset, "name");
        List<Group> sg = groups(svc, port, name, MeshSnapshot.stringMap(subset.path("labels")));
        String sEndpoint = flavour == Flavour.LEGACY ? null : rules.endpointMode(dr, subset, port.port());
        out.add(row(source, client, svc, svc.host() + "|" + name, port, sg, dr, DestinationRules.mode(v.tls()),
            sEndpoint));
      }
    }
    return out;
  }

  /** The distinct server endpoint kinds behind a port (pods of the service, narrowed to a subset). */
  private List<Group> groups(Service svc, ServicePort port, String subset, Map<String, String> subsetLabels) {
    String key = svc.host() + ":" + port.port() + "|" + subset;
    List<Group> cached = groupCache.get(key);
    if (cached != null) {
      return cached;
    }
    Map<String, Group> out = new LinkedHashMap<>();
    // legacy policies decide per service port, whatever the endpoint
    Decision legacy = flavour == Flavour.LEGACY ? policies.legacyFor(svc, port) : null;
    if (svc.selector() == null) {
      // endpoints managed by hand (the API server, external hosts): nothing injects them
      Decision d = legacy != null ? legacy : policies.currentFor(svc.namespace(), Map.of(), port.targetPortFor(null));
      out.put("none", new Group(null, d, svc.name()));
    } else {
      for (Pod p : candidates(svc.namespace(), svc.selector())) {
        if (!MeshSnapshot.selects(svc.selector(), p.labels())
            || (subsetLabels != null && !subsetLabels.isEmpty() && !MeshSnapshot.selects(subsetLabels, p.labels()))) {
          continue;
        }
        Decision d = legacy != null ? legacy : policies.currentFor(p.namespace(), p.labels(), port.targetPortFor(p));
        Mode m = p.sidecar() ? d.mode() : null;
        out.putIfAbsent(m + "|" + d.name(), new Group(m, d, p.standInFor() != null ? p.standInFor() : "pod " + p.name()));
      }
      if (out.isEmpty()) {
        // no endpoints known: judge by policy alone, as a sidecar-injected server would apply it
        Decision d = legacy != null ? legacy
            : policies.currentFor(svc.namespace(), subsetLabels == null ? Map.of() : subsetLabels,
                port.targetPortFor(null));
        out.put("assumed", new Group(d.mode(), d, null));
      }
    }
    List<Group> groups = List.copyOf(out.values());
    groupCache.put(key, groups);
    return groups;
  }

  /**
   * The pods of a namespace that may match a selector: those carrying its first pair, in snapshot
   * order. Trying every pod of the namespace for every service port made a large namespace quadratic.
   */
  private List<Pod> candidates(String namespace, Map<String, String> selector) {
    List<Pod> all = podsByNamespace.getOrDefault(namespace, List.of());
    if (selector.isEmpty()) {
      return all;
    }
    Map.Entry<String, String> first = selector.entrySet().iterator().next();
    return podsByLabel.computeIfAbsent(namespace, ns -> {
      Map<String, List<Pod>> byLabel = new HashMap<>();
      for (Pod p : all) {
        p.labels().forEach((k, v) -> byLabel.computeIfAbsent(k + "\u0000" + v, x -> new ArrayList<>()).add(p));
      }
      return byLabel;
    }).getOrDefault(first.getKey() + "\u0000" + first.getValue(), List.of());
  }

  private TlsCheckRow row(String source, Pod client, Service svc, String host, ServicePort port, List<Group> groups,
      Entry dr, String mode, String endpointMode) {
    String clientCol = !client.sidecar() ? "NO-SIDECAR" : mode == null ? "-" : mode;
    Set<String> server = new LinkedHashSet<>();
    Set<String> authn = new LinkedHashSet<>();
    Group failing = null;
    Sends failingSends = null;
    for (Group g : groups) {
      server.add(g.mode() == null ? "NO-SIDECAR" : g.mode().name());
      if (g.decision().name() != null) {
        authn.add(g.decision().name());
      }
      Sends sends = sends(client, svc, g, mode, endpointMode);
      if (failing == null && !works(sends, g.mode())) {
        failing = g;
        failingSends = sends;
      }
    }
    String drName = client.sidecar() && dr != null ? dr.first().id() : "-";
    Status status = failing != null ? Status.CONFLICT
        : client.sidecar() && mode == null && autoMtls ? Status.AUTO : Status.OK;
    Why why = failing == null ? new Why(null, null) : explain(client, svc, port, failing, failingSends, dr, mode);
    return new TlsCheckRow(source, host, port.port(), status, String.join(",", server), clientCol,
        authn.isEmpty() ? "-" : String.join(",", authn), drName, why.reason(), why.fix());
  }

  private Sends sends(Pod client, Service svc, Group g, String mode, String endpointMode) {
    if (!client.sidecar()) {
      return Sends.PLAIN;
    }
    if (mode != null) {
      return of(mode);
    }
    if (!autoMtls) {
      return Sends.PLAIN;
    }
    if (flavour == Flavour.LEGACY) {
      // 1.4 auto mTLS: the policy's mode for the service port, mTLS only to endpoints with a sidecar
      return g.decision().mode() == Mode.DISABLE || g.mode() == null ? Sends.PLAIN : Sends.ISTIO;
    }
    if (policies.namespaceMode(svc.namespace()) == Mode.DISABLE) {
      return Sends.PLAIN; // cluster stage: namespace-level DISABLE means plaintext, whatever the workload says
    }
    if (endpointMode != null) {
      return endpointMode.equals("ISTIO_MUTUAL") ? Sends.ISTIO : Sends.PLAIN;
    }
    return g.mode() != null && g.mode() != Mode.DISABLE ? Sends.ISTIO : Sends.PLAIN;
  }

  private static Sends of(String mode) {
    return switch (mode) {
      case "DISABLE" -> Sends.PLAIN;
      case "ISTIO_MUTUAL" -> Sends.ISTIO;
      default -> Sends.CUSTOM;
    };
  }

  /** §2.5; custom TLS counts as failing against a sidecar that does not terminate it (1.4 semantics). */
  private static boolean works(Sends sends, Mode server) {
    if (server == null) {
      return sends != Sends.ISTIO;
    }
    return switch (server) {
      case STRICT -> sends == Sends.ISTIO;
      case PERMISSIVE -> sends != Sends.CUSTOM;
      default -> sends == Sends.PLAIN;
    };
  }

  private Why explain(Pod client, Service svc, ServicePort port, Group g, Sends sends, Entry dr, String mode) {
    String drId = dr == null ? null : "DestinationRule " + dr.first().id();
    String clientSays;
    if (!client.sidecar()) {
      clientSays = "pod " + client.id() + " has no sidecar and sends plaintext";
    } else if (mode != null) {
      clientSays = drId + " sets " + mode;
    } else if (!autoMtls) {
      clientSays = "no DestinationRule sets TLS for " + svc.host() + ":" + port.port()
          + " and auto mTLS is off, so the client sends plaintext";
    } else if (sends == Sends.ISTIO) {
      clientSays = "auto mTLS sends mTLS (" + drId + " sets ISTIO_MUTUAL for the endpoints)";
    } else {
      clientSays = "auto mTLS sends plaintext (namespace " + svc.namespace() + " is DISABLE at namespace level)";
    }
    String serverSays = g.mode() == null
        ? "the server " + (g.workload() == null ? svc.host() : g.workload()) + " has no sidecar and accepts plaintext only"
        : g.decision().described();
    String fix;
    if (g.mode() == Mode.STRICT && sends == Sends.PLAIN) {
      if (!client.sidecar()) {
        fix = "inject the sidecar into the client, or make the server PERMISSIVE";
      } else if (mode != null) {
        fix = "set tls.mode ISTIO_MUTUAL in " + drId + " or remove the override";
      } else if (!autoMtls) {
        fix = "add a DestinationRule for " + svc.host() + " with tls.mode ISTIO_MUTUAL, or set enableAutoMtls: true in "
            + "the mesh config";
      } else {
        fix = "set tls.mode ISTIO_MUTUAL in a DestinationRule for " + svc.host() + ", or align the namespace-wide "
            + "PeerAuthentication of " + svc.namespace() + " with the workload's";
      }
    } else if (g.mode() == Mode.STRICT) {
      fix = "set tls.mode ISTIO_MUTUAL in " + drId + ": SIMPLE/MUTUAL is TLS for the application, which the STRICT "
          + "sidecar does not pass through";
    } else if (sends == Sends.ISTIO && g.mode() == null) {
      fix = "inject the sidecar into " + (g.workload() == null ? "the server" : g.workload()) + ", or set tls.mode "
          + "DISABLE for " + svc.host() + (drId == null ? " in a DestinationRule" : " in " + drId);
    } else if (sends == Sends.ISTIO) {
      fix = "set tls.mode DISABLE in " + (drId == null ? "a DestinationRule for " + svc.host() : drId)
          + ", or make the server PERMISSIVE or STRICT";
    } else {
      boolean tcp = g.mode() == Mode.PERMISSIVE && !isHttp(port);
      fix = "set tls.mode ISTIO_MUTUAL (or DISABLE) in " + drId + ": the server sidecar does not terminate "
          + "application TLS" + (tcp ? " (on this TCP port PERMISSIVE passes it through to the application, which "
          + "then must terminate it)" : "");
    }
    return new Why(clientSays + " but " + serverSays, fix);
  }

  private static boolean isHttp(ServicePort port) {
    String n = port.name() == null ? "" : port.name().toLowerCase(java.util.Locale.ROOT);
    return n.equals("http") || n.startsWith("http-") || n.equals("http2") || n.startsWith("http2-")
        || n.equals("grpc") || n.startsWith("grpc-");
  }
}
