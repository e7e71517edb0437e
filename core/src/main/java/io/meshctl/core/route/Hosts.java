package io.meshctl.core.route;

/**
 * Istio's host-name rules (mesh-policy.md §1.4, §3.4): a name without a dot is short for a service in
 * the namespace of the object that names it; anything with a dot is taken verbatim, so
 * {@code reviews.default} is not {@code reviews.default.svc.cluster.local}.
 */
public final class Hosts {

  public static final String DEFAULT_DOMAIN = "cluster.local";

  private Hosts() {
  }

  /** The FQDN Istio uses for {@code name} written in an object of {@code namespace}. */
  public static String fqdn(String name, String namespace) {
    if (name == null || name.isEmpty() || name.equals("*") || name.contains(".") || name.contains(":")) {
      return name;
    }
    return name + "." + namespace + ".svc." + DEFAULT_DOMAIN;
  }

  /** True when {@code pattern} (an exact host, {@code *.suffix} or {@code *}) covers {@code host}. */
  public static boolean covers(String pattern, String host) {
    if (pattern == null || host == null) {
      return false;
    }
    if (pattern.equals("*") || pattern.equals(host)) {
      return true;
    }
    return pattern.startsWith("*.") && host.endsWith(pattern.substring(1));
  }

  /** {@code name/namespace} of the Kubernetes Service behind a cluster-local FQDN, or null. */
  public static String[] service(String fqdn) {
    String suffix = ".svc." + DEFAULT_DOMAIN;
    if (fqdn == null || !fqdn.endsWith(suffix)) {
      return null;
    }
    String[] parts = fqdn.substring(0, fqdn.length() - suffix.length()).split("\\.");
    return parts.length == 2 ? parts : null;
  }
}
