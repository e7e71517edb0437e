package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceEntryAnalyzersTest {

  private static String se(String name, String ns, String spec) {
    return "apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: " + name + ", namespace: " + ns
        + "}\nspec:\n" + spec + "---\n";
  }

  @Test
  void tcpPortWithoutAddresses() {
    String yaml = se("db", "shop", """
          hosts: [db.example.com]
          ports:
          - {number: 5432, name: pg, protocol: tcp}
          - {number: 443, name: https, protocol: HTTPS}
          - {number: 27017, name: mongo}
          resolution: DNS
        """);
    assertEquals(List.of(
        "Warning [IST0134] (ServiceEntry shop/db test.yaml:7) ServiceEntry addresses are required for this protocol.",
        "Warning [IST0134] (ServiceEntry shop/db test.yaml:9) ServiceEntry addresses are required for this protocol."),
        Fixture.lines(new ServiceEntryAddressesAnalyzer(), Fixture.files(yaml)));
  }

  @Test
  void addressesOrDnsAutoAllocationMakeItFine() {
    String withAddresses = se("db", "shop", "  hosts: [db.example.com]\n  addresses: [240.0.0.1]\n"
        + "  ports: [{number: 5432, name: pg, protocol: TCP}]\n");
    assertEquals(List.of(), Fixture.lines(new ServiceEntryAddressesAnalyzer(), Fixture.live(withAddresses)));
    String mesh = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n"
        + "  mesh: |\n    defaultConfig:\n      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: \"true\"\n"
        + "        ISTIO_META_DNS_AUTO_ALLOCATE: \"true\"\n---\n";
    String without = se("db", "shop", "  hosts: [db.example.com]\n  ports: [{number: 5432, name: pg, protocol: TCP}]\n");
    assertEquals(List.of(), Fixture.lines(new ServiceEntryAddressesAnalyzer(), Fixture.live(mesh + without)));
  }

  @Test
  void conflictingProtocols() {
    String yaml = se("a", "shop", "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n")
        + se("b", "other", "  hosts: [api.example.com]\n  ports: [{number: 443, name: tls, protocol: TLS}]\n")
        + se("c", "third", "  hosts: [api.example.com]\n  exportTo: [\".\"]\n"
            + "  ports: [{number: 443, name: https, protocol: https}]\n");
    assertEquals(List.of(
        "Warning [IST0177] (ServiceEntry shop/a) Multiple ServiceEntries (other/b, shop/a) define the same host "
            + "\"api.example.com\" and port 443 with conflicting protocols (HTTPS, TLS).",
        "Warning [IST0177] (ServiceEntry other/b) Multiple ServiceEntries (other/b, shop/a) define the same host "
            + "\"api.example.com\" and port 443 with conflicting protocols (HTTPS, TLS).",
        "Warning [IST0177] (ServiceEntry third/c) Multiple ServiceEntries (other/b, shop/a, third/c) define the same "
            + "host \"api.example.com\" and port 443 with conflicting protocols (HTTPS, TLS)."),
        Fixture.lines(new ConflictingServiceEntryProtocolAnalyzer(), Fixture.live(yaml)));
  }

  @Test
  void separateScopesOrSameProtocolAreFine() {
    String yaml = se("a", "shop", "  hosts: [api.example.com]\n  exportTo: [\".\"]\n"
        + "  ports: [{number: 443, name: https, protocol: HTTPS}]\n")
        + se("b", "other", "  hosts: [api.example.com]\n  exportTo: [\".\"]\n"
        + "  ports: [{number: 443, name: tls, protocol: TLS}]\n")
        + se("c", "third", "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n")
        + se("d", "third", "  hosts: [api.example.com]\n  ports: [{number: 8443, name: tls, protocol: TLS}]\n");
    // in "shop" a and the exported-everywhere c agree (HTTPS); in "other" b's TLS meets c's HTTPS: b and c, not a
    List<String> lines = Fixture.lines(new ConflictingServiceEntryProtocolAnalyzer(), Fixture.live(yaml));
    assertEquals(2, lines.size(), lines.toString());
    assertEquals(List.of(), Fixture.lines(new ConflictingServiceEntryProtocolAnalyzer(), Fixture.live(
        se("a", "shop", "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n")
        + se("b", "other", "  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: https}]\n"))));
  }
}
