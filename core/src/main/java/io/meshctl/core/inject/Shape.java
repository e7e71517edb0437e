package io.meshctl.core.inject;

/** Where the proxy goes and what comes with it. */
public enum Shape {
  /** Istio's offline default: {@code istio-proxy} is the last regular container, {@code istio-init} runs iptables. */
  CLASSIC,
  /** Kubernetes native sidecar: {@code istio-proxy} is an init container with {@code restartPolicy: Always}. */
  NATIVE,
  /** Istio 1.0–1.3 as the seed article ran it: {@code proxy_init} with {@code -b} from container ports, the {@code istio-certs} secret. */
  ISTIO_1_3
}
