package io.meshctl.core.analyze.schema;

import static io.meshctl.core.analyze.schema.Shape.Scalar.ANY;
import static io.meshctl.core.analyze.schema.Shape.Scalar.BOOL;
import static io.meshctl.core.analyze.schema.Shape.Scalar.DOUBLE;
import static io.meshctl.core.analyze.schema.Shape.Scalar.DURATION;
import static io.meshctl.core.analyze.schema.Shape.Scalar.INT;
import static io.meshctl.core.analyze.schema.Shape.Scalar.STRING;
import static io.meshctl.core.analyze.schema.Shape.Scalar.UINT32;
import static io.meshctl.core.analyze.schema.Shape.list;
import static io.meshctl.core.analyze.schema.Shape.map;
import static io.meshctl.core.analyze.schema.Shape.obj;
import static io.meshctl.core.analyze.schema.Shape.oneOf;

import io.meshctl.core.analyze.schema.Shape.Obj;
import java.util.Map;

/**
 * The spec shapes of the Istio kinds meshctl validates, after istio.io/api (field names, nesting,
 * enum values). Semantic rules live in {@link SchemaValidator}; these only say what each field is.
 */
final class IstioSchemas {

  private IstioSchemas() {
  }

  static final Shape STRMAP = map(STRING);
  static final Shape STRINGS = list(STRING);

  // ---- networking ----------------------------------------------------------------------------

  static final Obj PORT_SELECTOR = obj("number", UINT32);
  static final Obj DESTINATION = obj("host", STRING, "subset", STRING, "port", PORT_SELECTOR).require("host");
  static final Obj STRING_MATCH = obj("exact", STRING, "prefix", STRING, "regex", STRING);
  static final Obj HEADER_OPS = obj("set", STRMAP, "add", STRMAP, "remove", STRINGS);
  static final Obj HEADERS = obj("request", HEADER_OPS, "response", HEADER_OPS);
  static final Obj PERCENT = obj("value", DOUBLE);
  static final Obj WORKLOAD_SELECTOR = obj("labels", STRMAP);

  static final Obj HTTP_MATCH = obj("name", STRING, "uri", STRING_MATCH, "scheme", STRING_MATCH, "method", STRING_MATCH,
      "authority", STRING_MATCH, "headers", map(STRING_MATCH), "port", UINT32, "sourceLabels", STRMAP,
      "gateways", STRINGS, "queryParams", map(STRING_MATCH), "ignoreUriCase", BOOL, "withoutHeaders", map(STRING_MATCH),
      "sourceNamespace", STRING, "statPrefix", STRING);
  static final Obj HTTP_ROUTE_DESTINATION = obj("destination", DESTINATION, "weight", INT, "headers", HEADERS)
      .require("destination");
  static final Obj ROUTE_DESTINATION = obj("destination", DESTINATION, "weight", INT).require("destination");
  static final Obj HTTP_REDIRECT = obj("uri", STRING, "authority", STRING, "port", UINT32,
      "derivePort", oneOf("FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT"), "scheme", STRING, "redirectCode", UINT32);
  static final Obj HTTP_RETRY = obj("attempts", INT, "perTryTimeout", DURATION, "retryOn", STRING,
      "retryRemoteLocalities", BOOL, "retryIgnorePreviousHosts", BOOL, "backoff", DURATION);
  static final Obj FAULT = obj(
      "delay", obj("fixedDelay", DURATION, "exponentialDelay", DURATION, "percentage", PERCENT, "percent", INT),
      "abort", obj("httpStatus", INT, "grpcStatus", STRING, "http2Error", STRING, "percentage", PERCENT));
  static final Obj CORS = obj("allowOrigins", list(STRING_MATCH), "allowOrigin", STRINGS, "allowMethods", STRINGS,
      "allowHeaders", STRINGS, "exposeHeaders", STRINGS, "maxAge", DURATION, "allowCredentials", BOOL,
      "unmatchedPreflights", oneOf("UNSPECIFIED", "FORWARD", "IGNORE"));
  static final Obj HTTP_ROUTE = obj("name", STRING, "match", list(HTTP_MATCH), "route", list(HTTP_ROUTE_DESTINATION),
      "redirect", HTTP_REDIRECT, "directResponse", obj("status", UINT32, "body", obj("string", STRING, "bytes", STRING)),
      "delegate", obj("name", STRING, "namespace", STRING),
      "rewrite", obj("uri", STRING, "authority", STRING, "uriRegexRewrite", obj("match", STRING, "rewrite", STRING)),
      "timeout", DURATION, "retries", HTTP_RETRY, "fault", FAULT, "mirror", DESTINATION,
      "mirrors", list(obj("destination", DESTINATION, "percentage", PERCENT).require("destination")),
      "mirrorPercentage", PERCENT, "mirrorPercent", UINT32, "corsPolicy", CORS, "headers", HEADERS);
  static final Obj TLS_ROUTE = obj("match", list(obj("sniHosts", STRINGS, "destinationSubnets", STRINGS, "port", UINT32,
      "sourceLabels", STRMAP, "gateways", STRINGS, "sourceNamespace", STRING)), "route", list(ROUTE_DESTINATION));
  static final Obj TCP_ROUTE = obj("match", list(obj("destinationSubnets", STRINGS, "port", UINT32,
      "sourceSubnet", STRING, "sourceLabels", STRMAP, "gateways", STRINGS, "sourceNamespace", STRING)),
      "route", list(ROUTE_DESTINATION));
  static final Obj VIRTUAL_SERVICE = obj("hosts", STRINGS, "gateways", STRINGS, "http", list(HTTP_ROUTE),
      "tls", list(TLS_ROUTE), "tcp", list(TCP_ROUTE), "exportTo", STRINGS);

  static final Obj CLIENT_TLS = obj("mode", oneOf("DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"),
      "clientCertificate", STRING, "privateKey", STRING, "caCertificates", STRING, "credentialName", STRING,
      "subjectAltNames", STRINGS, "sni", STRING, "insecureSkipVerify", BOOL, "caCrl", STRING);
  static final Obj LOAD_BALANCER = obj(
      "simple", oneOf("UNSPECIFIED", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST", "LEAST_CONN"),
      "consistentHash", obj("httpHeaderName", STRING, "httpCookie", obj("name", STRING, "path", STRING, "ttl", DURATION),
          "useSourceIp", BOOL, "httpQueryParameterName", STRING, "ringHash", obj("minimumRingSize", INT),
          "maglev", obj("tableSize", INT), "minimumRingSize", INT),
      "localityLbSetting", ANY, "warmupDurationSecs", DURATION, "warmup", ANY);
  static final Obj CONNECTION_POOL = obj(
      "tcp", obj("maxConnections", INT, "connectTimeout", DURATION,
          "tcpKeepalive", obj("probes", UINT32, "time", DURATION, "interval", DURATION),
          "maxConnectionDuration", DURATION, "idleTimeout", DURATION),
      "http", obj("http1MaxPendingRequests", INT, "http2MaxRequests", INT, "maxRequestsPerConnection", INT,
          "maxRetries", INT, "idleTimeout", DURATION, "h2UpgradePolicy", oneOf("DEFAULT", "DO_NOT_UPGRADE", "UPGRADE"),
          "useClientProtocol", BOOL, "maxConcurrentStreams", INT));
  static final Obj OUTLIER = obj("consecutiveErrors", INT, "consecutiveGatewayErrors", UINT32,
      "consecutive5xxErrors", UINT32, "interval", DURATION, "baseEjectionTime", DURATION, "maxEjectionPercent", INT,
      "minHealthPercent", INT, "splitExternalLocalOriginErrors", BOOL, "consecutiveLocalOriginFailures", UINT32);
  static final Obj PORT_TRAFFIC_POLICY = obj("port", PORT_SELECTOR, "loadBalancer", LOAD_BALANCER,
      "connectionPool", CONNECTION_POOL, "outlierDetection", OUTLIER, "tls", CLIENT_TLS);
  static final Obj TRAFFIC_POLICY = obj("loadBalancer", LOAD_BALANCER, "connectionPool", CONNECTION_POOL,
      "outlierDetection", OUTLIER, "tls", CLIENT_TLS, "portLevelSettings", list(PORT_TRAFFIC_POLICY),
      "tunnel", obj("protocol", STRING, "targetHost", STRING, "targetPort", UINT32),
      "proxyProtocol", obj("version", oneOf("V1", "V2")));
  static final Obj DESTINATION_RULE = obj("host", STRING, "trafficPolicy", TRAFFIC_POLICY,
      "subsets", list(obj("name", STRING, "labels", STRMAP, "trafficPolicy", TRAFFIC_POLICY)),
      "exportTo", STRINGS, "workloadSelector", obj("matchLabels", STRMAP));

  static final Obj SERVER_TLS = obj("httpsRedirect", BOOL,
      "mode", oneOf("PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"),
      "serverCertificate", STRING, "privateKey", STRING, "caCertificates", STRING, "caCrl", STRING,
      "credentialName", STRING, "credentialNames", STRINGS, "subjectAltNames", STRINGS,
      "verifyCertificateSpki", STRINGS, "verifyCertificateHash", STRINGS,
      "minProtocolVersion", oneOf("TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"),
      "maxProtocolVersion", oneOf("TLS_AUTO", "TLSV1_0", "TLSV1_1", "TLSV1_2", "TLSV1_3"), "cipherSuites", STRINGS);
  static final Obj PORT = obj("number", UINT32, "protocol", STRING, "name", STRING, "targetPort", UINT32);
  static final Obj GATEWAY = obj("servers", list(obj("port", PORT, "bind", STRING, "hosts", STRINGS, "tls", SERVER_TLS,
      "defaultEndpoint", STRING, "name", STRING)), "selector", STRMAP);

  static final Obj WORKLOAD_ENTRY = obj("address", STRING, "ports", map(UINT32), "labels", STRMAP, "network", STRING,
      "locality", STRING, "weight", UINT32, "serviceAccount", STRING);
  static final Obj SERVICE_ENTRY = obj("hosts", STRINGS, "addresses", STRINGS,
      "ports", list(obj("number", UINT32, "protocol", STRING, "name", STRING, "targetPort", UINT32)),
      "location", oneOf("MESH_EXTERNAL", "MESH_INTERNAL"), "resolution", oneOf("NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN"),
      "endpoints", list(WORKLOAD_ENTRY), "workloadSelector", WORKLOAD_SELECTOR, "exportTo", STRINGS,
      "subjectAltNames", STRINGS);

  static final Obj OUTBOUND_POLICY = obj("mode", oneOf("REGISTRY_ONLY", "ALLOW_ANY"), "egressProxy", DESTINATION);
  static final Obj SIDECAR = obj("workloadSelector", WORKLOAD_SELECTOR,
      "ingress", list(obj("port", PORT, "bind", STRING,
          "captureMode", oneOf("DEFAULT", "IPTABLES", "NONE"), "defaultEndpoint", STRING, "tls", SERVER_TLS,
          "connectionPool", CONNECTION_POOL)),
      "egress", list(obj("port", PORT, "bind", STRING, "captureMode", oneOf("DEFAULT", "IPTABLES", "NONE"),
          "hosts", STRINGS)),
      "inboundConnectionPool", CONNECTION_POOL, "outboundTrafficPolicy", OUTBOUND_POLICY);

  static final Obj WORKLOAD_GROUP = obj("metadata", obj("labels", STRMAP, "annotations", STRMAP),
      "template", WORKLOAD_ENTRY, "probe", ANY);

  // ---- security ------------------------------------------------------------------------------

  static final Obj SECURITY_SELECTOR = obj("matchLabels", STRMAP);
  static final Shape PA_MODE = oneOf("UNSET", "DISABLE", "PERMISSIVE", "STRICT");
  static final Obj PEER_AUTHENTICATION = obj("selector", SECURITY_SELECTOR, "mtls", obj("mode", PA_MODE),
      "portLevelMtls", map(obj("mode", PA_MODE)));
  static final Obj JWT_RULE = obj("issuer", STRING, "audiences", STRINGS, "jwksUri", STRING, "jwks", STRING,
      "fromHeaders", list(obj("name", STRING, "prefix", STRING).require("name")), "fromParams", STRINGS,
      "fromCookies", STRINGS, "outputPayloadToHeader", STRING, "forwardOriginalToken", BOOL,
      "outputClaimToHeaders", list(obj("header", STRING, "claim", STRING)), "timeout", DURATION);
  static final Obj REQUEST_AUTHENTICATION = obj("selector", SECURITY_SELECTOR, "jwtRules", list(JWT_RULE),
      "targetRef", ANY, "targetRefs", ANY);
  static final Obj SOURCE = obj("principals", STRINGS, "notPrincipals", STRINGS, "requestPrincipals", STRINGS,
      "notRequestPrincipals", STRINGS, "namespaces", STRINGS, "notNamespaces", STRINGS, "ipBlocks", STRINGS,
      "notIpBlocks", STRINGS, "remoteIpBlocks", STRINGS, "notRemoteIpBlocks", STRINGS, "serviceAccounts", STRINGS,
      "notServiceAccounts", STRINGS);
  static final Obj OPERATION = obj("hosts", STRINGS, "notHosts", STRINGS, "ports", STRINGS, "notPorts", STRINGS,
      "methods", STRINGS, "notMethods", STRINGS, "paths", STRINGS, "notPaths", STRINGS);
  static final Obj AUTHORIZATION_POLICY = obj("selector", SECURITY_SELECTOR, "targetRef", ANY, "targetRefs", ANY,
      "rules", list(obj("from", list(obj("source", SOURCE)), "to", list(obj("operation", OPERATION)),
          "when", list(obj("key", STRING, "values", STRINGS, "notValues", STRINGS).require("key")))),
      "action", oneOf("ALLOW", "DENY", "AUDIT", "CUSTOM"), "provider", obj("name", STRING));

  // ---- authentication.istio.io/v1alpha1 (Istio 1.1-1.5) -------------------------------------

  static final Obj LEGACY_PEER = obj("mtls", obj("mode", oneOf("STRICT", "PERMISSIVE"), "allowTls", BOOL), "jwt", ANY);
  static final Obj LEGACY_POLICY = obj("targets", list(obj("name", STRING, "ports", list(obj("number", UINT32,
      "name", STRING)), "labels", STRMAP)), "peers", list(LEGACY_PEER), "peerIsOptional", BOOL,
      "origins", list(obj("jwt", obj("issuer", STRING, "audiences", STRINGS, "jwksUri", STRING, "jwtHeaders", STRINGS,
          "jwtParams", STRINGS, "triggerRules", ANY))), "originIsOptional", BOOL,
      "principalBinding", oneOf("USE_PEER", "USE_ORIGIN"));

  /** Spec shape by kind (networking, security, authentication groups). */
  static final Map<String, Obj> BY_KIND = Map.ofEntries(
      Map.entry("VirtualService", VIRTUAL_SERVICE), Map.entry("DestinationRule", DESTINATION_RULE),
      Map.entry("Gateway", GATEWAY), Map.entry("ServiceEntry", SERVICE_ENTRY), Map.entry("Sidecar", SIDECAR),
      Map.entry("WorkloadEntry", WORKLOAD_ENTRY), Map.entry("WorkloadGroup", WORKLOAD_GROUP),
      Map.entry("PeerAuthentication", PEER_AUTHENTICATION), Map.entry("RequestAuthentication", REQUEST_AUTHENTICATION),
      Map.entry("AuthorizationPolicy", AUTHORIZATION_POLICY), Map.entry("MeshPolicy", LEGACY_POLICY),
      Map.entry("Policy", LEGACY_POLICY));
}
