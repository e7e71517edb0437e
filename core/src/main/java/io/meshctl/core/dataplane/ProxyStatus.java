package io.meshctl.core.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code proxy-status} as the API server sees it: per pod with a sidecar, READY, the proxy
 * container's state and restarts, image, version, revision and shape. Pods without a sidecar are
 * listed apart. xDS sync state (SYNCED/STALE) lives in istiod and is not part of this report.
 */
public final class ProxyStatus {

  private ProxyStatus() {
  }

  /** One pod with a sidecar. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"pod", "namespace", "workload", "ready", "proxyState", "proxyReady", "restarts", "image",
      "version", "revision", "sidecar"})
  public record Row(String pod, String namespace, String workload, String ready, String proxyState,
      boolean proxyReady, int restarts, String image, String version, String revision, String sidecar) {
  }

  /** One pod without a sidecar. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"pod", "namespace", "workload", "ready", "phase"})
  public record Bare(String pod, String namespace, String workload, String ready, String phase) {
  }

  /**
   * @param withoutSidecar pods without a sidecar; null when not asked for ({@code --all} off): then only counted
   * @param withoutSidecarCount how many pods have no sidecar
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"proxies", "withoutSidecar", "withoutSidecarCount"})
  public record Report(List<Row> proxies, List<Bare> withoutSidecar, int withoutSidecarCount) {
  }

  /** Rows in namespace, then pod order; {@code all} lists the pods without a sidecar too. */
  public static Report of(List<? extends JsonNode> pods, boolean all) {
    List<PodFacts> facts = new ArrayList<>();
    pods.forEach(p -> facts.add(PodFacts.of(p)));
    facts.sort(Comparator.comparing(PodFacts::namespace).thenComparing(PodFacts::name));
    List<Row> rows = new ArrayList<>();
    List<Bare> bare = new ArrayList<>();
    for (PodFacts f : facts) {
      PodFacts.Proxy p = f.proxy();
      if (p == null) {
        bare.add(new Bare(f.name(), f.namespace(), f.workload(), f.readyText(), f.phase()));
        continue;
      }
      rows.add(new Row(f.name(), f.namespace(), f.workload(), f.readyText(), p.state() == null ? "Unknown" : p.state(),
          p.ready(), p.restarts(), p.image(), p.version(), p.revision(), p.nativeSidecar() ? "native" : "classic"));
    }
    return new Report(rows, all ? bare : null, bare.size());
  }
}
