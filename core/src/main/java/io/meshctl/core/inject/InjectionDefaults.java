package io.meshctl.core.inject;

/**
 * meshctl's bundled injection defaults, in the shape of an {@code --injection-config} file. A text
 * block rather than a resource in the jar: opening a resource starts the jar: URL machinery, a few
 * milliseconds of every {@code inject}, and inject is run hundreds of times by scripts.
 */
final class InjectionDefaults {

  static final String YAML = """
      # meshctl's bundled injection defaults: what `meshctl inject` uses with no cluster and no
      # --injection-config. The values are Istio's (values.yaml global.proxy.*, MeshConfig defaults; see
      # the reference's Appendix A). An --injection-config file has this same shape; any key it sets
      # replaces the one here, nested maps are merged.
      hub: docker.io/istio
      tag: 1.27.0
      proxyImage: proxyv2          # image name under hub; --proxy-image sets the full reference instead
      initImage: proxyv2           # the classic and native shapes run istio-iptables from the proxy image
      revision: default
      istioNamespace: istio-system
      clusterDomain: cluster.local
      trustDomain: cluster.local
      clusterName: Kubernetes
      pilotCertProvider: istiod
      interceptionMode: REDIRECT
      proxyListenPort: 15001
      proxyInboundListenPort: 15006
      proxyUID: 1337
      statusPort: 15020
      includeIPRanges: "*"
      excludeIPRanges: ""
      includeInboundPorts: "*"
      excludeInboundPorts: ""
      includeOutboundPorts: ""
      excludeOutboundPorts: ""
      logLevel: warning
      componentLogLevel: misc:error
      agentLogLevel: default:info
      privileged: false
      holdApplicationUntilProxyStarts: false
      rewriteAppHTTPProbe: true
      enablePrometheusMerge: true
      readiness:
        initialDelaySeconds: 0
        periodSeconds: 15
        failureThreshold: 4
      startupProbe:
        enabled: true
        failureThreshold: 600
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
        limits:
          cpu: 2000m
          memory: 1024Mi
      tokenAudience: istio-ca
      # The Istio 1.3 shape (--legacy-shape), as the seed article ran it.
      legacy:
        tag: 1.3.0
        initImage: proxy_init
        discoveryAddress: istio-pilot.istio-system:15010
        initResources:
          requests:
            cpu: 10m
            memory: 10Mi
          limits:
            cpu: 100m
            memory: 50Mi
      """;

  private InjectionDefaults() {
  }
}
