package io.meshctl.core.describe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.meshctl.core.dataplane.PodFacts;
import java.util.List;

/**
 * {@code describe pod}: everything the mesh does to one pod, in the order a request meets it — the
 * sidecar, the Services that select the pod, the DestinationRules that apply, the VirtualServices
 * that route to it, the Gateways that expose it, the server-side mTLS and the tls-check verdict
 * per port, and the findings that concern it.
 *
 * @param notes facts about the pod's place in the mesh (no Service selects it); what could not be read is not
 *     here but in {@link DescribeInput#notes}, which the CLI says on stderr
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pod", "namespace", "workload", "phase", "ready", "sidecar", "services", "destinationRules",
    "virtualServices", "gateways", "mtls", "findings", "notes"})
public record PodDescription(String pod, String namespace, String workload, String phase, String ready,
    PodFacts.Proxy sidecar, List<ServiceView> services, List<RuleView> destinationRules,
    List<RouteView> virtualServices, List<GatewayView> gateways, List<MtlsView> mtls, List<Finding> findings,
    List<String> notes) {

  /** A Service that selects the pod. */
  public record ServiceView(String name, String host, List<PortView> ports) {
  }

  /**
   * A service port and the protocol Istio gives it.
   *
   * @param protocol as Istio names it (HTTP, HTTP2, GRPC, GRPC-Web, HTTPS, TLS, TCP, Mongo, Redis, MySQL, UDP),
   *     or null when Istio sniffs it; see {@link io.meshctl.core.mesh.PortProtocol}
   * @param detectedFrom how: {@code appProtocol kubernetes.io/h2c}, {@code port name http-web},
   *     {@code protocol UDP}, {@code well-known port 3306}, or why it is sniffed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PortView(String name, int port, String targetPort, String protocol, String detectedFrom) {
  }

  /**
   * The DestinationRule a client sidecar in the pod's namespace applies to a service of the pod.
   *
   * @param subsets the rule's subsets whose labels the pod carries (its traffic falls in these)
   * @param tlsMode the rule's {@code trafficPolicy.tls.mode}; null when it sets none (auto mTLS decides)
   * @param subsetTlsModes {@code subset=MODE} where one of {@code subsets} overrides it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleView(String name, String host, List<String> subsets, String tlsMode, List<String> subsetTlsModes) {
  }

  /**
   * One route destination of a VirtualService that sends traffic to the pod.
   *
   * @param route {@code http[0]}, {@code tcp[1]}, {@code tls[0]}
   * @param weight the destination's weight (a sole destination takes everything: 100)
   * @param share its fraction of the route, in percent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RouteView(String virtualService, List<String> hosts, List<String> gateways, String route,
      String destination, String subset, int weight, double share) {
  }

  /** A Gateway named by one of those VirtualServices, with its servers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GatewayView(String name, List<ServerView> servers, String note) {
  }

  /**
   * One server of the Gateway.
   *
   * @param secret {@code namespace/name} of the certificate's secret, for a TLS-terminating server
   * @param notAfter the leaf certificate's expiry, when the secret could be read
   * @param sans its DNS names and IP addresses
   * @param note why the certificate is not shown (secret missing, not readable, not a certificate)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServerView(String port, String protocol, List<String> hosts, String tlsMode, String credential,
      String secret, String notAfter, Long daysLeft, List<String> sans, String note) {
  }

  /**
   * The server side of one service port on this pod and the tls-check verdict for it, as seen by a
   * client sidecar in the pod's namespace (the pod's own sidecar).
   *
   * @param serverMode the mode the pod's sidecar enforces; {@code NO-SIDECAR} without one
   * @param subset set on a row for a DestinationRule subset with its own TLS settings
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MtlsView(String host, int port, String subset, String serverMode, String serverPolicy,
      String status, String client, String destinationRule, String reason, String fix) {
  }

  /**
   * Something wrong that concerns the pod, one line each.
   *
   * @param level {@code Error}, {@code Warning} or {@code Info}, as analyze prints them
   * @param source what found it: an analyzer's code ({@code IST0101}), {@code tls-check}, {@code sidecar}
   * @param origin the object an analyzer message is about ({@code VirtualService default/wordpress}); null for
   *     the pod's own findings
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Finding(String level, String source, String origin, String message) {
  }
}
