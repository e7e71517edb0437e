package io.meshctl.core.route;

import java.util.List;

/**
 * A set-weight request as the user gave it. {@code virtualService} and {@code route} (name, index or
 * {@code http[i]}) pick among candidates and may be null; {@code hosts} and {@code gateways} shape a
 * VirtualService made with {@code create}.
 */
public record RouteRequest(String host, WeightSpec weights, String virtualService, String route, boolean create,
    List<String> hosts, List<String> gateways, boolean force) {

  public RouteRequest {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    gateways = gateways == null ? List.of() : List.copyOf(gateways);
  }
}
