package io.meshctl.core.analyze;

import static io.meshctl.core.analyze.Fixture.files;
import static io.meshctl.core.analyze.Fixture.lines;
import static io.meshctl.core.analyze.Fixture.live;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualServiceAnalyzersTest {

  private static final String SERVICES = """
      apiVersion: v1
      kind: Service
      metadata: {name: reviews, namespace: default}
      spec:
        selector: {app: reviews}
        ports: [{name: http, port: 9080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: multi, namespace: default}
      spec:
        selector: {app: multi}
        ports: [{name: http, port: 80}, {name: grpc, port: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: private
        namespace: other
        annotations: {networking.istio.io/exportTo: "."}
      spec:
        ports: [{name: http, port: 80}]
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: default}
      spec:
        hosts: ["*.example.com"]
        ports: [{number: 443, name: https, protocol: HTTPS}]
      """;

  private final VsDestinationHostAnalyzer host = new VsDestinationHostAnalyzer();

  private static String vs(String name, String spec) {
    return "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: " + name
        + ", namespace: default}\nspec:\n" + spec.indent(2);
  }

  @Test
  void destinationHostNotFoundPointsAtTheHostLine() {
    String yaml = SERVICES + vs("r", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews}
          - destination:
              host: ratings
        """);
    assertEquals(List.of("Error [IST0101] (VirtualService default/r) Referenced host not found: \"ratings\""),
        lines(host, live(yaml)));
  }

  @Test
  void shortNamesFqdnsServiceEntryWildcardsAndExportToResolve() {
    String yaml = SERVICES + vs("r", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews.default.svc.cluster.local}
          - destination: {host: api.example.com}
          - destination: {host: multi, port: {number: 8080}}
        tcp:
        - route:
          - destination: {host: reviews}
        """);
    assertEquals(List.of(), lines(host, live(yaml)));
  }

  @Test
  void partialNamesAndOtherNamespacesPrivateServicesAreNotFound() {
    String yaml = SERVICES + vs("r", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews.default}
          - destination: {host: private.other.svc.cluster.local}
        """);
    assertEquals(List.of(
        "Error [IST0101] (VirtualService default/r) Referenced host not found: \"private.other.svc.cluster.local\"",
        "Error [IST0101] (VirtualService default/r) Referenced host not found: \"reviews.default\""),
        lines(host, live(yaml)));
  }

  @Test
  void multiPortServiceNeedsAPortAndThePortMustExist() {
    String yaml = SERVICES + vs("r", """
        hosts: [multi]
        http:
        - route:
          - destination: {host: multi}
          mirror: {host: reviews, port: {number: 9999}}
        """);
    assertEquals(List.of(
        "Error [IST0101] (VirtualService default/r) Referenced host:port not found: \"reviews:9999\"",
        "Error [IST0112] (VirtualService default/r) This VirtualService routes to a service \"multi\" that exposes "
            + "multiple ports [80 8080]. Specifying a port in the destination is required to disambiguate."),
        lines(host, live(yaml)));
  }

  @Test
  void mirrorHostNotFound() {
    String yaml = SERVICES + vs("r", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews}
          mirror: {host: shadow}
        """);
    assertEquals(List.of("Error [IST0101] (VirtualService default/r) Referenced mirror host not found: \"shadow\""),
        lines(host, live(yaml)));
  }

  @Test
  void ingressRouteWithoutSubsetBypassesTheMeshSubsets() {
    String yaml = SERVICES + vs("mesh-split", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews, subset: v1}
        """) + vs("ingress", """
        hosts: [bookinfo.example.com]
        gateways: [gw]
        http:
        - route:
          - destination: {host: reviews}
        """);
    assertEquals(List.of("Warning [IST0140] (VirtualService default/ingress) Subset in virtual service "
        + "default/mesh-split has no effect on ingress gateway default/ingress requests"), lines(host, live(yaml)));
    // the ingress route naming a subset itself is fine
    assertEquals(List.of(), lines(host, live(yaml.replace("- destination: {host: reviews}\n",
        "- destination: {host: reviews, subset: v1}\n"))));
  }

  @Test
  void subsetMustBeDefinedByARuleForThatService() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: default}
        spec:
          host: reviews.default.svc.cluster.local
          subsets: [{name: v1, labels: {version: v1}}]
        """ + vs("wordpress", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews, subset: v1}
          - destination:
              host: reviews
              subset: v3
          mirror: {host: reviews, subset: v9}
        """);
    assertEquals(List.of(
        "Error [IST0101] (VirtualService default/wordpress test.yaml:17) Referenced host+subset in destinationrule "
            + "not found: \"reviews+v3\"",
        "Error [IST0101] (VirtualService default/wordpress test.yaml:19) Referenced mirror+subset in destinationrule "
            + "not found: \"reviews+v9\""),
        lines(new VsDestinationRuleAnalyzer(), files(yaml)));
  }

  @Test
  void wildcardRuleHostsDoNotDefineSubsets() {
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: all, namespace: default}
        spec:
          host: "*.default.svc.cluster.local"
          subsets: [{name: v1}]
        """ + vs("r", """
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews, subset: v1}
        """);
    assertEquals(1, lines(new VsDestinationRuleAnalyzer(), live(yaml)).size());
  }

  private static final String GATEWAY = """
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: gw, namespace: istio-system}
      spec:
        selector: {istio: ingressgateway}
        servers:
        - port: {number: 80, name: http, protocol: HTTP}
          hosts: ["./www.example.com", "prod/api.example.com"]
      """;

  @Test
  void gatewayMustExistAndExposeAHostOfTheVirtualService() {
    String yaml = GATEWAY + vs("r", """
        hosts: [www.example.com]
        gateways:
        - mesh
        - istio-system/gw
        - missing
        """);
    assertEquals(List.of(
        "Error [IST0101] (VirtualService default/r test.yaml:18) Referenced gateway not found: \"missing\"",
        "Warning [IST0132] (VirtualService default/r test.yaml:17) one or more host [www.example.com] defined in "
            + "VirtualService default/r not found in Gateway istio-system/gw.",
        "Warning [IST0132] (VirtualService default/r test.yaml:18) one or more host [www.example.com] defined in "
            + "VirtualService default/r not found in Gateway default/missing."),
        lines(new VsGatewayAnalyzer(), files(yaml)));
  }

  @Test
  void gatewayHostsScopedToTheVirtualServiceNamespaceMatch() {
    String yaml = GATEWAY + "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, "
        + "namespace: prod}\nspec:\n  hosts: [api.example.com]\n  gateways: [istio-system/gw]\n"
        + "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: w, namespace: istio-system}\n"
        + "spec:\n  hosts: [\"*.example.com\"]\n  gateways: [gw]\n"
        + "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: k8s, namespace: default}\n"
        + "spec:\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n" + vs("k", "hosts: [x.com]\ngateways: [k8s]\n");
    assertEquals(List.of(), lines(new VsGatewayAnalyzer(), live(yaml)));
  }

  @Test
  void generatedInternalGateway() {
    String yaml = vs("r", "hosts: [a.com]\ngateways: [default/gw-istio-autogenerated-k8s-gateway~istio-autogenerated-k8s-gateway~http]\n"
        .replace("gw-istio-autogenerated-k8s-gateway~", "gw~"));
    assertEquals(List.of("Warning [IST0165] (VirtualService default/r) Gateway reference in VirtualService default/r "
        + "is to an implementation-generated internal Gateway: default/gw~istio-autogenerated-k8s-gateway~http."),
        lines(new VsGatewayAnalyzer(), live(yaml)));
  }

  @Test
  void meshVirtualServicesSharingAHostConflictOncePerVirtualService() {
    String yaml = vs("a", "hosts: [reviews, ratings]\n") + vs("b", "hosts: [reviews.default.svc.cluster.local]\n")
        + vs("c", "hosts: [reviews]\ngateways: [gw]\n") + vs("d", "hosts: [ratings]\nexportTo: [\".\"]\n");
    assertEquals(List.of(
        "Error [IST0109] (VirtualService default/a test.yaml:4) The VirtualServices default/a,default/b associated "
            + "with mesh gateway define the same host */reviews.default.svc.cluster.local which can lead to undefined "
            + "behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.",
        "Error [IST0109] (VirtualService default/b test.yaml:10) The VirtualServices default/a,default/b associated "
            + "with mesh gateway define the same host */reviews.default.svc.cluster.local which can lead to undefined "
            + "behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.",
        "Error [IST0109] (VirtualService default/d test.yaml:23) The VirtualServices default/a,default/d associated "
            + "with mesh gateway define the same host default/ratings.default.svc.cluster.local which can lead to "
            + "undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."),
        lines(new VsConflictingMeshGatewayHostsAnalyzer(), files(yaml)));
  }

  @Test
  void differentHostsOrDisjointExportToDoNotConflict() {
    String yaml = vs("a", "hosts: [reviews]\nexportTo: [\".\"]\n")
        + "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: b, namespace: prod}\n"
        + "spec:\n  hosts: [reviews.default.svc.cluster.local]\n  exportTo: [\".\"]\n"
        + vs("c", "hosts: [ratings]\n");
    assertEquals(List.of(), lines(new VsConflictingMeshGatewayHostsAnalyzer(), live(yaml)));
  }

  private static final String JWT = """
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: gw, namespace: istio-system}
      spec:
        selector: {istio: ingressgateway}
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: ingress-1, namespace: istio-system, labels: {istio: ingressgateway}}
      spec: {containers: [{name: istio-proxy, image: proxyv2}]}
      """ + vs("claims", """
      hosts: ["*"]
      gateways: [istio-system/gw]
      http:
      - match:
        - headers:
            "@request.auth.claims.groups": {exact: admin}
        route:
        - destination: {host: reviews}
      """);

  @Test
  void claimRoutingNeedsARequestAuthenticationOnTheGatewayPods() {
    assertEquals(List.of("Error [IST0149] (VirtualService default/claims) The virtual service uses the JWT claim based "
        + "routing (key: @request.auth.claims.groups) but found no request authentication for the gateway "
        + "(istio-system/gw) pod (ingress-1). The request authentication must first be applied for the gateway pods "
        + "to validate the JWT token and make the claims available for routing."),
        lines(new VsJwtClaimRouteAnalyzer(), live(JWT)));
  }

  @Test
  void claimRoutingWithARequestAuthenticationSelectingTheGatewayIsFine() {
    String yaml = JWT + """
        ---
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: jwt, namespace: istio-system}
        spec:
          selector: {matchLabels: {istio: ingressgateway}}
          jwtRules: [{issuer: x}]
        """;
    assertEquals(List.of(), lines(new VsJwtClaimRouteAnalyzer(), live(yaml)));
    // a RequestAuthentication selecting other pods does not count
    assertEquals(1, lines(new VsJwtClaimRouteAnalyzer(), live(yaml.replace("matchLabels: {istio: ingressgateway}",
        "matchLabels: {app: other}"))).size());
  }
}
