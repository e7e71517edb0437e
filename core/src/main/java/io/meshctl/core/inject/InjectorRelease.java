package io.meshctl.core.inject;

/**
 * Which Istio release's proxy {@code inject} adds, and where its settings come from: what
 * {@code meshctl version} reports on its {@code inject:} line. Today always the bundled defaults;
 * settings read from a cluster's injector ConfigMap name themselves here the same way, e.g.
 * {@code ("1.3.8", "ConfigMap istio-system/istio-sidecar-injector")}.
 *
 * @param istioVersion the Istio release, e.g. {@code 1.27.0}
 * @param source where the injection settings come from, for people: {@code bundled defaults}, a ConfigMap
 */
public record InjectorRelease(String istioVersion, String source) {

  /** The settings built into meshctl. No Jackson: {@code version --client} must stay light. */
  public static InjectorRelease bundled() {
    return new InjectorRelease(InjectionDefaults.RELEASE, "bundled defaults");
  }

  /** {@code Istio 1.27.0 (bundled defaults)}. */
  public String text() {
    return "Istio " + istioVersion + " (" + source + ")";
  }
}
