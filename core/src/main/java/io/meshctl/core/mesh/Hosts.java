package io.meshctl.core.mesh;

import java.util.ArrayList;
import java.util.List;

/** Istio's host-name rules (mesh-policy.md §1.4, §2.2): short names, wildcards, most specific first. */
public final class Hosts {

  public static final String DEFAULT_DOMAIN = "cluster.local";

  private Hosts() {
  }

  /**
   * {@code ResolveShortnameToFQDN}: {@code *} and names with any dot stay verbatim (so
   * {@code reviews.default} never equals {@code reviews.default.svc.cluster.local}); a bare name
   * is qualified with the namespace of the object that names it.
   */
  public static String resolve(String name, String namespace, String domain) {
    if (name == null || name.isEmpty() || name.equals("*") || name.contains(".") || name.contains(":")) {
      return name == null ? "" : name;
    }
    return fqdn(name, namespace, domain);
  }

  public static String fqdn(String service, String namespace, String domain) {
    return service + "." + namespace + ".svc." + domain;
  }

  /**
   * The keys under which a rule host could match {@code host}, most specific first: the host
   * itself, then {@code *.suffix} for ever shorter suffixes, then {@code *}. An index keyed by rule
   * host then answers "most specific match" with a few map lookups instead of a scan.
   */
  public static List<String> candidates(String host) {
    List<String> out = new ArrayList<>(6);
    out.add(host);
    for (int i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
      out.add("*" + host.substring(i));
    }
    out.add("*");
    return out;
  }

  /** Whether rule host {@code rule} (maybe a wildcard) matches the concrete {@code host}. */
  public static boolean matches(String rule, String host) {
    if (rule.equals("*")) {
      return true;
    }
    if (rule.startsWith("*.")) {
      return host.endsWith(rule.substring(1));
    }
    return rule.equals(host);
  }

  /** {@code [name, namespace]} of the Kubernetes Service behind a cluster-local FQDN, or null. */
  public static String[] service(String fqdn) {
    String suffix = ".svc." + DEFAULT_DOMAIN;
    if (fqdn == null || !fqdn.endsWith(suffix)) {
      return null;
    }
    String[] parts = fqdn.substring(0, fqdn.length() - suffix.length()).split("\\.");
    return parts.length == 2 ? parts : null;
  }
}
