package io.meshctl.core.analyze;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The message catalogue: istioctl analyze's codes, names, levels and texts (analyze.md §7), so that
 * users' suppressions and CI greps keep working, plus meshctl's own codes ({@code MSH0xxx}) for what
 * Istio does not check. Templates follow Go's verbs as istioctl prints them, rendered by
 * {@link #format}: {@code %s}/{@code %v} print the value ({@code [a b]} for a list), {@code %q} quotes it,
 * {@code %d} prints a number.
 */
public enum Code {
  INTERNAL_ERROR("IST0001", "InternalError", Level.ERROR, "Internal error: %v"),
  DEPRECATED("IST0002", "Deprecated", Level.WARNING, "Deprecated: %s"),
  REFERENCED_RESOURCE_NOT_FOUND("IST0101", "ReferencedResourceNotFound", Level.ERROR, "Referenced %s not found: %q"),
  NAMESPACE_NOT_INJECTED("IST0102", "NamespaceNotInjected", Level.INFO,
      "The namespace is not enabled for Istio injection. Run 'kubectl label namespace %s istio-injection=enabled' to "
          + "enable it, or 'kubectl label namespace %s istio-injection=disabled' to explicitly mark it as not needing "
          + "injection."),
  POD_MISSING_PROXY("IST0103", "PodMissingProxy", Level.WARNING,
      "The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload."),
  SCHEMA_VALIDATION_ERROR("IST0106", "SchemaValidationError", Level.ERROR, "Schema validation error: %v"),
  MISPLACED_ANNOTATION("IST0107", "MisplacedAnnotation", Level.WARNING,
      "Misplaced annotation: %s can only be applied to %s"),
  UNKNOWN_ANNOTATION("IST0108", "UnknownAnnotation", Level.WARNING, "Unknown annotation: %s"),
  CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS("IST0109", "ConflictingMeshGatewayVirtualServiceHosts", Level.ERROR,
      "The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined "
          + "behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."),
  CONFLICTING_SIDECAR_WORKLOAD_SELECTORS("IST0110", "ConflictingSidecarWorkloadSelectors", Level.ERROR,
      "The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior."),
  MULTIPLE_SIDECARS_WITHOUT_WORKLOAD_SELECTORS("IST0111", "MultipleSidecarsWithoutWorkloadSelectors", Level.ERROR,
      "The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior."),
  VIRTUAL_SERVICE_DESTINATION_PORT_SELECTOR_REQUIRED("IST0112", "VirtualServiceDestinationPortSelectorRequired",
      Level.ERROR, "This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in "
          + "the destination is required to disambiguate."),
  DEPLOYMENT_ASSOCIATED_TO_MULTIPLE_SERVICES("IST0116", "DeploymentAssociatedToMultipleServices", Level.WARNING,
      "This deployment %s is associated with multiple services using port %d but different protocols: %v"),
  PORT_NAME_IS_NOT_UNDER_NAMING_CONVENTION("IST0118", "PortNameIsNotUnderNamingConvention", Level.INFO,
      "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port."),
  NAMESPACE_MULTIPLE_INJECTION_LABELS("IST0123", "NamespaceMultipleInjectionLabels", Level.WARNING,
      "The namespace has more than one type of injection labels %v, which may lead to undefined behavior. Make sure "
          + "only one injection label exists."),
  INVALID_ANNOTATION("IST0125", "InvalidAnnotation", Level.WARNING, "Invalid annotation %s: %s"),
  UNKNOWN_MESH_NETWORKS_SERVICE_REGISTRY("IST0126", "UnknownMeshNetworksServiceRegistry", Level.ERROR,
      "Unknown service registry %s in network %s"),
  NO_MATCHING_WORKLOADS_FOUND("IST0127", "NoMatchingWorkloadsFound", Level.WARNING,
      "No matching workloads for this resource with the following labels: %s"),
  NO_SERVER_CERTIFICATE_VERIFICATION_DESTINATION_LEVEL("IST0128", "NoServerCertificateVerificationDestinationLevel",
      Level.WARNING, "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to "
          + "validate server identity for host: %s"),
  NO_SERVER_CERTIFICATE_VERIFICATION_PORT_LEVEL("IST0129", "NoServerCertificateVerificationPortLevel", Level.WARNING,
      "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server "
          + "identity for host: %s at port %s"),
  VIRTUAL_SERVICE_UNREACHABLE_RULE("IST0130", "VirtualServiceUnreachableRule", Level.WARNING,
      "VirtualService rule %v not used (%s)."),
  VIRTUAL_SERVICE_INEFFECTIVE_MATCH("IST0131", "VirtualServiceIneffectiveMatch", Level.INFO,
      "VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v)."),
  VIRTUAL_SERVICE_HOST_NOT_FOUND_IN_GATEWAY("IST0132", "VirtualServiceHostNotFoundInGateway", Level.WARNING,
      "one or more host %v defined in VirtualService %s not found in Gateway %s."),
  SCHEMA_WARNING("IST0133", "SchemaWarning", Level.WARNING, "Schema validation warning: %v"),
  SERVICE_ENTRY_ADDRESSES_REQUIRED("IST0134", "ServiceEntryAddressesRequired", Level.WARNING,
      "ServiceEntry addresses are required for this protocol."),
  DEPRECATED_ANNOTATION("IST0135", "DeprecatedAnnotation", Level.INFO,
      "Annotation %q has been deprecated%s and may not work in future Istio versions."),
  ALPHA_ANNOTATION("IST0136", "AlphaAnnotation", Level.INFO,
      "Annotation %q is part of an alpha-phase feature and may be incompletely supported."),
  DEPLOYMENT_CONFLICTING_PORTS("IST0137", "DeploymentConflictingPorts", Level.WARNING,
      "This deployment %s is associated with multiple services %v using targetPort %q but different ports: %v."),
  GATEWAY_DUPLICATE_CERTIFICATE("IST0138", "GatewayDuplicateCertificate", Level.WARNING,
      "Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections."),
  INVALID_WEBHOOK("IST0139", "InvalidWebhook", Level.ERROR, "%v"),
  INGRESS_ROUTE_RULES_NOT_AFFECTED("IST0140", "IngressRouteRulesNotAffected", Level.WARNING,
      "Subset in virtual service %s has no effect on ingress gateway %s requests"),
  INSUFFICIENT_PERMISSIONS("IST0141", "InsufficientPermissions", Level.ERROR,
      "Missing required permission to create resource %v (%v)"),
  UNSUPPORTED_KUBERNETES_VERSION("IST0142", "UnsupportedKubernetesVersion", Level.ERROR,
      "The Kubernetes Version %q is lower than the minimum version: %v"),
  LOCALHOST_LISTENER("IST0143", "LocalhostListener", Level.ERROR,
      "Port %v is exposed in a Service but listens on localhost. It will not be exposed to other pods."),
  INVALID_APPLICATION_UID("IST0144", "InvalidApplicationUID", Level.WARNING,
      "User ID (UID) 1337 is reserved for the sidecar proxy."),
  CONFLICTING_GATEWAYS("IST0145", "ConflictingGateways", Level.ERROR,
      "Conflict with gateways %s (workload selector %s, port %s, hosts %v)."),
  IMAGE_AUTO_WITHOUT_INJECTION_WARNING("IST0146", "ImageAutoWithoutInjectionWarning", Level.WARNING,
      "%s %s contains `image: auto` but does not match any Istio injection webhook selectors."),
  IMAGE_AUTO_WITHOUT_INJECTION_ERROR("IST0147", "ImageAutoWithoutInjectionError", Level.ERROR,
      "%s %s contains `image: auto` but does not match any Istio injection webhook selectors."),
  NAMESPACE_INJECTION_ENABLED_BY_DEFAULT("IST0148", "NamespaceInjectionEnabledByDefault", Level.INFO,
      "is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true."),
  JWT_CLAIM_BASED_ROUTING_WITHOUT_REQUEST_AUTHN("IST0149", "JwtClaimBasedRoutingWithoutRequestAuthN", Level.ERROR,
      "The virtual service uses the JWT claim based routing (key: %s) but found no request authentication for the "
          + "gateway (%s) pod (%s). The request authentication must first be applied for the gateway pods to validate "
          + "the JWT token and make the claims available for routing."),
  EXTERNAL_NAME_SERVICE_TYPE_INVALID_PORT_NAME("IST0150", "ExternalNameServiceTypeInvalidPortName", Level.WARNING,
      "Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for "
          + "ports serving TCP protocol from being forwarded correctly"),
  ENVOY_FILTER_USES_RELATIVE_OPERATION("IST0151", "EnvoyFilterUsesRelativeOperation", Level.WARNING,
      "This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the "
          + "EnvoyFilter not to be applied. Using the INSERT_FIRST or ADD option or setting the priority may help in "
          + "ensuring the EnvoyFilter is applied correctly."),
  ENVOY_FILTER_USES_REPLACE_OPERATION_INCORRECTLY("IST0152", "EnvoyFilterUsesReplaceOperationIncorrectly",
      Level.ERROR, "The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER."),
  ENVOY_FILTER_USES_ADD_OPERATION_INCORRECTLY("IST0153", "EnvoyFilterUsesAddOperationIncorrectly", Level.ERROR,
      "The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE."),
  ENVOY_FILTER_USES_REMOVE_OPERATION_INCORRECTLY("IST0154", "EnvoyFilterUsesRemoveOperationIncorrectly",
      Level.ERROR, "The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE."),
  ENVOY_FILTER_USES_RELATIVE_OPERATION_WITH_PROXY_VERSION("IST0155", "EnvoyFilterUsesRelativeOperationWithProxyVersion",
      Level.WARNING, "This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, "
          + "REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an "
          + "upgrade to Istio. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the "
          + "EnvoyFilter is applied correctly."),
  UNSUPPORTED_GATEWAY_API_VERSION("IST0156", "UnsupportedGatewayAPIVersion", Level.ERROR,
      "The Gateway API CRD version %v is lower than the minimum version: %v"),
  INVALID_TELEMETRY_PROVIDER("IST0157", "InvalidTelemetryProvider", Level.WARNING,
      "The Telemetry %v in namespace %q provider is invalid, which can lead to undefined behavior."),
  PODS_ISTIO_PROXY_IMAGE_MISMATCH_IN_NAMESPACE("IST0158", "PodsIstioProxyImageMismatchInNamespace", Level.WARNING,
      "The Istio proxy images of the pods running in the namespace do not match the image defined in the injection "
          + "configuration (pod names: %v). This often happens after upgrading the Istio control-plane and can be "
          + "fixed by redeploying the pods."),
  CONFLICTING_TELEMETRY_WORKLOAD_SELECTORS("IST0159", "ConflictingTelemetryWorkloadSelectors", Level.ERROR,
      "The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior."),
  MULTIPLE_TELEMETRIES_WITHOUT_WORKLOAD_SELECTORS("IST0160", "MultipleTelemetriesWithoutWorkloadSelectors",
      Level.ERROR, "The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior."),
  INVALID_GATEWAY_CREDENTIAL("IST0161", "InvalidGatewayCredential", Level.ERROR,
      "The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work "
          + "as expected."),
  GATEWAY_PORT_NOT_DEFINED_ON_SERVICE("IST0162", "GatewayPortNotDefinedOnService", Level.WARNING,
      "The gateway is listening on a target port (port %d) that is not defined in the Service associated with its "
          + "workload instances (Pod selector %s). If you need to access the gateway port through the gateway "
          + "Service, it will not be available."),
  INVALID_EXTERNAL_CONTROL_PLANE_CONFIG("IST0163", "InvalidExternalControlPlaneConfig", Level.WARNING,
      "The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control "
          + "plane cluster %s. Traffic may not flow properly."),
  EXTERNAL_CONTROL_PLANE_ADDRESS_IS_NOT_A_HOSTNAME("IST0164", "ExternalControlPlaneAddressIsNotAHostname", Level.INFO,
      "The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control "
          + "plane cluster is an IP address. This is not recommended for a production environment."),
  REFERENCED_INTERNAL_GATEWAY("IST0165", "ReferencedInternalGateway", Level.WARNING,
      "Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s."),
  INEFFECTIVE_SELECTOR("IST0166", "IneffectiveSelector", Level.WARNING,
      "Ineffective selector on Kubernetes Gateway %s. Use the TargetRef field instead."),
  INEFFECTIVE_POLICY("IST0167", "IneffectivePolicy", Level.WARNING, "The policy has no impact: %s."),
  UNKNOWN_UPGRADE_COMPATIBILITY("IST0168", "UnknownUpgradeCompatibility", Level.WARNING,
      "The configuration %q changed in release %s, but compatibility cannot be determined: %s. Refer to upgrade "
          + "notes for more information."),
  UPDATE_INCOMPATIBILITY("IST0169", "UpdateIncompatibility", Level.WARNING,
      "The configuration %q changed in release %s: %s Refer to upgrade notes for more information."),
  MULTI_CLUSTER_INCONSISTENT_SERVICE("IST0170", "MultiClusterInconsistentService", Level.WARNING,
      "The service %v in namespace %q is inconsistent across clusters %q, which can lead to undefined behavior. "
          + "The inconsistent behavior is: %s."),
  NEGATIVE_CONDITION_STATUS("IST0171", "NegativeConditionStatus", Level.WARNING,
      "Resource has a negative status condition: %s"),
  FUTURE_UNSUPPORTED_GATEWAY_API_VERSION("IST0172", "FutureUnsupportedGatewayAPIVersion", Level.WARNING,
      "The Gateway API CRD version %v is lower than the minimum version of a future release: %v"),
  DESTINATION_RULE_SUBSET_NOT_SELECT_PODS("IST0173", "DestinationRuleSubsetNotSelectPods", Level.ERROR,
      "The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH "
          + "(NoHealthyUpstream)."),
  UNKNOWN_DESTINATION_RULE_HOST("IST0174", "UnknownDestinationRuleHost", Level.WARNING,
      "The host %s defined in the DestinationRule does not match any services in the mesh."),
  JWKS_URI_FETCH_UNRESTRICTED("IST0175", "JwksUriFetchUnrestricted", Level.WARNING,
      "BLOCKED_CIDRS_IN_JWKS_URIS is not configured but %d RequestAuthentication resource(s) exist (%s). Consider "
          + "configuring it to restrict JWKS URI fetches to trusted networks."),
  GATEWAY_API_CRD_VERSION_BELOW_MINIMUM("IST0176", "GatewayAPICRDVersionBelowMinimum", Level.WARNING,
      "The Gateway API CRD %s is at version %s, below the minimum supported version %s."),
  CONFLICTING_SERVICE_ENTRY_PROTOCOL("IST0177", "ConflictingServiceEntryProtocol", Level.WARNING,
      "Multiple ServiceEntries (%s) define the same host %q and port %d with conflicting protocols (%s)."),

  // ---- meshctl's own codes: what istioctl cannot see -------------------------------------------
  MTLS_CONFLICT("MSH0001", "MTLSConflict", Level.ERROR, "%s"),
  GATEWAY_CERTIFICATE_EXPIRED("MSH0002", "GatewayCertificateExpired", Level.ERROR,
      "The certificate in secret %s used by the Gateway for hosts %v %s: clients fail the TLS handshake. Renew it "
          + "(meshctl cert issue/upload)."),
  GATEWAY_CERTIFICATE_HOST_MISMATCH("MSH0003", "GatewayCertificateHostMismatch", Level.ERROR,
      "The certificate in secret %s does not cover host %q of the Gateway's server (its names: %v): clients fail "
          + "hostname verification. Reissue it for that host.");

  public final String code;
  public final String title;
  public final Level level;
  public final String template;

  Code(String code, String title, Level level, String template) {
    this.code = code;
    this.title = title;
    this.level = level;
    this.template = template;
  }

  /** Whether this is one of meshctl's codes rather than Istio's. */
  public boolean meshctl() {
    return code.startsWith("MSH");
  }

  /** Where the code is explained: Istio's page for its codes, docs/analyze.md for meshctl's. */
  public String documentationUrl() {
    return meshctl()
        ? "docs/analyze.md#" + code.toLowerCase(Locale.ROOT)
        : "https://istio.io/latest/docs/reference/config/analysis/" + code.toLowerCase(Locale.ROOT)
            + "/?ref=istioctl-analyze";
  }

  /** The message text: the template with Go-style verbs replaced by the arguments, in order. */
  public String format(Object... args) {
    StringBuilder out = new StringBuilder();
    int a = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '%' && i + 1 < template.length() && "svqd".indexOf(template.charAt(i + 1)) >= 0) {
        char verb = template.charAt(++i);
        Object arg = a < args.length ? args[a++] : null;
        out.append(verb == 'q' ? quote(String.valueOf(arg)) : value(arg));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  public static Code of(String code) {
    for (Code c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    return null;
  }

  /** Go's {@code %v}: a list prints as {@code [a b]}. */
  static String value(Object arg) {
    if (arg instanceof Collection<?> list) {
      return list.stream().map(Code::value).collect(Collectors.joining(" ", "[", "]"));
    }
    return String.valueOf(arg);
  }

  /** Go's {@code %q}: double-quoted with backslash escapes. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
