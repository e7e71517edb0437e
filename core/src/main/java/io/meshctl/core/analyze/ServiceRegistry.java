package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * istioctl analyze's host resolution (analyze.md §8.1): the services of the mesh (Kubernetes
 * Services and ServiceEntry hosts) keyed by {@code <scope>/<fqdn>}, where the scope is the namespace
 * the entry is exported to or {@code *}. Deliberately not the full Istio resolution (no partial
 * names, domain fixed to {@code cluster.local}): analyze's verdicts are istioctl's.
 */
public final class ServiceRegistry {

  public static final String DOMAIN_SUFFIX = ".svc.cluster.local";
  private static final Pattern SERVICE_HOST = Pattern.compile("^(.+)\\.(.+)\\.svc\\.cluster\\.local$");

  /** A registry entry: its ports, and the ServiceEntry it came from (null for a Kubernetes Service). */
  public record Entry(List<Integer> ports, Resource serviceEntry, Resource service) {
  }

  private final Map<String, Entry> byKey = new HashMap<>();
  /** Wildcard hosts only, for step 3 of the lookup. */
  private final Map<String, Entry> wildcards = new HashMap<>();

  /** The registry of a run, built once and shared. */
  public static ServiceRegistry of(Context ctx) {
    return ctx.memo("ServiceRegistry", k -> new ServiceRegistry(ctx));
  }

  private ServiceRegistry(Context ctx) {
    for (Resource se : ctx.all(Kinds.SERVICE_ENTRY)) {
      List<Integer> ports = new ArrayList<>();
      for (JsonNode p : se.spec().path("ports")) {
        ports.add(p.path("number").asInt());
      }
      List<String> scopes = new ArrayList<>();
      JsonNode exportTo = se.spec().path("exportTo");
      boolean all = exportTo.isEmpty();
      for (JsonNode e : exportTo) {
        if (e.asText().equals("*")) {
          all = true;
        }
      }
      if (all) {
        scopes.add("*");
      } else {
        for (JsonNode e : exportTo) {
          scopes.add(e.asText().equals(".") ? se.namespace() : e.asText());
        }
      }
      Entry entry = new Entry(List.copyOf(ports), se, null);
      for (JsonNode h : se.spec().path("hosts")) {
        for (String scope : scopes) {
          put(scope, fqdn(h.asText(), se.namespace()), entry);
        }
      }
    }
    for (Resource svc : ctx.all(Kinds.SERVICE)) {
      List<Integer> ports = new ArrayList<>();
      for (JsonNode p : svc.spec().path("ports")) {
        ports.add(p.path("port").asInt());
      }
      List<String> scopes = new ArrayList<>();
      String exportTo = svc.annotation("networking.istio.io/exportTo");
      if (exportTo == null) {
        scopes.add("*");
      } else {
        for (String e : exportTo.split(",")) {
          String s = e.strip();
          scopes.add(s.equals(".") ? svc.namespace() : s);
        }
      }
      Entry entry = new Entry(List.copyOf(ports), null, svc);
      for (String scope : scopes) {
        put(scope, svc.name() + "." + svc.namespace() + DOMAIN_SUFFIX, entry);
      }
    }
  }

  private void put(String scope, String fqdn, Entry entry) {
    byKey.put(scope + "/" + fqdn, entry);
    if (fqdn.startsWith("*")) {
      wildcards.put(scope + "/" + fqdn, entry);
    }
  }

  /**
   * The entry a host names from namespace {@code ns} with the referrer's {@code exportTo}: exported
   * to all, then to the namespaces the referrer is exported to, then a visible wildcard entry
   * whose suffix ends the host; null when none.
   */
  public Entry lookup(String host, String ns, List<String> exportTo) {
    String fqdn = fqdn(host, ns);
    Entry e = byKey.get("*/" + fqdn);
    if (e != null) {
      return e;
    }
    if (exportTo.isEmpty()) {
      e = byKey.get(ns + "/" + fqdn);
      if (e != null) {
        return e;
      }
    } else {
      for (String x : exportTo) {
        e = byKey.get((x.equals(".") ? ns : x) + "/" + fqdn);
        if (e != null) {
          return e;
        }
      }
    }
    String bare = host.startsWith("*") ? host.substring(1) : host;
    for (Map.Entry<String, Entry> w : wildcards.entrySet()) {
      int slash = w.getKey().indexOf('/');
      String scope = w.getKey().substring(0, slash);
      if ((scope.equals("*") || scope.equals(ns)) && bare.endsWith(w.getKey().substring(slash + 2))) {
        return w.getValue();
      }
    }
    return null;
  }

  /** A bare name qualified with the namespace of the object naming it; wildcards and dotted names verbatim. */
  public static String fqdn(String host, String ns) {
    if (host.startsWith("*") || host.contains(".")) {
      return host;
    }
    return host + "." + ns + DOMAIN_SUFFIX;
  }

  /** {@code [name, namespace]} of a host for subset matching: a service FQDN's parts, else (host, ns). */
  public static String[] nameOf(String host, String ns) {
    Matcher m = SERVICE_HOST.matcher(host);
    return m.matches() ? new String[] {m.group(1), m.group(2)} : new String[] {host, ns};
  }

  /** Whether two hosts (maybe wildcards) can name the same host. */
  public static boolean overlap(String a, String b) {
    if (a.equals("*") || b.equals("*")) {
      return true;
    }
    boolean aw = a.startsWith("*");
    boolean bw = b.startsWith("*");
    if (!aw && !bw) {
      return a.equals(b);
    }
    if (aw && bw) {
      return a.substring(1).endsWith(b.substring(1)) || b.substring(1).endsWith(a.substring(1));
    }
    return aw ? b.endsWith(a.substring(1)) : a.endsWith(b.substring(1));
  }

  /** The strings of a list field (exportTo, hosts, gateways). */
  public static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      if (!n.isContainerNode() && !n.isNull()) {
        out.add(n.asText());
      }
    }
    return out;
  }

  static String text(JsonNode node, String field) {
    String t = Manifests.text(node, field);
    return t == null ? "" : t;
  }
}
