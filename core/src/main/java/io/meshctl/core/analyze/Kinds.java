package io.meshctl.core.analyze;

import java.util.Set;

/** Index keys of the kinds analyzers read ({@link Resource#key()}). */
public final class Kinds {

  public static final String POD = "Pod";
  public static final String SERVICE = "Service";
  public static final String NAMESPACE = "Namespace";
  public static final String NODE = "Node";
  public static final String SECRET = "Secret";
  public static final String CONFIG_MAP = "ConfigMap";
  public static final String DEPLOYMENT = "Deployment";
  public static final String MUTATING_WEBHOOK = "MutatingWebhookConfiguration";
  public static final String CRD = "CustomResourceDefinition";
  public static final String VIRTUAL_SERVICE = "VirtualService";
  public static final String DESTINATION_RULE = "DestinationRule";
  public static final String GATEWAY = "Gateway";
  public static final String SERVICE_ENTRY = "ServiceEntry";
  public static final String SIDECAR = "Sidecar";
  public static final String ENVOY_FILTER = "EnvoyFilter";
  public static final String WORKLOAD_ENTRY = "WorkloadEntry";
  public static final String WORKLOAD_GROUP = "WorkloadGroup";
  public static final String PEER_AUTHENTICATION = "PeerAuthentication";
  public static final String REQUEST_AUTHENTICATION = "RequestAuthentication";
  public static final String AUTHORIZATION_POLICY = "AuthorizationPolicy";
  public static final String TELEMETRY = "Telemetry";
  public static final String MESH_POLICY = "MeshPolicy";
  public static final String POLICY = "Policy";
  /** The Gateway API's Gateway, apart from Istio's. */
  public static final String K8S_GATEWAY = "gateway.networking.k8s.io/Gateway";

  /** Groups whose kinds are keyed by bare name: the Kubernetes built-ins and Istio's. */
  private static final Set<String> BARE = Set.of("", "apps", "batch", "admissionregistration.k8s.io",
      "apiextensions.k8s.io", "extensions", "policy", "rbac.authorization.k8s.io");

  /** Kinds without a namespace. */
  public static final Set<String> CLUSTER_SCOPED = Set.of(NAMESPACE, NODE, MUTATING_WEBHOOK, CRD, MESH_POLICY,
      "ValidatingWebhookConfiguration", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
      "PriorityClass", "GatewayClass");

  private Kinds() {
  }

  public static String group(String apiVersion) {
    return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
  }

  public static String key(String apiVersion, String kind) {
    String group = group(apiVersion);
    return BARE.contains(group) || group.endsWith(".istio.io") ? kind : group + "/" + kind;
  }

  public static boolean clusterScoped(String kind) {
    return CLUSTER_SCOPED.contains(kind);
  }
}
