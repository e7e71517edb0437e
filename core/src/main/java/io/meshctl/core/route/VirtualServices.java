package io.meshctl.core.route;

import io.meshctl.core.mesh.Hosts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finding the VirtualService and the route that carry a host's traffic. A VirtualService qualifies
 * by its name, by one of its {@code hosts}, or by a route destination's host; short names resolve
 * against the VirtualService's namespace, as Istio does (mesh-policy.md §3.4). Ambiguity is never
 * guessed away: the error lists the candidates and the flag that picks one.
 */
public final class VirtualServices {

  /** A VirtualService that routes the host, and the routes in it that do. */
  public record Match(ObjectNode vs, List<RouteRef> routes) {
    public String name() {
      return nameOf(vs);
    }
  }

  private VirtualServices() {
  }

  /** The VirtualServices of the snapshot's namespace (the one {@code -n} names). */
  static List<ObjectNode> inNamespace(MeshSnapshot s) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode vs : s.virtualServices()) {
      if (s.namespaceOf(vs).equals(s.namespace())) {
        out.add(vs);
      }
    }
    return out;
  }

  static String nameOf(JsonNode object) {
    return Manifests.text(object.path("metadata"), "name");
  }

  /** Every VirtualService of the namespace that routes {@code host}, with its candidate routes. */
  public static List<Match> matching(MeshSnapshot in, String host) {
    String target = Hosts.resolve(host, in.namespace(), Hosts.DEFAULT_DOMAIN);
    List<Match> out = new ArrayList<>();
    for (ObjectNode vs : inNamespace(in)) {
      String ns = in.namespaceOf(vs);
      List<RouteRef> all = RouteRef.all(vs);
      List<RouteRef> toHost = all.stream().filter(r -> sendsTo(vs, r, target, ns)).toList();
      boolean byName = host.equals(nameOf(vs));
      boolean byHosts = false;
      for (JsonNode h : vs.path("spec").path("hosts")) {
        byHosts |= Hosts.resolve(h.asText(), ns, Hosts.DEFAULT_DOMAIN).equals(target) || h.asText().equals(host);
      }
      if (!toHost.isEmpty()) {
        out.add(new Match(vs, toHost));
      } else if (byName || byHosts) {
        out.add(new Match(vs, all));
      }
    }
    return out;
  }

  /** The one VirtualService to edit: {@code --virtual-service}, else the only match; null when there is none. */
  public static Match choose(MeshSnapshot in, String host, String name) {
    List<Match> matches = matching(in, host);
    if (name != null) {
      for (ObjectNode vs : inNamespace(in)) {
        if (name.equals(nameOf(vs))) {
          return matches.stream().filter(m -> m.vs() == vs).findFirst().orElse(new Match(vs, RouteRef.all(vs)));
        }
      }
      throw new MeshctlException.NotFound("VirtualService " + name + " not found in namespace " + in.namespace()
          + " (it has: " + names(inNamespace(in)) + "): check the name, or the namespace with -n");
    }
    if (matches.size() > 1) {
      throw new MeshctlException.Usage("several VirtualServices in namespace " + in.namespace() + " route " + host + ": "
          + matches.stream().map(Match::name).collect(Collectors.joining(", "))
          + "; pick one with --virtual-service NAME");
    }
    return matches.isEmpty() ? null : matches.get(0);
  }

  /** The route to edit: {@code --route} (name, index or {@code http[i]}), else the only candidate. */
  public static RouteRef chooseRoute(Match m, String selector) {
    List<RouteRef> candidates = m.routes();
    if (candidates.isEmpty()) {
      throw new MeshctlException.InvalidInput("VirtualService " + m.name() + " has no route with destinations "
          + "(only redirects or delegates): add a route to it by hand");
    }
    if (selector == null) {
      if (candidates.size() == 1) {
        return candidates.get(0);
      }
      throw new MeshctlException.Usage("VirtualService " + m.name() + " has " + candidates.size()
          + " routes for this host: " + list(m) + "; pick one with --route NAME|INDEX");
    }
    for (RouteRef r : candidates) {
      if (selector.equals(r.id()) || selector.equals(r.name())
          || selector.matches("\\d+") && r.index() == Integer.parseInt(selector) && r.section().equals(plainSection(m.vs()))) {
        return r;
      }
    }
    throw new MeshctlException.Usage("--route " + selector + " is not a route of VirtualService " + m.name()
        + " for this host; its routes are: " + list(m));
  }

  /** A plain index counts in {@code http}, or in the only section the VirtualService has. */
  private static String plainSection(JsonNode vs) {
    for (String s : RouteRef.SECTIONS) {
      if (vs.path("spec").path(s).size() > 0) {
        return s;
      }
    }
    return "http";
  }

  private static String list(Match m) {
    return m.routes().stream().map(r -> r.label() + " (" + r.describe(m.vs()) + ")").collect(Collectors.joining(", "));
  }

  private static String names(List<ObjectNode> vss) {
    return vss.isEmpty() ? "none" : vss.stream().map(VirtualServices::nameOf).collect(Collectors.joining(", "));
  }

  static boolean sendsTo(JsonNode vs, RouteRef r, String target, String ns) {
    for (JsonNode d : r.in(vs).path("route")) {
      if (target.equals(Hosts.resolve(Manifests.text(d.path("destination"), "host"), ns, Hosts.DEFAULT_DOMAIN))) {
        return true;
      }
    }
    return false;
  }
}
