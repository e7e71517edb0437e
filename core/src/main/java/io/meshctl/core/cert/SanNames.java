package io.meshctl.core.cert;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host names in certificates: validation, and whether a SAN covers a Gateway host. TLS wildcards
 * follow RFC 6125 ({@code *.example.com} covers exactly one label), unlike Istio's routing hosts in
 * {@link io.meshctl.core.mesh.Hosts#matches}, where {@code *.example.com} also matches deeper names.
 */
public final class SanNames {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private SanNames() {
  }

  public static boolean isIp(String host) {
    return IPV4.matcher(host).matches() || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
  }

  /** Null when {@code host} is a valid DNS name for a SAN (a wildcard only as the whole first label), else why not. */
  public static String problem(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.isEmpty() || h.length() > 253) {
      return "a DNS name has 1 to 253 characters";
    }
    String[] labels = h.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      String l = labels[i];
      if (l.equals("*") && i == 0) {
        if (labels.length < 3) {
          return "a wildcard must sit below a registrable domain, e.g. *.example.com";
        }
        continue;
      }
      if (l.contains("*")) {
        return "a wildcard may only be the whole left-most label, e.g. *.example.com";
      }
      if (!LABEL.matcher(l).matches()) {
        return "label '" + l + "' is not a DNS label (letters, digits and '-', not at either end)";
      }
    }
    return null;
  }

  /** Whether one of {@code sans} covers {@code host}; a Gateway host may itself be a wildcard. */
  public static boolean covered(String host, List<String> sans) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String san : sans) {
      String s = san.toLowerCase(Locale.ROOT);
      if (s.equals(h)) {
        return true;
      }
      // *.example.com covers exactly one label: a.example.com, not example.com nor a.b.example.com
      if (s.startsWith("*.") && !h.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot).equals(s.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }
}
