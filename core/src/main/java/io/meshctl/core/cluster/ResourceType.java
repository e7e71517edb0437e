package io.meshctl.core.cluster;

/**
 * A served API resource: {@code networking.istio.io/v1alpha3 VirtualService virtualservices}.
 * {@code group} is empty for the core group.
 */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced) {

  public static final ResourceType POD = core("Pod", "pods");
  public static final ResourceType SERVICE = core("Service", "services");
  public static final ResourceType NAMESPACE = new ResourceType("", "v1", "Namespace", "namespaces", false);
  public static final ResourceType CONFIG_MAP = core("ConfigMap", "configmaps");
  public static final ResourceType SECRET = core("Secret", "secrets");

  private static ResourceType core(String kind, String plural) {
    return new ResourceType("", "v1", kind, plural, true);
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The REST path of the collection, e.g. {@code /apis/networking.istio.io/v1/namespaces/default/virtualservices}. */
  public String path(String namespace) {
    String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return namespaced && namespace != null ? base + "/namespaces/" + namespace + "/" + plural : base + "/" + plural;
  }

  @Override
  public String toString() {
    return kind + " (" + apiVersion() + ")";
  }
}
