package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MtlsConflictAnalyzerTest {

  private static final Analyzer A = new MtlsConflictAnalyzer();

  static String example(String... files) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String f : files) {
      b.append(Files.readString(Path.of("../docs/examples", f))).append("\n---\n");
    }
    return b.toString();
  }

  private static final String[] APP = {"wordpress/wordpress.yaml", "wordpress/wordpress-v2.yaml", "wordpress/mysql.yaml"};

  private static String[] with(String... more) {
    String[] all = new String[APP.length + more.length];
    System.arraycopy(APP, 0, all, 0, APP.length);
    System.arraycopy(more, 0, all, APP.length, more.length);
    return all;
  }

  @Test
  void articleConflictLegacyMeshPolicy() throws IOException {
    List<Message> m = Fixture.run(A, Fixture.files(example(with("mesh-legacy/mtls-meshpolicy.yaml",
        "mesh-legacy/istio-configmap.yaml", "mesh-legacy/wordpress-gateway.yaml", "mesh-legacy/destinationrule-mysql-disable.yaml"))));
    assertEquals(1, m.size(), m.toString());
    Message c = m.get(0);
    assertEquals("MSH0001", c.code().code);
    assertEquals(Level.ERROR, c.level());
    assertEquals("DestinationRule default/wordpress-mysql", c.origin());
    assertTrue(c.text().startsWith("mTLS conflict for wordpress-mysql.default.svc.cluster.local:3306: "
        + "DestinationRule default/wordpress-mysql sets DISABLE but MeshPolicy default requires mTLS"), c.text());
    assertTrue(c.text().contains("Fix: set tls.mode ISTIO_MUTUAL"), c.text());
  }

  @Test
  void articleConflictPeerAuthentication() throws IOException {
    List<String> lines = Fixture.lines(A, Fixture.files(example(with("mesh-current/mtls-peerauthentication.yaml",
        "mesh-current/istio-configmap.yaml", "mesh-current/destinationrule-mysql-disable.yaml"))));
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("Error [MSH0001] (DestinationRule default/wordpress-mysql test.yaml:"),
        lines.get(0));
    assertTrue(lines.get(0).contains("DestinationRule default/wordpress-mysql sets DISABLE but mesh-wide "
        + "PeerAuthentication istio-system/default sets STRICT"), lines.get(0));
  }

  @Test
  void fixedRuleIsNoConflict() throws IOException {
    assertEquals(List.of(), Fixture.lines(A, Fixture.files(example(with("mesh-current/mtls-peerauthentication.yaml",
        "mesh-current/istio-configmap.yaml", "mesh-current/destinationrule-mysql-mutual.yaml")))));
    assertEquals(List.of(), Fixture.lines(A, Fixture.files(example(with("mesh-legacy/mtls-meshpolicy.yaml",
        "mesh-legacy/istio-configmap.yaml", "mesh-legacy/wordpress-gateway.yaml", "mesh-legacy/destinationrule-mysql-mutual.yaml")))));
  }

  @Test
  void conflictWithoutRuleIsOnTheService() {
    // STRICT server, auto mTLS off, no DestinationRule: clients send plaintext
    String yaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: istio, namespace: istio-system}
        data:
          mesh: "enableAutoMtls: false"
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: STRICT}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: shop}
        spec:
          selector: {app: db}
          ports: [{name: tcp, port: 5432}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: db-1, namespace: shop, labels: {app: db}}
        spec: {containers: [{name: db, image: postgres}, {name: istio-proxy, image: proxyv2}]}
        """;
    List<Message> m = Fixture.run(A, Fixture.live(yaml));
    assertEquals(1, m.size(), m.toString());
    assertEquals("Service shop/db", m.get(0).origin());
  }

  @Test
  void invalidRuleLeavesTheRestJudged() throws IOException {
    String bad = """
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata: {name: broken, namespace: default}
        spec:
          host: wordpress
          trafficPolicy: {tls: {mode: SOMETIMES}}
        """;
    List<Message> m = Fixture.run(A, Fixture.files(example(with("mesh-current/mtls-peerauthentication.yaml",
        "mesh-current/istio-configmap.yaml", "mesh-current/destinationrule-mysql-disable.yaml")) + bad));
    assertEquals(1, m.size(), m.toString());
    assertEquals("DestinationRule default/wordpress-mysql", m.get(0).origin());
  }
}
