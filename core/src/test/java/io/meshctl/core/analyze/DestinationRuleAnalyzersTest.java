package io.meshctl.core.analyze;

import static io.meshctl.core.analyze.Fixture.files;
import static io.meshctl.core.analyze.Fixture.lines;
import static io.meshctl.core.analyze.Fixture.live;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationRuleAnalyzersTest {

  private final DrCaCertificateAnalyzer ca = new DrCaCertificateAnalyzer();
  private final DrSubsetSelectPodAnalyzer subsets = new DrSubsetSelectPodAnalyzer();

  private static String dr(String spec) {
    return "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ext, namespace: default}\n"
        + "spec:\n" + spec.indent(2);
  }

  @Test
  void tlsOriginationWithoutCaCertificatesAtDestinationAndPortLevel() {
    String yaml = dr("""
        host: api.example.com
        trafficPolicy:
          tls: {mode: SIMPLE}
          portLevelSettings:
          - port: {number: 443}
            tls:
              mode: MUTUAL
              caCertificates: ""
        """);
    assertEquals(List.of(
        "Warning [IST0128] (DestinationRule default/ext test.yaml:1) DestinationRule default/ext in namespace default "
            + "has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: "
            + "api.example.com",
        "Warning [IST0129] (DestinationRule default/ext test.yaml:12) DestinationRule default/ext in namespace default "
            + "has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: "
            + "api.example.com at port number:443"),
        lines(ca, files(yaml)));
  }

  @Test
  void caCertificatesIstioMutualOrACredentialWithASelectorAreFine() {
    assertEquals(List.of(), lines(ca, live(dr("""
        host: a.example.com
        trafficPolicy:
          tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}
          portLevelSettings: [{port: {number: 80}, tls: {mode: ISTIO_MUTUAL}}]
        """))));
    assertEquals(List.of(), lines(ca, live(dr("""
        host: a.example.com
        workloadSelector: {matchLabels: {app: egress}}
        trafficPolicy:
          tls: {mode: MUTUAL, credentialName: client-cert}
        """))));
    // credentialName alone, without a workloadSelector, still verifies nothing
    assertEquals(1, lines(ca, live(dr("""
        host: a.example.com
        trafficPolicy:
          tls: {mode: MUTUAL, credentialName: client-cert}
        """))).size());
  }

  private static final String MESH = """
      apiVersion: v1
      kind: Service
      metadata: {name: reviews, namespace: default}
      spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: reviews-v1-1, namespace: default, labels: {app: reviews, version: v1}}
      spec: {nodeName: node-a, containers: [{name: app, image: reviews}]}
      ---
      apiVersion: v1
      kind: Node
      metadata: {name: node-a, labels: {topology.kubernetes.io/zone: z1}}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: vm, namespace: default}
      spec:
        hosts: [vm.example.com]
        ports: [{number: 80, name: http, protocol: HTTP}]
        workloadSelector: {labels: {app: vm}}
      """;

  @Test
  void subsetSelectingNoPod() {
    String yaml = MESH + "---\n" + dr("""
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v3, labels: {version: v3}}
        """);
    assertEquals(List.of("Error [IST0173] (DestinationRule default/ext) The Subset v3 defined in the DestinationRule "
        + "does not select any pods. Which may lead to 503 UH (NoHealthyUpstream)."), lines(subsets, live(yaml)));
  }

  @Test
  void subsetsByNodeTopologyOrWithoutLabelsSelectPods() {
    String yaml = MESH + "---\n" + dr("""
        host: reviews.default.svc.cluster.local
        subsets:
        - {name: zone, labels: {topology.kubernetes.io/zone: z1}}
        - {name: node, labels: {kubernetes.io/hostname: node-a}}
        - {name: any}
        """);
    assertEquals(List.of(), lines(subsets, live(yaml)));
  }

  @Test
  void serviceEntrySubsetsAddTheEntrysWorkloadSelector() {
    String yaml = MESH + "---\n" + dr("""
        host: vm.example.com
        subsets:
        - {name: v1, labels: {version: v1}}
        """);
    // the only version=v1 pod is app=reviews, not the entry's app=vm
    assertEquals(1, lines(subsets, live(yaml)).size());
  }

  @Test
  void ruleForAHostNoServiceHasIsReportedOnceWithoutSubsetChecks() {
    String yaml = MESH + "---\n" + dr("""
        host: ratings
        subsets: [{name: v9, labels: {version: v9}}]
        """);
    assertEquals(List.of("Warning [IST0174] (DestinationRule default/ext) The host ratings defined in the "
        + "DestinationRule does not match any services in the mesh."), lines(subsets, live(yaml)));
  }

  @Test
  void withoutPodsOrServicesTheSubsetAnalyzerDoesNotRun() {
    // files holding only Istio config: pods were not read, so "selects no pod" would be a guess
    String yaml = dr("""
        host: reviews
        subsets: [{name: v1, labels: {version: v1}}]
        """);
    assertEquals(List.of(), lines(subsets, files(yaml)));
  }
}
