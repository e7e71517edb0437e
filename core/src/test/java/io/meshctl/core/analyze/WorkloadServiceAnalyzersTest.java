package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** service.PortNameAnalyzer, deployment.MultiServiceAnalyzer, applicationUID.Analyzer. */
class WorkloadServiceAnalyzersTest {

  private static String service(String name, String extraSpec, String ports) {
    return "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + ", namespace: shop}\nspec:\n"
        + (extraSpec == null ? "" : extraSpec) + "  ports:\n" + ports + "---\n";
  }

  @Test
  void portNamesWithoutProtocol() {
    String yaml = service("web", null, """
          - {name: web, port: 8080, targetPort: 80}
          - {port: 9000}
          - {name: http-api, port: 80}
          - {name: GRPC-web-x, port: 81}
          - {name: anything, port: 82, appProtocol: http2}
          - {name: dns, port: 53}
          - {name: mysql-like, port: 3306}
          - {name: q, port: 84, protocol: UDP}
          - {name: bad-app, port: 85, appProtocol: custom}
        """);
    // sorted as istioctl sorts: by the rendered line, so ":14" before ":6"
    assertEquals(List.of(
        "Info [IST0118] (Service shop/web test.yaml:14) Port name bad-app (port: 85, targetPort: 0) doesn't follow the "
            + "naming convention of Istio port.",
        "Info [IST0118] (Service shop/web test.yaml:6) Port name web (port: 8080, targetPort: 80) doesn't follow the "
            + "naming convention of Istio port.",
        "Info [IST0118] (Service shop/web test.yaml:7) Port name  (port: 9000, targetPort: 0) doesn't follow the "
            + "naming convention of Istio port."),
        Fixture.lines(new PortNameAnalyzer(), Fixture.files(yaml)));
  }

  @Test
  void externalNamePorts() {
    String yaml = service("ext", "  type: ExternalName\n  externalName: example.com\n", """
          - {name: tcp, port: 5000}
          - {name: https, port: 443}
        """);
    assertEquals(List.of("Warning [IST0150] (Service shop/ext) Port name for ExternalName service is invalid. Proxy may "
        + "prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly"),
        Fixture.lines(new PortNameAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void controlPlaneServicesAreSkipped() {
    String yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: istiod, namespace: istio-system, labels: {istio: pilot}}\n"
        + "spec:\n  ports: [{name: grpc-xds, port: 15010}, {name: webhook, port: 443}]\n";
    assertEquals(List.of(), Fixture.lines(new PortNameAnalyzer(), Fixture.live(yaml)));
  }

  private static final String DEPLOYMENT = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {istio-injection: enabled}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec:
        template:
          metadata: {labels: {app: cart}}
          spec: {containers: [{name: cart, image: cart}]}
      ---
      """;

  @Test
  void onePortTwoProtocols() {
    String yaml = DEPLOYMENT + "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n"
        + "spec: {selector: {app: cart}, ports: [{name: http, port: 80}]}\n---\n"
        + "apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: shop}\n"
        + "spec: {selector: {app: cart}, ports: [{name: udp, port: 80, protocol: UDP}]}\n";
    assertEquals(List.of("Warning [IST0116] (Deployment shop/cart) This deployment cart is associated with multiple "
        + "services using port 80 but different protocols: [shop/a shop/b]"),
        Fixture.lines(new MultiServiceAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void oneTargetPortTwoPorts() {
    String yaml = DEPLOYMENT + "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n"
        + "spec: {selector: {app: cart}, ports: [{name: http, port: 80, targetPort: 8080}]}\n---\n"
        + "apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: shop}\n"
        + "spec: {selector: {app: cart}, ports: [{name: http, port: 8080}]}\n";
    assertEquals(List.of("Warning [IST0137] (Deployment shop/cart) This deployment cart is associated with multiple "
        + "services [shop/a shop/b] using targetPort \"8080\" but different ports: [80 8080]."),
        Fixture.lines(new MultiServiceAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void samePortsAcrossServicesOrOutsideTheMeshAreFine() {
    String same = DEPLOYMENT + "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n"
        + "spec: {selector: {app: cart}, ports: [{name: http, port: 80, protocol: TCP}]}\n---\n"
        + "apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: shop}\n"
        + "spec: {selector: {app: cart}, ports: [{name: http, port: 80}]}\n";
    assertEquals(List.of(), Fixture.lines(new MultiServiceAnalyzer(), Fixture.live(same)));
    String outside = same.replace("istio-injection: enabled", "istio-injection: disabled")
        .replace("protocol: TCP", "protocol: UDP");
    assertEquals(List.of(), Fixture.lines(new MultiServiceAnalyzer(), Fixture.live(outside)));
  }

  @Test
  void uid1337() {
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          securityContext: {runAsUser: 1337}
          containers: [{name: app, image: app}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d, namespace: shop}
        spec:
          template:
            spec:
              containers:
              - {name: app, image: app, securityContext: {runAsUser: 1337}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: shop}
        spec:
          securityContext: {runAsUser: 1000}
          initContainers: [{name: init, image: i, securityContext: {runAsUser: 1337}}]
          containers:
          - {name: app, image: app}
          - {name: istio-proxy, image: proxyv2, securityContext: {runAsUser: 1337}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: gw, namespace: istio-system, labels: {istio: ingressgateway}}
        spec:
          securityContext: {runAsUser: 1337}
          containers: [{name: istio-proxy, image: proxyv2}]
        """;
    assertEquals(List.of(
        "Warning [IST0144] (Deployment shop/d test.yaml:15) User ID (UID) 1337 is reserved for the sidecar proxy.",
        "Warning [IST0144] (Pod shop/p test.yaml:5) User ID (UID) 1337 is reserved for the sidecar proxy."),
        Fixture.lines(new ApplicationUidAnalyzer(), Fixture.files(yaml)));
  }
}
