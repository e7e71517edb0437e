package io.meshctl.core.analyze;

import static io.meshctl.core.analyze.Fixture.NOW;
import static io.meshctl.core.analyze.Fixture.files;
import static io.meshctl.core.analyze.Fixture.lines;
import static io.meshctl.core.analyze.Fixture.live;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayAnalyzersTest {

  private static final String INGRESS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: ingress-1, namespace: istio-system, labels: {istio: ingressgateway, app: ingress}}
      spec: {containers: [{name: istio-proxy, image: proxyv2}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: istio-ingressgateway, namespace: istio-system}
      spec:
        selector: {istio: ingressgateway}
        ports:
        - {name: http2, port: 80, targetPort: 8080, protocol: TCP}
        - {name: https, port: 443, targetPort: 8443, protocol: TCP}
        - {name: dns, port: 53, protocol: UDP}
      ---
      """;

  private static String gateway(String name, String spec) {
    return "---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: " + name
        + ", namespace: default}\nspec:\n" + spec.indent(2);
  }

  @Test
  void selectorMatchingNoPodPointsAtTheSelector() {
    String yaml = INGRESS + gateway("gw", """
        selector:
          istio: egressgateway
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
        """);
    assertEquals(List.of("Error [IST0101] (Gateway default/gw test.yaml:22) Referenced selector not found: "
        + "\"istio=egressgateway\""), lines(new GwIngressGatewayPortAnalyzer(), files(yaml)));
  }

  @Test
  void serverPortNotOnTheGatewayService() {
    String yaml = INGRESS + gateway("gw", """
        selector: {istio: ingressgateway}
        servers:
        - {port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}
        - {port: {number: 8443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: PASSTHROUGH}}
        - {port: {number: 53, name: dns, protocol: TCP}, hosts: ["*"]}
        - {port: {number: 9000, name: tcp, protocol: TCP}, hosts: ["*"]}
        """);
    assertEquals(List.of(
        "Warning [IST0162] (Gateway default/gw) The gateway is listening on a target port (port 53) that is not "
            + "defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If "
            + "you need to access the gateway port through the gateway Service, it will not be available.",
        "Warning [IST0162] (Gateway default/gw) The gateway is listening on a target port (port 9000) that is not "
            + "defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If "
            + "you need to access the gateway port through the gateway Service, it will not be available."),
        lines(new GwIngressGatewayPortAnalyzer(), live(yaml)));
  }

  private static String secretGateway(String credential, String hosts) {
    return gateway("gw", """
        selector: {istio: ingressgateway}
        servers:
        - port: {number: 443, name: https, protocol: HTTPS}
          hosts: HOSTS
          tls:
            mode: SIMPLE
            credentialName: CRED
        """.replace("HOSTS", hosts).replace("CRED", credential));
  }

  @Test
  void credentialSecretMissingIsLookedUpInTheGatewayPodsNamespace() {
    // a secret of that name in the Gateway's own namespace does not count: the gateway pod reads its own
    String yaml = INGRESS + Fixture.tlsSecret("www", "default", List.of("www.example.com"), NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(90))) + secretGateway("www", "[www.example.com]");
    assertEquals(List.of("Error [IST0101] (Gateway default/gw test.yaml:36) Referenced credentialName not found: "
        + "\"www\""), lines(new GwSecretAnalyzer(), files(yaml)));
  }

  @Test
  void validCredentialInTheGatewayNamespaceOrNamedWithItsNamespace() {
    String secret = Fixture.tlsSecret("www", "istio-system", List.of("www.example.com"),
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));
    assertEquals(List.of(), lines(new GwSecretAnalyzer(), live(INGRESS + secret + secretGateway("www",
        "[www.example.com]"))));
    assertEquals(List.of(), lines(new GwSecretAnalyzer(), live(INGRESS + secret + secretGateway("istio-system/www",
        "[www.example.com]"))));
  }

  @Test
  void expiredOrIncompleteCredentialIsInvalid() {
    String expired = Fixture.tlsSecret("www", "istio-system", List.of("www.example.com"),
        NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10)));
    String invalid = "Error [IST0161] (Gateway default/gw) The credential referenced by the Gateway gw in namespace "
        + "istio-system is invalid, which can cause the traffic not to work as expected.";
    assertEquals(List.of(invalid), lines(new GwSecretAnalyzer(), live(INGRESS + expired + secretGateway("www",
        "[www.example.com]"))));
    String noKey = """
        apiVersion: v1
        kind: Secret
        metadata: {name: www, namespace: istio-system}
        type: Opaque
        stringData: {tls.crt: "not a certificate"}
        """;
    assertEquals(List.of(invalid), lines(new GwSecretAnalyzer(), live(INGRESS + noKey + secretGateway("www",
        "[www.example.com]"))));
  }

  @Test
  void meshctlSaysWhyTheCertificateFails() {
    String expired = Fixture.tlsSecret("www", "istio-system", List.of("www.example.com"),
        NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10)));
    List<String> found = lines(new GwCertificateHostAnalyzer(), live(INGRESS + expired
        + secretGateway("www", "[www.example.com, \"prod/blog.example.com\"]")));
    assertEquals(2, found.size());
    assertEquals("Error [MSH0002] (Gateway default/gw) The certificate in secret istio-system/www used by the Gateway "
        + "for hosts [www.example.com blog.example.com] expired on " + NOW.minus(Duration.ofDays(10)) + ": clients "
        + "fail the TLS handshake. Renew it (meshctl cert issue/upload).", found.get(0).replaceAll("\\.\\d+Z", "Z"));
    assertEquals("Error [MSH0003] (Gateway default/gw) The certificate in secret istio-system/www does not cover host "
        + "\"blog.example.com\" of the Gateway's server (its names: [www.example.com]): clients fail hostname "
        + "verification. Reissue it for that host.", found.get(1));
  }

  @Test
  void legacyFileMountedCertificateIsCheckedToo() {
    // Istio 1.3's gateway reads istio-ingressgateway-certs from a file mount, not from credentialName
    String www = Fixture.tlsSecret("istio-ingressgateway-certs", "istio-system", List.of("www.example.com"),
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    String gw = gateway("gw", """
        selector: {istio: ingressgateway}
        servers:
        - port: {number: 443, name: https, protocol: HTTPS}
          hosts: [blog.example.com]
          tls:
            mode: SIMPLE
            serverCertificate: /etc/istio/ingressgateway-certs/tls.crt
            privateKey: /etc/istio/ingressgateway-certs/tls.key
        """);
    assertEquals(List.of("Error [MSH0003] (Gateway default/gw) The certificate in secret "
        + "istio-system/istio-ingressgateway-certs does not cover host \"blog.example.com\" of the Gateway's server "
        + "(its names: [www.example.com]): clients fail hostname verification. Reissue it for that host."),
        lines(new GwCertificateHostAnalyzer(), live(INGRESS + www + gw)));
    // istioctl's SecretAnalyzer knows credentialName only
    assertEquals(List.of(), lines(new GwSecretAnalyzer(), live(INGRESS + www + gw)));
    assertEquals(List.of(), lines(new GwCertificateHostAnalyzer(), live(INGRESS + gw)));
  }

  @Test
  void certificateCoveringEveryHostByWildcardIsFine() {
    String ok = Fixture.tlsSecret("www", "istio-system", List.of("*.example.com"), NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)));
    assertEquals(List.of(), lines(new GwCertificateHostAnalyzer(), live(INGRESS + ok
        + secretGateway("www", "[www.example.com, \"*/blog.example.com\"]"))));
  }

  @Test
  void sameSelectorPortAndHostConflicts() {
    String yaml = INGRESS + gateway("a", """
        selector: {istio: ingressgateway}
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [www.example.com, api.example.com]}]
        """) + gateway("b", """
        selector: {istio: ingressgateway}
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [www.example.com]}]
        """);
    assertEquals(List.of(
        "Error [IST0145] (Gateway default/a) Conflict with gateways default/b (workload selector istio=ingressgateway, "
            + "port 80, hosts www.example.com,api.example.com).",
        "Error [IST0145] (Gateway default/b) Conflict with gateways default/a (workload selector istio=ingressgateway, "
            + "port 80, hosts www.example.com)."),
        lines(new GwConflictingGatewayAnalyzer(), live(yaml)));
  }

  @Test
  void otherPortsHostsBindsOrWildcardOverlapsDoNotConflict() {
    String yaml = INGRESS + gateway("a", """
        selector: {istio: ingressgateway}
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*.example.com"]}]
        """) + gateway("b", """
        selector: {istio: ingressgateway}
        servers:
        - {port: {number: 80, name: http, protocol: HTTP}, hosts: [www.example.com]}
        - {port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*.example.com"], tls: {mode: PASSTHROUGH}}
        """) + gateway("c", """
        selector: {istio: ingressgateway}
        servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [www.example.com], bind: 10.0.0.1}]
        """);
    assertEquals(List.of(), lines(new GwConflictingGatewayAnalyzer(), live(yaml)));
  }

  @Test
  void sameCredentialOnGatewaysOfTheSameWorkloads() {
    String yaml = INGRESS + secretGateway("www", "[a.example.com]")
        + secretGateway("www", "[b.example.com]").replace("name: gw,", "name: gw2,");
    assertEquals(List.of(
        "Warning [IST0138] (Gateway default/gw) Duplicate certificate in multiple gateways [default/gw default/gw2] "
            + "may cause 404s if clients re-use HTTP2 connections.",
        "Warning [IST0138] (Gateway default/gw2) Duplicate certificate in multiple gateways [default/gw2 default/gw] "
            + "may cause 404s if clients re-use HTTP2 connections."),
        lines(new GwCertificateAnalyzer(), live(yaml)));
    assertEquals(List.of(), lines(new GwCertificateAnalyzer(), live(INGRESS + secretGateway("www", "[a.example.com]")
        + secretGateway("api", "[b.example.com]").replace("name: gw,", "name: gw2,"))));
  }
}
