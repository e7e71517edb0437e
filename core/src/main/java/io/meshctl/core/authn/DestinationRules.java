package io.meshctl.core.authn;

import static io.meshctl.core.authn.AuthnPolicies.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Client-side DestinationRule selection as a sidecar sees it (mesh-policy.md §1.5 legacy, §2.2
 * current): per-namespace indexes keyed by resolved host, merged as Pilot merges them, then looked
 * up client namespace → service namespace → root namespace by most specific host. A lookup is a
 * handful of map gets (see {@link Hosts#candidates}), never a scan over all rules.
 */
public final class DestinationRules {

  private static final Set<String> TLS_MODES = Set.of("DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL");
  private static final Pattern DNS1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** One DestinationRule as written. */
  record Rule(String namespace, String name, String host, List<String> exportTo, Map<String, String> selector,
      JsonNode trafficPolicy, List<JsonNode> subsets, String created) {

    String id() {
      return namespace + "/" + name;
    }
  }

  /** A merged rule: the oldest rule's identity, the merged subsets and policy. */
  record Entry(Rule first, JsonNode trafficPolicy, List<JsonNode> subsets, Set<String> exportTo,
      Map<String, String> selector) {
  }

  private final boolean legacy;
  private final String root;
  private final Map<String, Map<String, List<Entry>>> local = new HashMap<>();
  private final Map<String, Map<String, List<Entry>>> exported = new HashMap<>();
  private final Map<String, List<Entry>> rootLocal = new HashMap<>();
  /** namespace → rules that name it in exportTo (current only): they change what that namespace sees. */
  private final Map<String, List<Rule>> namedExports = new HashMap<>();

  DestinationRules(MeshSnapshot s, boolean legacy, String root) {
    this.legacy = legacy;
    this.root = root;
    List<String> defaultExport = s.meshConfig().defaultDestinationRuleExportTo();
    List<Rule> rules = new ArrayList<>();
    for (JsonNode o : s.destinationRules()) {
      rules.add(parse(o, s.domain(), legacy));
    }
    if (legacy) {
      rules.sort(Comparator.comparing(Rule::created).thenComparing(r -> r.name() + "." + r.namespace()));
      for (Rule r : rules) {
        mergeLegacy(local.computeIfAbsent(r.namespace(), k -> new HashMap<>()), r);
        boolean isPublic = r.exportTo().isEmpty() ? !defaultExport.contains(".") : !r.exportTo().get(0).equals(".");
        if (isPublic) {
          mergeLegacy(exported.computeIfAbsent(r.namespace(), k -> new HashMap<>()), r);
        }
      }
      return;
    }
    rules.sort(Comparator.comparing((Rule r) -> r.selector().isEmpty())
        .thenComparing(Rule::created).thenComparing(Rule::name).thenComparing(Rule::namespace));
    for (Rule r : rules) {
      Set<String> export = r.selector().isEmpty() ? new LinkedHashSet<>(r.exportTo()) : Set.of(".");
      String ns = r.namespace();
      if (export.isEmpty() || export.contains("*") || export.contains(".") || export.contains(ns)) {
        mergeCurrent(local.computeIfAbsent(ns, k -> new HashMap<>()), r, export);
      }
      boolean privateOnly = (export.isEmpty() && defaultExport.contains("."))
          || (export.size() == 1 && (export.contains(".") || export.contains(ns)));
      if (!privateOnly) {
        mergeCurrent(exported.computeIfAbsent(ns, k -> new HashMap<>()), r, export);
        for (String e : export) {
          if (!e.equals("*") && !e.equals(".")) {
            namedExports.computeIfAbsent(e, k -> new ArrayList<>()).add(r);
          }
        }
      } else if (ns.equals(root)) {
        mergeCurrent(rootLocal, r, export);
      }
    }
  }

  private static Rule parse(JsonNode o, String domain, boolean legacy) {
    String ns = AuthnPolicies.namespace(o);
    String name = AuthnPolicies.name(o);
    String where = "DestinationRule " + ns + "/" + name;
    JsonNode spec = o.path("spec");
    String host = Manifests.text(spec, "host");
    if (host == null || host.isBlank()) {
      throw invalid(where, "spec.host", "is required (the service the rule applies to)");
    }
    List<String> exportTo = new ArrayList<>();
    spec.path("exportTo").forEach(e -> exportTo.add(e.asText()));
    validateExportTo(exportTo, where, legacy);
    Map<String, String> selector = legacy ? Map.of()
        : MeshSnapshot.stringMap(spec.path("workloadSelector").path("matchLabels"));
    if (!selector.isEmpty() && !exportTo.isEmpty() && !(exportTo.size() == 1
        && (exportTo.get(0).equals(".") || exportTo.get(0).equals(ns)))) {
      throw invalid(where, "spec.exportTo", "a rule with a workloadSelector can only be exported to its own "
          + "namespace ('.')");
    }
    JsonNode tp = spec.get("trafficPolicy");
    validatePolicy(tp, where, "spec.trafficPolicy");
    List<JsonNode> subsets = new ArrayList<>();
    JsonNode ss = spec.path("subsets");
    for (int i = 0; i < ss.size(); i++) {
      if (Manifests.text(ss.get(i), "name") == null) {
        throw invalid(where, "spec.subsets[" + i + "].name", "is required");
      }
      validatePolicy(ss.get(i).get("trafficPolicy"), where, "spec.subsets[" + i + "].trafficPolicy");
      subsets.add(ss.get(i));
    }
    return new Rule(ns, name, Hosts.resolve(host, ns, domain), List.copyOf(exportTo), selector,
        tp == null || tp.isNull() ? null : tp, List.copyOf(subsets), AuthnPolicies.created(o));
  }

  private static void validateExportTo(List<String> exportTo, String where, boolean legacy) {
    if (legacy) {
      if (exportTo.size() > 1 || (exportTo.size() == 1 && !Set.of(".", "*").contains(exportTo.get(0)))) {
        throw invalid(where, "spec.exportTo", "this Istio release accepts one entry, '.' or '*'");
      }
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String e : exportTo) {
      if (!e.equals(".") && !e.equals("*") && !DNS1123.matcher(e).matches()) {
        throw invalid(where, "spec.exportTo", "'" + e + "' is not '.', '*' or a namespace name");
      }
      if (!seen.add(e)) {
        throw invalid(where, "spec.exportTo", "'" + e + "' is listed twice");
      }
    }
    if (seen.contains("*") && seen.size() > 1) {
      throw invalid(where, "spec.exportTo", "'*' cannot be combined with other entries");
    }
  }

  private static void validatePolicy(JsonNode tp, String where, String field) {
    if (tp == null || tp.isNull()) {
      return;
    }
    validateTls(tp.get("tls"), where, field + ".tls");
    JsonNode pls = tp.path("portLevelSettings");
    for (int i = 0; i < pls.size(); i++) {
      JsonNode e = pls.get(i);
      if (!e.path("port").path("number").canConvertToInt() && Manifests.text(e.path("port"), "name") == null) {
        throw invalid(where, field + ".portLevelSettings[" + i + "].port", "needs a port number");
      }
      validateTls(e.get("tls"), where, field + ".portLevelSettings[" + i + "].tls");
    }
  }

  private static void validateTls(JsonNode tls, String where, String field) {
    if (tls == null || tls.isNull()) {
      return;
    }
    String mode = Manifests.text(tls, "mode");
    if (mode != null && !TLS_MODES.contains(mode)) {
      throw invalid(where, field + ".mode", "must be DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL, not '" + mode + "'");
    }
  }

  // ---- merging -------------------------------------------------------------------------------

  /** Legacy: later rules for the same host fold into the oldest (subsets appended, policy only if none). */
  private static void mergeLegacy(Map<String, List<Entry>> index, Rule r) {
    List<Entry> list = index.get(r.host());
    if (list == null) {
      index.put(r.host(), new ArrayList<>(List.of(entry(r, Set.of()))));
    } else {
      list.set(0, merge(list.get(0), r));
    }
  }

  /** Current ({@code mergeDestinationRule}), implemented literally: the last visited entry decides. */
  private static void mergeCurrent(Map<String, List<Entry>> index, Rule d, Set<String> export) {
    List<Entry> list = index.computeIfAbsent(d.host(), k -> new ArrayList<>());
    boolean append = true;
    for (int i = 0; i < list.size(); i++) {
      Entry e = list.get(i);
      if (export.equals(e.exportTo())) {
        append = false;
      } else if (!e.exportTo().isEmpty() && export.containsAll(e.exportTo())) {
        append = true;
      } else {
        append = true;
        continue;
      }
      boolean dSel = !d.selector().isEmpty();
      boolean eSel = !e.selector().isEmpty();
      if (dSel && eSel && !d.selector().equals(e.selector())) {
        append = true;
        continue;
      }
      if ((!dSel && !eSel) || (dSel && d.selector().equals(e.selector()))) {
        append = false;
      }
      list.set(i, merge(e, d));
    }
    if (append) {
      list.add(entry(d, export));
    }
  }

  private static Entry entry(Rule r, Set<String> export) {
    return new Entry(r, r.trafficPolicy(), r.subsets(), export, r.selector());
  }

  private static Entry merge(Entry e, Rule d) {
    List<JsonNode> subsets = new ArrayList<>(e.subsets());
    Set<String> names = new HashSet<>();
    subsets.forEach(s -> names.add(Manifests.text(s, "name")));
    for (JsonNode s : d.subsets()) {
      if (names.add(Manifests.text(s, "name"))) {
        subsets.add(s);
      }
    }
    return new Entry(e.first(), e.trafficPolicy() != null ? e.trafficPolicy() : d.trafficPolicy(),
        List.copyOf(subsets), e.exportTo(), e.selector());
  }

  // ---- lookup --------------------------------------------------------------------------------

  /**
   * The rule a sidecar in {@code clientNs} with {@code clientLabels} applies to {@code host} of {@code serviceNs}; null if none.
   * One search for both flavours: legacy entries have no exportTo set and no selector, and no root-private
   * index, so it reduces to 1.4's own namespace → service namespace → root namespace, first rule.
   */
  Entry lookup(String clientNs, Map<String, String> clientLabels, String host, String serviceNs) {
    List<Entry> found = mostSpecific(own(clientNs), host);
    if (found == null) {
      found = visible(mostSpecific(exported.get(serviceNs), host), clientNs);
    }
    if (found == null) {
      found = visible(mostSpecific(exported.get(root), host), clientNs);
    }
    if (found == null) {
      return null;
    }
    // SidecarScope: a selector rule of the client's namespace that selects the pod, else the last catch-all
    Entry catchAll = null;
    for (Entry e : found) {
      if (e.selector().isEmpty()) {
        catchAll = e;
      } else if (e.first().namespace().equals(clientNs) && MeshSnapshot.selects(e.selector(), clientLabels)) {
        return e;
      }
    }
    return catchAll;
  }

  /** The rules a client's own namespace contributes: the root namespace sees only its private ones (none in legacy). */
  private Map<String, List<Entry>> own(String clientNs) {
    return clientNs.equals(root) ? rootLocal : local.get(clientNs);
  }

  private static List<Entry> mostSpecific(Map<String, List<Entry>> index, String host) {
    if (index == null || index.isEmpty()) {
      return null;
    }
    for (String key : Hosts.candidates(host)) {
      List<Entry> l = index.get(key);
      if (l != null && !l.isEmpty()) {
        return l;
      }
    }
    return null;
  }

  /** The exportTo filter runs after the most specific host was chosen: if nothing is left the search moves on. */
  private static List<Entry> visible(List<Entry> entries, String clientNs) {
    if (entries == null) {
      return null;
    }
    List<Entry> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.exportTo().isEmpty() || e.exportTo().contains("*") || e.exportTo().contains(clientNs)) {
        out.add(e);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * The chosen rule for callers outside authn: {@code namespace/name} of its oldest rule, the merged
   * subsets and the merged traffic policy (null when none).
   */
  public record Selected(String id, List<JsonNode> subsets, JsonNode trafficPolicy) {
  }

  /**
   * The rule a sidecar in {@code clientNs} with {@code clientLabels} applies to {@code host} (a service of
   * {@code serviceNs}, or null for another host), by the same selection and merging tls-check uses. Every rule in
   * the snapshot is validated first (65 naming rule and field); the root namespace is the snapshot's.
   */
  public static Optional<Selected> select(MeshSnapshot s, boolean legacy, String clientNs,
      Map<String, String> clientLabels, String host, String serviceNs) {
    Entry e = new DestinationRules(s, legacy, s.meshConfig().rootNamespace())
        .lookup(clientNs, clientLabels, host, serviceNs);
    return e == null ? Optional.empty() : Optional.of(new Selected(e.first().id(), e.subsets(), e.trafficPolicy()));
  }

  // ---- what differs per client namespace (for the mesh-wide report) ----------------------------

  /** Rule hosts whose resolution for a client in {@code ns} can differ from a namespace without rules of its own. */
  Set<String> hostsSpecificTo(String ns) {
    Set<String> hosts = new HashSet<>();
    Map<String, List<Entry>> own = own(ns);
    if (own != null) {
      hosts.addAll(own.keySet());
    }
    for (Rule r : namedExports.getOrDefault(ns, List.of())) {
      hosts.add(r.host());
    }
    return hosts;
  }

  /** Selector rules of {@code ns} that select these labels: pods with different sets see different rules. */
  List<String> selectorRulesFor(String ns, Map<String, String> labels) {
    List<String> ids = new ArrayList<>();
    Map<String, List<Entry>> own = local.get(ns);
    if (own == null) {
      return ids;
    }
    for (List<Entry> l : own.values()) {
      for (Entry e : l) {
        if (!e.selector().isEmpty() && MeshSnapshot.selects(e.selector(), labels)) {
          ids.add(e.first().id());
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  // ---- traffic policy for a port -------------------------------------------------------------

  /** The port's view of a policy: a matching portLevelSettings entry replaces everything, tls included. */
  record PortView(boolean portEntry, JsonNode tls) {
  }

  PortView portView(JsonNode trafficPolicy, int port, String portName) {
    if (trafficPolicy == null) {
      return new PortView(false, null);
    }
    for (JsonNode e : trafficPolicy.path("portLevelSettings")) {
      JsonNode sel = e.path("port");
      boolean byNumber = sel.path("number").canConvertToInt() && sel.path("number").asInt() == port;
      // 1.1-1.3 also selected by port name; current selects by number only
      boolean byName = legacy && portName != null && portName.equals(Manifests.text(sel, "name"));
      if (byNumber || byName) {
        return new PortView(true, tlsOf(e));
      }
    }
    return new PortView(false, tlsOf(trafficPolicy));
  }

  /** The {@code tls} of a policy or port entry; null when absent or written as null. */
  private static JsonNode tlsOf(JsonNode settings) {
    JsonNode tls = settings.get("tls");
    return tls == null || tls.isNull() ? null : tls;
  }

  /** {@code tls: {}} is mode DISABLE (enum zero); no tls at all is null (unset: auto mTLS decides). */
  static String mode(JsonNode tls) {
    if (tls == null) {
      return null;
    }
    String m = Manifests.text(tls, "mode");
    return m == null ? "DISABLE" : m;
  }

  /**
   * The endpoint stage of auto mTLS (current): subset policy first, then the rule's; a port entry
   * counts only if it sets tls. Null when nothing sets a mode.
   */
  String endpointMode(Entry e, JsonNode subset, int port) {
    for (JsonNode tp : new JsonNode[] {subset == null ? null : subset.get("trafficPolicy"), e.trafficPolicy()}) {
      if (tp == null || tp.isNull()) {
        continue;
      }
      JsonNode portTls = portView(tp, port, null).tls();
      JsonNode tls = portTls != null ? portTls : tlsOf(tp);
      if (tls != null) {
        return mode(tls);
      }
    }
    return null;
  }
}
