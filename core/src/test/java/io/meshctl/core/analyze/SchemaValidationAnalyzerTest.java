package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidationAnalyzerTest {

  private static List<String> lines(String yaml) {
    MeshObjects objects = Fixture.files(yaml);
    List<String> out = new ArrayList<>();
    Analyzers.run(objects, SchemaValidationAnalyzer.all(), Fixture.NOW).messages().forEach(m -> out.add(m.line()));
    return out;
  }

  @Test
  void typesEnumsAndRequiredFieldsNameTheFieldPath() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: r, namespace: shop}
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer: {simple: ROUND_ROBBIN}
            connectionPool:
              tcp: {maxConnections: lots, connectTimeout: 30}
          subsets:
          - name: v1
            labels: {version: v1}
          - labels: {version: v2}
        """;
    assertEquals(List.of(
        "Error [IST0106] (DestinationRule shop/r test.yaml:1) Schema validation error: spec.subsets[1].name: subset name "
            + "is required",
        "Error [IST0106] (DestinationRule shop/r test.yaml:7) Schema validation error: "
            + "spec.trafficPolicy.loadBalancer.simple: unknown value \"ROUND_ROBBIN\", expected one of UNSPECIFIED, "
            + "RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST, LEAST_CONN",
        "Error [IST0106] (DestinationRule shop/r test.yaml:9) Schema validation error: "
            + "spec.trafficPolicy.connectionPool.tcp.connectTimeout: expected a duration such as 10s, 1.5s or 100ms, got 30",
        "Error [IST0106] (DestinationRule shop/r test.yaml:9) Schema validation error: "
            + "spec.trafficPolicy.connectionPool.tcp.maxConnections: expected an integer, got \"lots\""),
        lines(yaml));
  }

  @Test
  void virtualServiceWeightsAndRoutes() {
    String yaml = """
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata: {name: bogus-weights, namespace: default}
        spec:
          hosts: ["*"]
          http:
          - route:
            - destination: {host: ratings, subset: v1}
              weight: -10
            - destination: {host: ratings, subset: v2}
              weight: 10
          - route:
            - destination: {host: ratings, subset: v1}
              weight: 0
            - destination: {subset: v2}
              weight: 0
          - name: empty
        """;
    // -10 + 10 = 0 too: Istio sums the weights as written
    assertEquals(List.of(
        "Error [IST0106] (VirtualService default/bogus-weights test.yaml:1) Schema validation error: spec.http[0].route: "
            + "total destination weight = 0",
        "Error [IST0106] (VirtualService default/bogus-weights test.yaml:1) Schema validation error: spec.http[1].route: "
            + "total destination weight = 0",
        "Error [IST0106] (VirtualService default/bogus-weights test.yaml:1) Schema validation error: "
            + "spec.http[1].route[1].destination.host: is required",
        "Error [IST0106] (VirtualService default/bogus-weights test.yaml:1) Schema validation error: spec.http[2]: HTTP "
            + "route, redirect, direct response or delegate is required",
        "Error [IST0106] (VirtualService default/bogus-weights test.yaml:5) Schema validation error: spec.hosts[0]: "
            + "wildcard host * is not allowed for virtual services bound to the mesh gateway",
        "Error [IST0106] (VirtualService default/bogus-weights test.yaml:9) Schema validation error: "
            + "spec.http[0].route[0].weight: weight -10 < 0",
        "Warning [IST0130] (VirtualService default/bogus-weights test.yaml:1) VirtualService rule \"empty\" not used "
            + "(only the last rule can have no matches).",
        "Warning [IST0130] (VirtualService default/bogus-weights test.yaml:1) VirtualService rule #1 not used (only the "
            + "last rule can have no matches)."),
        lines(yaml));
  }

  @Test
  void unreachableRulesAndIneffectiveMatches() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: dup, namespace: default}
        spec:
          hosts: [reviews]
          http:
          - name: first
            match:
            - uri: {prefix: /api}
            - uri: {exact: /login}
            route: [{destination: {host: reviews}}]
          - name: shadowed
            match:
            - name: again
              uri: {exact: /login}
            - uri: {prefix: /api/v2}
            route: [{destination: {host: reviews}}]
          - match:
            - uri: {prefix: /static}
            route: [{destination: {host: reviews}}]
          - route: [{destination: {host: reviews}}]
          - match:
            - uri: {prefix: /late}
            route: [{destination: {host: reviews}}]
        """;
    assertEquals(List.of(
        "Warning [IST0130] (VirtualService default/dup test.yaml:1) VirtualService rule \"shadowed\" not used (all "
            + "matches used by prior rules).",
        "Warning [IST0130] (VirtualService default/dup test.yaml:1) VirtualService rule #4 not used (route without "
            + "matches defined before).",
        "Info [IST0131] (VirtualService default/dup test.yaml:1) VirtualService rule \"shadowed\" match \"again\" is not "
            + "used (duplicate/overlapping match in rule \"first\").",
        "Info [IST0131] (VirtualService default/dup test.yaml:1) VirtualService rule \"shadowed\" match #1 of prefix "
            + "/api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on \"first\")."),
        lines(yaml));
  }

  @Test
  void gatewayServers() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: default}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 443, name: https, protocol: HTTPS}
            hosts: [blog.example.com]
          - port: {number: 80, name: https, protocol: HTTP}
            hosts: [blog.example.com]
            tls: {mode: SIMPLE, credentialName: blog}
          - port: {number: 70000, name: weird, protocol: SPDY}
        """;
    assertEquals(List.of(
        "Error [IST0106] (Gateway default/gw test.yaml:1) Schema validation error: spec.servers[0].tls: server must have "
            + "TLS settings for HTTPS/TLS protocols",
        "Error [IST0106] (Gateway default/gw test.yaml:1) Schema validation error: spec.servers[1].tls: server cannot "
            + "have TLS settings for plain text HTTP ports",
        "Error [IST0106] (Gateway default/gw test.yaml:1) Schema validation error: spec.servers[2].hosts: server config "
            + "must contain at least one host",
        "Error [IST0106] (Gateway default/gw test.yaml:12) Schema validation error: spec.servers[2].port.number: port "
            + "number 70000 must be in the range 1..65535",
        "Error [IST0106] (Gateway default/gw test.yaml:12) Schema validation error: spec.servers[2].port.protocol: "
            + "unrecognized protocol \"SPDY\"",
        "Error [IST0106] (Gateway default/gw test.yaml:9) Schema validation error: spec.servers[1].port.name: port names "
            + "in servers must be unique: duplicate name https"),
        lines(yaml));
  }

  @Test
  void serviceEntrySidecarAndSecurity() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: se, namespace: default}
        spec:
          hosts: ["*"]
          addresses: [10.0.0.300, 2001:db8::/129]
          ports: [{number: 443, name: https, protocol: HTTPS}, {number: 443, name: tls, protocol: TLS}]
          resolution: DYNAMIC
          exportTo: ["*", "."]
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: sc, namespace: default}
        spec:
          egress: [{hosts: [istio-system/*, "*.example.com"]}]
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: pa, namespace: default}
        spec:
          selector: {}
          mtls: {mode: strict}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ap, namespace: default}
        spec:
          action: CUSTOM
          rules: [{when: [{key: "request.headers[x]"}]}]
        ---
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: ra, namespace: default}
        spec:
          jwtRules: [{jwksUri: "https://example.com/jwks"}]
        """;
    assertEquals(List.of(
        "Error [IST0106] (AuthorizationPolicy default/ap test.yaml:24) Schema validation error: spec.provider: CUSTOM "
            + "action without provider",
        "Error [IST0106] (AuthorizationPolicy default/ap test.yaml:24) Schema validation error: spec.rules[0].when[0]: "
            + "at least one of values or notValues must be set for key request.headers[x]",
        "Error [IST0106] (PeerAuthentication default/pa test.yaml:22) Schema validation error: spec.mtls.mode: unknown "
            + "value \"strict\", expected one of UNSET, DISABLE, PERMISSIVE, STRICT",
        "Error [IST0106] (RequestAuthentication default/ra test.yaml:31) Schema validation error: spec.jwtRules[0].issuer: "
            + "issuer must be set",
        "Error [IST0106] (ServiceEntry default/se test.yaml:1) Schema validation error: spec.exportTo: cannot have both "
            + "public (*) and non-public exportTo values for a resource",
        "Error [IST0106] (ServiceEntry default/se test.yaml:5) Schema validation error: spec.hosts[0]: invalid host *: a "
            + "service entry needs a DNS name",
        "Error [IST0106] (ServiceEntry default/se test.yaml:6) Schema validation error: spec.addresses[0]: invalid "
            + "address \"10.0.0.300\": an IP address or CIDR",
        "Error [IST0106] (ServiceEntry default/se test.yaml:6) Schema validation error: spec.addresses[1]: invalid "
            + "address \"2001:db8::/129\": an IP address or CIDR",
        "Error [IST0106] (ServiceEntry default/se test.yaml:7) Schema validation error: spec.ports[1].number: port 443 is "
            + "defined twice",
        "Error [IST0106] (ServiceEntry default/se test.yaml:8) Schema validation error: spec.resolution: unknown value "
            + "\"DYNAMIC\", expected one of NONE, STATIC, DNS, DNS_ROUND_ROBIN",
        "Error [IST0106] (Sidecar default/sc test.yaml:15) Schema validation error: spec.egress[0].hosts[1]: sidecar: "
            + "host must be of form namespace/dnsName, not \"*.example.com\"",
        "Warning [IST0133] (PeerAuthentication default/pa test.yaml:17) Schema validation warning: spec.selector: "
            + "workload selector specified without labels"),
        lines(yaml));
  }

  @Test
  void tlsCheckRulesForLegacyPolicies() {
    String yaml = """
        apiVersion: authentication.istio.io/v1alpha1
        kind: MeshPolicy
        metadata: {name: mesh-wide}
        spec: {peers: [{mtls: {}}]}
        ---
        apiVersion: authentication.istio.io/v1alpha1
        kind: Policy
        metadata: {name: default, namespace: shop}
        spec: {peers: [{mtls: {mode: LENIENT}}]}
        """;
    assertEquals(List.of(
        "Error [IST0106] (MeshPolicy mesh-wide test.yaml:3) Schema validation error: metadata.name: a MeshPolicy must be "
            + "named \"default\" (Istio ignores any other)",
        "Error [IST0106] (Policy shop/default test.yaml:9) Schema validation error: spec.peers[0].mtls.mode: unknown "
            + "value \"LENIENT\", expected one of STRICT, PERMISSIVE"),
        lines(yaml));
  }

  @Test
  void validObjectsOfEveryKindPass() throws java.io.IOException {
    String examples = MtlsConflictAnalyzerTest.example("mesh-current/wordpress-gateway.yaml",
        "mesh-current/destinationrule-mysql-disable.yaml", "mesh-current/mtls-peerauthentication.yaml",
        "mesh-legacy/mtls-meshpolicy.yaml", "mesh-legacy/wordpress-gateway.yaml");
    String yaml = examples + """
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: reviews, namespace: bookinfo}
        spec:
          hosts: [reviews, reviews.bookinfo.svc.cluster.local]
          exportTo: ["."]
          http:
          - name: v2-for-jason
            match:
            - headers: {end-user: {exact: jason}}
              uri: {regex: "^/api/(?P<v>v[0-9]+)/.*"}
            route: [{destination: {host: reviews, subset: v2, port: {number: 9080}}}]
            timeout: 1.5s
            retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure"}
            fault: {abort: {httpStatus: 503, percentage: {value: 0.1}}}
          - route:
            - {destination: {host: reviews, subset: v1}, weight: 75}
            - {destination: {host: reviews, subset: v3}, weight: 25}
            mirror: {host: reviews, subset: v3}
            mirrorPercentage: {value: 10.0}
          tcp:
          - match: [{port: 27017}]
            route: [{destination: {host: mongo}}]
          tls:
          - match: [{port: 443, sniHosts: [login.bookinfo.com]}]
            route: [{destination: {host: login}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: bookinfo}
        spec:
          host: reviews.bookinfo.svc.cluster.local
          trafficPolicy:
            connectionPool:
              tcp: {maxConnections: 100, connectTimeout: 30ms}
              http: {http2MaxRequests: "1000", h2UpgradePolicy: UPGRADE}
            outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 100}
            portLevelSettings:
            - port: {number: 9080}
              loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}
            tls: {mode: MUTUAL, clientCertificate: /etc/certs/cert.pem, privateKey: /etc/certs/key.pem}
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}, trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: external, namespace: bookinfo}
        spec:
          hosts: [api.example.com, "*.wiki.example.org"]
          addresses: [240.0.0.1, 10.1.0.0/16, "2001:db8::1"]
          location: MESH_EXTERNAL
          ports: [{number: 443, name: https, protocol: TLS}, {number: 80, name: http, protocol: http}]
          resolution: NONE
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: default, namespace: bookinfo}
        spec:
          egress: [{hosts: ["./*", "istio-system/*"]}]
          outboundTrafficPolicy: {mode: REGISTRY_ONLY}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: reviews, namespace: bookinfo}
        spec:
          selector: {matchLabels: {app: reviews}}
          mtls: {mode: STRICT}
          portLevelMtls: {"9080": {mode: PERMISSIVE}}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: reviews, namespace: bookinfo}
        spec:
          selector: {matchLabels: {app: reviews}}
          action: ALLOW
          rules:
          - from: [{source: {principals: ["cluster.local/ns/bookinfo/sa/productpage"]}}]
            to: [{operation: {methods: [GET], paths: ["/api/*"]}}]
            when: [{key: "request.auth.claims[iss]", values: ["https://accounts.example.com"]}]
        ---
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: jwt, namespace: bookinfo}
        spec:
          jwtRules: [{issuer: "https://accounts.example.com", jwksUri: "https://accounts.example.com/jwks"}]
        """;
    assertEquals(List.of(), lines(yaml));
  }
}
