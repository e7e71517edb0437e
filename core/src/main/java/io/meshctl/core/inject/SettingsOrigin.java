package io.meshctl.core.inject;

/**
 * Which injector settings are used and where they came from, as the inject report and
 * {@code meshctl version} say it: "Istio 1.3.8 from ConfigMap istio-system/istio-sidecar-injector",
 * "bundled 1.27".
 *
 * @param release the Istio release the settings are of ({@code 1.3.8}), or null when they do not say
 * @param source where they were read: {@code ConfigMap istio-system/istio-sidecar-injector}, {@code file values.json};
 *     null for meshctl's bundled settings
 * @param why for the bundled settings, why no others were read ("no kubeconfig", "--use-kube=false"); else null
 */
public record SettingsOrigin(String release, String source, String why) {

  /** meshctl's own defaults, of Istio {@link InjectionDefaults#RELEASE}. */
  public static SettingsOrigin bundled(String why) {
    return new SettingsOrigin(InjectionDefaults.RELEASE, null, why);
  }

  public boolean isBundled() {
    return source == null;
  }

  /** One phrase: {@code Istio 1.3.8 from ConfigMap istio-system/istio-sidecar-injector}, {@code bundled 1.27 (no kubeconfig)}. */
  public String describe() {
    if (isBundled()) {
      return "bundled " + minor(release) + (why == null ? "" : " (" + why + ")");
    }
    return (release == null ? "Istio (release not recorded)" : "Istio " + release) + " from " + source;
  }

  private static String minor(String release) {
    String[] p = release.split("\\.");
    return p.length >= 2 ? p[0] + "." + p[1] : release;
  }
}
