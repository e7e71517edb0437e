package io.meshctl.core.cluster;

import java.util.List;

/**
 * The Istio kinds meshctl reads or writes, with the versions each was ever served at, newest first.
 * Discovery picks the newest version the cluster actually serves; nothing assumes {@code v1}.
 */
public enum IstioKind {
  VIRTUAL_SERVICE(Group.NETWORKING, "VirtualService", "virtualservices", true),
  DESTINATION_RULE(Group.NETWORKING, "DestinationRule", "destinationrules", true),
  GATEWAY(Group.NETWORKING, "Gateway", "gateways", true),
  SERVICE_ENTRY(Group.NETWORKING, "ServiceEntry", "serviceentries", true),
  SIDECAR(Group.NETWORKING, "Sidecar", "sidecars", true),
  ENVOY_FILTER(Group.NETWORKING, "EnvoyFilter", "envoyfilters", true),
  WORKLOAD_ENTRY(Group.NETWORKING, "WorkloadEntry", "workloadentries", true),
  PEER_AUTHENTICATION(Group.SECURITY, "PeerAuthentication", "peerauthentications", true),
  REQUEST_AUTHENTICATION(Group.SECURITY, "RequestAuthentication", "requestauthentications", true),
  AUTHORIZATION_POLICY(Group.SECURITY, "AuthorizationPolicy", "authorizationpolicies", true),
  MESH_POLICY(Group.AUTHENTICATION, "MeshPolicy", "meshpolicies", false),
  POLICY(Group.AUTHENTICATION, "Policy", "policies", true);

  /** An Istio API group and the versions it has been served at, newest first. */
  public enum Group {
    NETWORKING("networking.istio.io", List.of("v1", "v1beta1", "v1alpha3")),
    SECURITY("security.istio.io", List.of("v1", "v1beta1")),
    AUTHENTICATION("authentication.istio.io", List.of("v1alpha1"));

    public final String name;
    public final List<String> versions;

    Group(String name, List<String> versions) {
      this.name = name;
      this.versions = versions;
    }
  }

  public final Group group;
  public final String kind;
  public final String plural;
  public final boolean namespaced;

  IstioKind(Group group, String kind, String plural, boolean namespaced) {
    this.group = group;
    this.kind = kind;
    this.plural = plural;
    this.namespaced = namespaced;
  }

  public ResourceType at(String version) {
    return new ResourceType(group.name, version, kind, plural, namespaced);
  }

  /** The kind for an {@code apiVersion}/{@code kind} pair from a manifest, any served version. */
  public static IstioKind of(String apiVersion, String kind) {
    if (apiVersion == null || kind == null) {
      return null;
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    for (IstioKind k : values()) {
      if (k.kind.equals(kind) && k.group.name.equals(group)) {
        return k;
      }
    }
    return null;
  }
}
