package io.meshctl.core.route;

import io.meshctl.core.mesh.Hosts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.authn.DestinationRules;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.ObjectRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides a weight change, without I/O: which VirtualService and route, whether we may touch it,
 * whether the subsets exist and have pods, and the edited tree. Everything the route does not own
 * (matches, retries, timeouts, headers, mirrors, other routes, tcp/tls, metadata) is left exactly
 * as it was, key order included.
 */
public final class RoutePlanner {

  private RoutePlanner() {
  }

  /**
   * @param createApiVersion the networking apiVersion for a VirtualService made with {@code --create}
   */
  public static RoutePlan plan(MeshSnapshot in, RouteRequest req, String createApiVersion) {
    String target = Hosts.resolve(req.host(), in.namespace(), Hosts.DEFAULT_DOMAIN);
    VirtualServices.Match match = VirtualServices.choose(in, req.host(), req.virtualService());
    if (match == null) {
      if (!req.create()) {
        throw new MeshctlException.NotFound("no VirtualService in namespace " + in.namespace() + " routes " + target
            + " (by name, hosts or route destinations): make one with --create [--hosts HOST --gateway GATEWAY], "
            + "or name it with --virtual-service and -n");
      }
      return create(in, req, target, createApiVersion);
    }
    ObjectNode vs = match.vs();
    String ns = in.namespaceOf(vs);
    if (!req.force()) {
      Optional<String> owner = Ownership.managedBy(vs, inNamespace(in, in.rollouts(), ns));
      if (owner.isPresent()) {
        throw new MeshctlException.Forbidden("VirtualService " + ns + "/" + match.name() + " is managed by "
            + owner.get() + ", which would revert or fight this edit: change the weights there, or pass --force", null);
      }
    }
    RouteRef ref = VirtualServices.chooseRoute(match, req.route());
    JsonNode route = ref.in(vs);
    String[] dest = destinationHost(vs, ref, target, ns);
    String destFqdn = dest[1];
    Visible dr = checkSubsets(in, req.weights(), destFqdn, ns);
    ObjectNode after = edit(vs, ref, dest[0], req.weights());
    List<SubsetChange> changes = changes(route, ref.in(after));
    List<String> idle = subsetsWithoutPods(in, req.weights(), dr, destFqdn);
    boolean changed = !after.equals(vs);
    return new RoutePlan(vs, after, new RouteChange(match.name(), ns, ref.label(), destFqdn, dr.name(), false, changed,
        false, changes, idle));
  }

  /**
   * The pure edit: the chosen route's destinations become exactly the given subsets. Destinations
   * that stay keep their place and every other field (port, headers); new ones are appended in the
   * order given, copying the port of the first existing destination.
   */
  public static ObjectNode edit(ObjectNode vs, RouteRef ref, String host, WeightSpec weights) {
    ObjectNode copy = vs.deepCopy();
    ObjectNode route = (ObjectNode) ref.in(copy);
    JsonNode old = route.path("route");
    ArrayNode updated = JsonNodeFactory.instance.arrayNode();
    Set<String> placed = new HashSet<>();
    for (JsonNode d : old) {
      String subset = Manifests.text(d.path("destination"), "subset");
      if (subset != null && weights.weights().containsKey(subset) && placed.add(subset)) {
        ((ObjectNode) d).put("weight", weights.weights().get(subset));
        updated.add(d);
      }
    }
    JsonNode port = old.path(0).path("destination").path("port");
    for (Map.Entry<String, Integer> w : weights.weights().entrySet()) {
      if (!placed.contains(w.getKey())) {
        ObjectNode d = updated.addObject();
        ObjectNode destination = d.putObject("destination");
        destination.put("host", host);
        destination.put("subset", w.getKey());
        if (!port.isMissingNode()) {
          destination.set("port", port.deepCopy());
        }
        d.put("weight", w.getValue());
      }
    }
    route.set("route", updated);
    return copy;
  }

  /** The route's destination host as written, and as an FQDN; the route must send to one host only. */
  private static String[] destinationHost(JsonNode vs, RouteRef ref, String target, String ns) {
    Map<String, String> hosts = new LinkedHashMap<>();
    for (JsonNode d : ref.in(vs).path("route")) {
      String h = Manifests.text(d.path("destination"), "host");
      if (h == null) {
        throw new MeshctlException.InvalidInput("VirtualService " + VirtualServices.nameOf(vs) + " route " + ref.id()
            + " has a destination without a host: fix the VirtualService first");
      }
      hosts.putIfAbsent(Hosts.resolve(h, ns, Hosts.DEFAULT_DOMAIN), h);
    }
    if (hosts.size() > 1) {
      throw new MeshctlException.InvalidInput("VirtualService " + VirtualServices.nameOf(vs) + " route " + ref.id()
          + " sends to several hosts (" + String.join(", ", hosts.keySet()) + "); meshctl route sets the split "
          + "between the subsets of one host: edit that route by hand");
    }
    String fqdn = hosts.keySet().iterator().next();
    return new String[] {hosts.get(fqdn), fqdn};
  }

  /** The rule chosen for a host: {@code namespace/name} of the first, and the merged subsets' labels. */
  private record Visible(String name, Map<String, Map<String, String>> subsets) {
  }

  /**
   * Which DestinationRule the sidecars of the client namespace use for the host, and so which subsets exist for
   * it: tls-check's selection over the rules of the client, service and root namespaces. Rules with a
   * workloadSelector apply only to some clients and are left out.
   */
  private static Optional<Visible> visibleRule(MeshSnapshot in, String host, String client) {
    String[] service = Hosts.service(host);
    Set<String> namespaces = new LinkedHashSet<>();
    namespaces.add(client);
    if (service != null) {
      namespaces.add(service[1]);
    }
    namespaces.add(in.meshConfig().rootNamespace());
    // only the rules the lookup may consult are validated: a broken rule elsewhere is not this edit's business
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode dr : in.destinationRules()) {
      if (namespaces.contains(in.namespaceOf(dr)) && !dr.path("spec").has("workloadSelector")) {
        rules.add(dr);
      }
    }
    return DestinationRules.select(in.withDestinationRules(rules), in.legacy(), client, Map.of(), host,
        service == null ? null : service[1]).map(r -> {
          Map<String, Map<String, String>> subsets = new LinkedHashMap<>();
          r.subsets().forEach(ss -> subsets.put(Manifests.text(ss, "name"), MeshSnapshot.stringMap(ss.path("labels"))));
          return new Visible(r.id(), subsets);
        });
  }

  /** The objects among {@code all} that live in {@code ns}. */
  private static <T extends JsonNode> List<T> inNamespace(MeshSnapshot in, List<T> all, String ns) {
    List<T> out = new ArrayList<>();
    for (T o : all) {
      if (in.namespaceOf(o).equals(ns)) {
        out.add(o);
      }
    }
    return out;
  }

  private static Visible checkSubsets(MeshSnapshot in, WeightSpec weights, String host, String client) {
    Visible dr = visibleRule(in, host, client).orElseThrow(() ->
        new MeshctlException.InvalidInput("no DestinationRule visible from namespace " + client + " defines subsets for "
            + host + ": create one with subsets " + String.join(", ", weights.subsets())
            + " (a route to a missing subset fails with HTTP 503 NC)"));
    List<String> missing = new ArrayList<>(weights.subsets());
    missing.removeAll(dr.subsets().keySet());
    if (!missing.isEmpty()) {
      throw new MeshctlException.InvalidInput("DestinationRule " + dr.name() + " for " + host + " has no subset "
          + String.join(", ", missing) + "; it has: " + (dr.subsets().isEmpty() ? "none" : String.join(", ", dr.subsets().keySet()))
          + " (use one of those, or add the subset to the DestinationRule)");
    }
    return dr;
  }

  /**
   * Weighted subsets whose pods do not exist: the service's selector plus the subset's labels
   * select nothing. Unknown when the host is not a Service we can see (a ServiceEntry, say).
   */
  private static List<String> subsetsWithoutPods(MeshSnapshot in, WeightSpec weights, Visible dr, String host) {
    String[] svc = Hosts.service(host);
    Optional<MeshSnapshot.Service> service = svc == null ? Optional.empty() : in.services().stream()
        .filter(s -> s.name().equals(svc[0]) && s.namespace().equals(svc[1])).findFirst();
    if (service.isEmpty() || service.get().selector() == null) {
      return List.of();
    }
    Map<String, String> selector = service.get().selector();
    List<Map<String, String>> pods = new ArrayList<>();
    for (MeshSnapshot.Pod p : in.pods()) {
      if (p.runs() && p.namespace().equals(svc[1])) {
        pods.add(p.labels());
      }
    }
    List<String> idle = new ArrayList<>();
    for (Map.Entry<String, Integer> w : weights.weights().entrySet()) {
      if (w.getValue() == 0) {
        continue;
      }
      Map<String, String> wanted = new LinkedHashMap<>(selector);
      wanted.putAll(dr.subsets().get(w.getKey()));
      if (pods.stream().noneMatch(p -> p.entrySet().containsAll(wanted.entrySet()))) {
        idle.add(w.getKey());
      }
    }
    return idle;
  }

  private static List<SubsetChange> changes(JsonNode before, JsonNode after) {
    Map<String, Integer[]> rows = new LinkedHashMap<>();
    for (JsonNode d : before.path("route")) {
      rows.computeIfAbsent(key(d), k -> new Integer[2])[0] = d.has("weight") ? d.path("weight").asInt() : null;
    }
    for (JsonNode d : after.path("route")) {
      rows.computeIfAbsent(key(d), k -> new Integer[2])[1] = d.path("weight").asInt();
    }
    List<SubsetChange> out = new ArrayList<>();
    rows.forEach((k, v) -> out.add(new SubsetChange(k, v[0], v[1])));
    return out;
  }

  /** The subset, or the host for a destination without one. */
  private static String key(JsonNode d) {
    String subset = Manifests.text(d.path("destination"), "subset");
    return subset != null ? subset : "(" + Manifests.text(d.path("destination"), "host") + ")";
  }

  /** The article's Listing 3 shape: hosts, optional gateways, one HTTP route with the weighted subsets. */
  private static RoutePlan create(MeshSnapshot in, RouteRequest req, String target, String apiVersion) {
    Visible dr = checkSubsets(in, req.weights(), target, in.namespace());
    ObjectNode vs = JsonNodeFactory.instance.objectNode();
    vs.put("apiVersion", apiVersion);
    vs.put("kind", "VirtualService");
    ObjectNode meta = vs.putObject("metadata");
    String name = req.host().contains(".") ? req.host().substring(0, req.host().indexOf('.')) : req.host();
    if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new MeshctlException.Usage("cannot name a VirtualService after " + req.host()
          + ": pass --virtual-service NAME with --create");
    }
    meta.put("name", req.virtualService() != null ? req.virtualService() : name);
    meta.put("namespace", in.namespace());
    ObjectNode spec = vs.putObject("spec");
    ArrayNode hosts = spec.putArray("hosts");
    new LinkedHashSet<>(req.hosts().isEmpty() ? List.of(req.host()) : req.hosts()).forEach(hosts::add);
    if (!req.gateways().isEmpty()) {
      ArrayNode gateways = spec.putArray("gateways");
      req.gateways().forEach(gateways::add);
    }
    ObjectNode route = spec.putArray("http").addObject();
    route.putArray("route");
    ObjectNode after = edit(vs, new RouteRef("http", 0, null), req.host(), req.weights());
    List<SubsetChange> changes = changes(JsonNodeFactory.instance.objectNode(), ref0(after));
    List<String> idle = subsetsWithoutPods(in, req.weights(), dr, target);
    return new RoutePlan(null, after, new RouteChange(VirtualServices.nameOf(after), in.namespace(), "http[0]", target,
        dr.name(), true, true, false, changes, idle));
  }

  private static JsonNode ref0(JsonNode vs) {
    return vs.path("spec").path("http").path(0);
  }

  /** The current split of every route that carries the host, in every VirtualService of the namespace that routes it. */
  public static List<RouteSplit> show(MeshSnapshot in, String host, String virtualService) {
    return show(in, host, virtualService, false);
  }

  /**
   * {@code route show}: with a host, the split of every route that carries it in every VirtualService
   * of the snapshot's namespace that routes it (none is 66); without one, every route of every
   * VirtualService of the namespace, or of every namespace the snapshot holds ({@code allNamespaces}),
   * maybe none. {@code virtualService} keeps only the VirtualService of that name (absent: 66).
   */
  public static List<RouteSplit> show(MeshSnapshot in, String host, String virtualService, boolean allNamespaces) {
    List<VirtualServices.Match> matches = new ArrayList<>();
    if (host != null) {
      matches.addAll(VirtualServices.matching(in, host));
    } else {
      for (ObjectNode vs : allNamespaces ? in.virtualServices() : VirtualServices.inNamespace(in)) {
        matches.add(new VirtualServices.Match(vs, RouteRef.all(vs)));
      }
    }
    List<RouteSplit> out = new ArrayList<>();
    boolean named = false;
    for (VirtualServices.Match m : matches) {
      if (virtualService != null && !virtualService.equals(m.name())) {
        continue;
      }
      named = true;
      for (RouteRef r : m.routes()) {
        out.add(new RouteSplit(m.name(), in.namespaceOf(m.vs()), r.id(), r.name(),
            r.in(m.vs()).path("match").isEmpty() ? null : r.describe(m.vs()), Share.of(r.in(m.vs()))));
      }
    }
    if (host == null && virtualService != null && !named) {
      throw new ObjectRef(ObjectRef.Kind.VIRTUAL_SERVICE, virtualService, null).notFound(in.namespace(),
          "list them with meshctl route show -n " + in.namespace());
    }
    if (host != null && out.isEmpty()) {
      throw new MeshctlException.NotFound("no VirtualService in namespace \"" + in.namespace() + "\" routes "
          + Hosts.resolve(host, in.namespace(), Hosts.DEFAULT_DOMAIN) + (virtualService == null ? "" : " under the name " + virtualService)
          + ": check the host and the namespace (-n, or HOST.NAMESPACE)");
    }
    return out;
  }
}
