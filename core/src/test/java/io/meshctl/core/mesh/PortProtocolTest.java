package io.meshctl.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Istio's protocol of a Service port: appProtocol over the name, as kube.ConvertProtocol decides. */
class PortProtocolTest {

  @ParameterizedTest(name = "name={0} protocol={1} appProtocol={2} port={3} -> {4}")
  @CsvSource(nullValues = "-", value = {
      // the name's prefix, case-insensitive, before the first '-'
      "http,        TCP, -,                   80,    HTTP,       port name http",
      "HTTP2-api,   TCP, -,                   8080,  HTTP2,      port name HTTP2-api",
      "grpc-web-ui, TCP, -,                   8080,  GRPC-Web,   port name grpc-web-ui",
      "tcp-mysql,   TCP, -,                   3306,  TCP,        port name tcp-mysql",
      // appProtocol takes precedence over the name
      "tcp-x,       TCP, http,                8080,  HTTP,       appProtocol http",
      "http,        TCP, grpc,                8080,  GRPC,       appProtocol grpc",
      "http,        TCP, tcp,                 8080,  TCP,        appProtocol tcp",
      "web,         TCP, https,               443,   HTTPS,      appProtocol https",
      "web,         TCP, kubernetes.io/h2c,   8080,  HTTP2,      appProtocol kubernetes.io/h2c",
      "web,         TCP, kubernetes.io/ws,    8080,  HTTP,       appProtocol kubernetes.io/ws",
      "web,         TCP, kubernetes.io/wss,   8443,  HTTPS,      appProtocol kubernetes.io/wss",
      // protocol UDP before anything
      "http-dns,    UDP, http,                53,    UDP,        protocol UDP",
      // well-known ports, then sniffing
      "smtp,        TCP, -,                   25,    TCP,        well-known port 25",
      "web,         TCP, -,                   8080,  -,          sniffed (port name web has no known protocol prefix)",
      "-,           TCP, -,                   8080,  -,          sniffed (unnamed port)",
      // an unknown appProtocol is not rescued by a good name: Istio reads the appProtocol alone
      "http,        TCP, example.com/custom,  8080,  -,          sniffed (appProtocol example.com/custom is not a protocol Istio knows)",
  })
  void appProtocolThenNameThenWellKnownPort(String name, String protocol, String appProtocol, int port, String expected,
      String from) {
    PortProtocol p = PortProtocol.of(name, protocol, appProtocol, port);
    assertThat(p.protocol()).isEqualTo(expected);
    assertThat(p.from()).isEqualTo(from);
    assertThat(p.supported()).isEqualTo(expected != null);
  }
}
