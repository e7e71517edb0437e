package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.Kube;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the proxy is a native sidecar, as Istio decides it with {@code ENABLE_NATIVE_SIDECARS=auto}
 * ({@code inject/webhook.go DetectNativeSidecar}): native when every node's kubelet is 1.33 or later.
 * The pod annotation {@code sidecar.istio.io/nativeSidecar} still wins, per pod.
 *
 * @param nativeShape the decision for pods without the annotation
 * @param reason why, for the report
 */
public record NativeSidecars(boolean nativeShape, String reason) {

  /** The first kubelet minor version Istio's "auto" injects native sidecars for. */
  static final int MIN_MINOR = 33;
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+).*");

  /** {@code --native-sidecar} or {@code --no-native-sidecar}. */
  public static NativeSidecars forced(boolean on) {
    return new NativeSidecars(on, (on ? "--native-sidecar" : "--no-native-sidecar") + " given");
  }

  /** Offline: {@code --kube-version X.Y} (null: not given) decides as the nodes would. */
  public static NativeSidecars offline(String kubeVersion) {
    if (kubeVersion == null) {
      return new NativeSidecars(false, "no cluster to ask, Istio's offline default; --kube-version 1.33 or --native-sidecar "
          + "for the shape Istio injects on Kubernetes 1.33+");
    }
    int[] v = parse(kubeVersion);
    if (v == null) {
      throw new MeshctlException.Usage("--kube-version " + kubeVersion + ": expected a Kubernetes version such as 1.33");
    }
    return decide(v, "--kube-version " + kubeVersion);
  }

  /**
   * Live: every node's kubelet. When the nodes cannot be listed (RBAC) or there are none, classic, as
   * Istio's webhook decides when its node informer is empty; the reason says so and how to choose.
   */
  public static NativeSidecars fromCluster(Kube kube) {
    List<String> kubelets = new ArrayList<>();
    try {
      Optional<JsonNode> nodes = kube.getPath("/api/v1/nodes");
      for (JsonNode n : nodes.map(x -> x.path("items")).orElse(io.meshctl.core.inject.Trees.F.arrayNode())) {
        kubelets.add(n.path("status").path("nodeInfo").path("kubeletVersion").asText(""));
      }
    } catch (MeshctlException.Forbidden e) {
      return new NativeSidecars(false, "listing nodes is forbidden, so their kubelets' versions are unknown; "
          + "--native-sidecar if they are 1.33+");
    }
    if (kubelets.isEmpty()) {
      return new NativeSidecars(false, "the cluster has no nodes to ask");
    }
    String oldest = null;
    int[] min = null;
    for (String k : kubelets) {
      int[] v = parse(k);
      if (v == null) {
        return new NativeSidecars(false, "a node's kubelet version '" + k + "' is not a version");
      }
      if (min == null || v[0] < min[0] || (v[0] == min[0] && v[1] < min[1])) {
        min = v;
        oldest = k;
      }
    }
    return decide(min, kubelets.size() == 1 ? "the node's kubelet is " + oldest
        : "the oldest of " + kubelets.size() + " nodes' kubelets is " + oldest);
  }

  private static NativeSidecars decide(int[] v, String why) {
    boolean on = v[0] > 1 || (v[0] == 1 && v[1] >= MIN_MINOR);
    return new NativeSidecars(on, why + (on ? " (1.33+)" : " (older than 1.33)"));
  }

  private static int[] parse(String version) {
    Matcher m = VERSION.matcher(version.trim());
    return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }
}
