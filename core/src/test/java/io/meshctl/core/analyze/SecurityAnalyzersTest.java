package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** auth.AuthorizationPoliciesAnalyzer, authn.BlockedCIDRsAnalyzer, deprecation.DeprecationAnalyzer. */
class SecurityAnalyzersTest {

  private static final String MESH = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {istio-injection: enabled}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: empty}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: istio-system}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: cart-1, namespace: shop, labels: {app: cart}}
      spec: {containers: [{name: cart, image: cart}, {name: istio-proxy, image: proxyv2}]}
      ---
      """;

  private static String ap(String name, String ns, String spec) {
    return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: " + name + ", namespace: " + ns
        + "}\nspec:\n" + spec + "---\n";
  }

  @Test
  void selectorMatchingNoWorkload() {
    String yaml = MESH + ap("typo", "shop", "  selector: {matchLabels: {app: kart}}\n")
        + ap("nothing-here", "empty", "  action: DENY\n")
        + ap("root-sel", "istio-system", "  selector: {matchLabels: {app: nope, tier: x}}\n");
    assertEquals(List.of(
        "Warning [IST0127] (AuthorizationPolicy empty/nothing-here) No matching workloads for this resource with the "
            + "following labels: ",
        "Warning [IST0127] (AuthorizationPolicy istio-system/root-sel) No matching workloads for this resource with the "
            + "following labels: app=nope,tier=x",
        "Warning [IST0127] (AuthorizationPolicy shop/typo) No matching workloads for this resource with the following "
            + "labels: app=kart"), Fixture.lines(new AuthorizationPoliciesAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void sourceNamespaceNotFound() {
    String yaml = MESH + ap("from", "shop", """
          selector: {matchLabels: {app: cart}}
          rules:
          - from:
            - source: {namespaces: [shop, "*-system", "sh*", "*", frontend], notNamespaces: [SHOP, legacy]}
        """);
    assertEquals(List.of(
        "Error [IST0101] (AuthorizationPolicy shop/from test.yaml:25) Referenced namespace not found: \"frontend\"",
        "Error [IST0101] (AuthorizationPolicy shop/from test.yaml:25) Referenced namespace not found: \"legacy\""),
        Fixture.lines(new AuthorizationPoliciesAnalyzer(), Fixture.files(yaml)));
  }

  @Test
  void policiesThatSelectWorkloadsAreFine() {
    String yaml = MESH + ap("cart", "shop", "  selector: {matchLabels: {app: cart}}\n")
        + ap("ns-wide", "shop", "  action: ALLOW\n")
        + ap("mesh-wide", "istio-system", "  action: ALLOW\n")
        + ap("root-selects-anywhere", "istio-system", "  selector: {matchLabels: {app: cart}}\n");
    assertEquals(List.of(), Fixture.lines(new AuthorizationPoliciesAnalyzer(), Fixture.live(yaml)));
  }

  private static final String ISTIOD = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
      spec:
        template:
          spec:
            containers:
            - name: discovery
              image: pilot
              env: [{name: PILOT_TRACE_SAMPLING, value: "1"}]
      ---
      """;

  private static String ra(int i) {
    return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt" + i + ", namespace: ns"
        + i + "}\nspec:\n  jwtRules: [{issuer: i, jwksUri: \"https://example.com/jwks\"}]\n---\n";
  }

  @Test
  void jwksFetchUnrestricted() {
    StringBuilder yaml = new StringBuilder(ISTIOD);
    for (int i = 1; i <= 7; i++) {
      yaml.append(ra(i));
    }
    assertEquals(List.of("Warning [IST0175] (Deployment istio-system/istiod) BLOCKED_CIDRS_IN_JWKS_URIS is not "
        + "configured but 7 RequestAuthentication resource(s) exist (ns1/jwt1, ns2/jwt2, ns3/jwt3, ns4/jwt4, ns5/jwt5, "
        + "and 2 more). Consider configuring it to restrict JWKS URI fetches to trusted networks."),
        Fixture.lines(new BlockedCidrsAnalyzer(), Fixture.live(yaml.toString())));
  }

  @Test
  void jwksFetchRestrictedOrNoRequestAuthentication() {
    assertEquals(List.of(), Fixture.lines(new BlockedCidrsAnalyzer(), Fixture.live(ISTIOD)));
    String restricted = ISTIOD.replace("PILOT_TRACE_SAMPLING, value: \"1\"",
        "BLOCKED_CIDRS_IN_JWKS_URIS, value: \"10.0.0.0/8\"");
    assertEquals(List.of(), Fixture.lines(new BlockedCidrsAnalyzer(), Fixture.live(restricted + ra(1))));
  }

  @Test
  void deprecatedFieldsAndKinds() {
    String yaml = """
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata: {name: r, namespace: shop}
        spec:
          hosts: [r]
          http:
          - fault: {delay: {percent: 50, fixedDelay: 5s}}
            route: [{destination: {host: r}}]
          - fault: {delay: {percentage: {value: 50}, fixedDelay: 5s}}
            route: [{destination: {host: r}}]
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: Sidecar
        metadata: {name: s, namespace: shop}
        spec:
          outboundTrafficPolicy: {mode: ALLOW_ANY, egressProxy: {host: proxy}}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: serviceroles.rbac.istio.io}
        spec: {group: rbac.istio.io, names: {kind: ServiceRole, plural: serviceroles}}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: peerauthentications.security.istio.io}
        spec: {group: security.istio.io, names: {kind: PeerAuthentication, plural: peerauthentications}}
        """;
    assertEquals(List.of(
        "Warning [IST0002] (CustomResourceDefinition serviceroles.rbac.istio.io test.yaml:18) Deprecated: Custom resource type "
            + "rbac.istio.io ServiceRole is removed",
        "Warning [IST0002] (Sidecar shop/s test.yaml:16) Deprecated: OutboundTrafficPolicy.EgressProxy ignored",
        "Warning [IST0002] (VirtualService shop/r test.yaml:7) Deprecated: HTTPRoute.fault.delay.percent is deprecated; "
            + "use HTTPRoute.fault.delay.percentage"),
        Fixture.lines(new DeprecationAnalyzer(), Fixture.files(yaml)));
  }

  @Test
  void legacyPoliciesBesidePeerAuthentication() {
    String meshPolicy = """
        apiVersion: authentication.istio.io/v1alpha1
        kind: MeshPolicy
        metadata: {name: default}
        spec: {peers: [{mtls: {}}]}
        ---
        """;
    // a 1.1-1.5 mesh: MeshPolicy is the API, nothing to say
    assertEquals(List.of(), Fixture.lines(new DeprecationAnalyzer(), Fixture.live(meshPolicy)));
    String pa = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: "
        + "istio-system}\nspec: {mtls: {mode: STRICT}}\n";
    assertEquals(List.of("Warning [IST0002] (MeshPolicy default) Deprecated: authentication.istio.io/v1alpha1 MeshPolicy "
        + "is ignored since Istio 1.6, and PeerAuthentication is in use here; move its mTLS mode to a PeerAuthentication"),
        Fixture.lines(new DeprecationAnalyzer(), Fixture.live(meshPolicy + pa)));
  }
}
