package io.meshctl.core.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API server knows of one pod's data plane: its workload, READY as kubectl counts it, and
 * the {@code istio-proxy} container (classic: a regular container; native: an init container with
 * {@code restartPolicy: Always}) with its image, state and restarts. Read from the Pod object and
 * its {@code status}; nothing here asks istiod.
 *
 * @param workload {@code Deployment/wordpress} from the owner references, or null for a bare pod
 * @param ready containers ready, as kubectl's READY numerator (native sidecars count as containers)
 * @param total containers, as kubectl's READY denominator
 * @param phase {@code status.phase}, null when the pod carries no status
 * @param proxy the sidecar, or null when the pod has none
 */
public record PodFacts(String name, String namespace, String workload, Map<String, String> labels,
    Map<String, String> annotations, String phase, int ready, int total, boolean hostNetwork, Proxy proxy) {

  public static final String PROXY_CONTAINER = "istio-proxy";
  static final String STATUS_ANNOTATION = "sidecar.istio.io/status";
  static final String REV = "istio.io/rev";

  /**
   * The sidecar as it runs.
   *
   * @param nativeSidecar an init container with {@code restartPolicy: Always} (Kubernetes native sidecar)
   * @param version the image tag without a digest (e.g. {@code 1.27.0}), null when the image has none
   * @param revision the control-plane revision that injected it, null when the pod does not say (Istio 1.x before revisions)
   * @param state {@code Running}, a waiting reason ({@code CrashLoopBackOff}), {@code Terminated:<reason>}, or null without status
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"image", "version", "revision", "nativeSidecar", "ready", "state", "restarts"})
  public record Proxy(String image, String version, String revision, boolean nativeSidecar, boolean ready,
      String state, int restarts) {
  }

  /** {@code name.namespace}, istioctl's proxy id. */
  public String id() {
    return name + "." + namespace;
  }

  public String readyText() {
    return ready + "/" + total;
  }

  public static PodFacts of(JsonNode pod) {
    JsonNode meta = pod.path("metadata");
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    Map<String, String> labels = MeshSnapshot.stringMap(meta.path("labels"));
    Map<String, String> annotations = MeshSnapshot.stringMap(meta.path("annotations"));
    int total = spec.path("containers").size();
    int ready = count(status.path("containerStatuses"), null);
    for (JsonNode c : spec.path("initContainers")) {
      if ("Always".equals(Manifests.text(c, "restartPolicy"))) {
        total++;
        ready += count(status.path("initContainerStatuses"), Manifests.text(c, "name"));
      }
    }
    Proxy proxy = null;
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode c : spec.path(list)) {
        if (PROXY_CONTAINER.equals(Manifests.text(c, "name"))) {
          boolean isNative = list.equals("initContainers");
          JsonNode st = containerStatus(status.path(isNative ? "initContainerStatuses" : "containerStatuses"),
              PROXY_CONTAINER);
          String image = Manifests.text(c, "image");
          proxy = new Proxy(image, version(image), revision(labels, annotations), isNative,
              st != null && st.path("ready").asBoolean(false), st == null ? null : state(st.path("state")),
              st == null ? 0 : st.path("restartCount").asInt(0));
        }
      }
    }
    return new PodFacts(Manifests.text(meta, "name"),
        Optional.ofNullable(Manifests.text(meta, "namespace")).orElse("default"), workload(meta, labels), labels,
        annotations, Manifests.text(status, "phase"), ready, total, spec.path("hostNetwork").asBoolean(false), proxy);
  }

  /** Ready statuses: all of them, or only the named container's. */
  private static int count(JsonNode statuses, String name) {
    int n = 0;
    for (JsonNode s : statuses) {
      if ((name == null || name.equals(Manifests.text(s, "name"))) && s.path("ready").asBoolean(false)) {
        n++;
      }
    }
    return n;
  }

  private static JsonNode containerStatus(JsonNode statuses, String name) {
    for (JsonNode s : statuses) {
      if (name.equals(Manifests.text(s, "name"))) {
        return s;
      }
    }
    return null;
  }

  private static String state(JsonNode state) {
    if (state.has("running")) {
      return "Running";
    }
    if (state.has("waiting")) {
      return Optional.ofNullable(Manifests.text(state.get("waiting"), "reason")).orElse("Waiting");
    }
    if (state.has("terminated")) {
      return "Terminated:" + Optional.ofNullable(Manifests.text(state.get("terminated"), "reason")).orElse("?");
    }
    return null;
  }

  private static final Pattern TAG = Pattern.compile(":([^:/@]+)(@.*)?$");

  /** The tag of {@code hub/proxyv2:1.27.0[@sha256:...]}; null for an untagged or digest-only image. */
  public static String version(String image) {
    if (image == null) {
      return null;
    }
    String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    Matcher m = TAG.matcher(noDigest);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The injecting revision: Istio writes annotation {@code istio.io/rev} and the status annotation's
   * {@code revision} (1.6+); a pod label {@code istio.io/rev} asks for one. Istio 1.x before
   * revisions wrote neither.
   */
  static String revision(Map<String, String> labels, Map<String, String> annotations) {
    if (annotations.containsKey(REV)) {
      return annotations.get(REV);
    }
    String status = annotations.get(STATUS_ANNOTATION);
    if (status != null) {
      try {
        String r = Manifests.text(TreeCodec.parseJson(status), "revision");
        if (r != null && !r.isEmpty()) {
          return r;
        }
      } catch (JsonProcessingException e) {
        // a hand-written status annotation: no revision to learn from it
      }
    }
    return labels.get(REV);
  }

  /**
   * The controller as {@code Kind/name}: a ReplicaSet owned by a Deployment is named
   * {@code <deployment>-<pod-template-hash>}, so the Deployment is found without reading the
   * ReplicaSet; a Job named by a CronJob likewise keeps its own name.
   */
  static String workload(JsonNode meta, Map<String, String> labels) {
    for (JsonNode ref : meta.path("ownerReferences")) {
      if (!ref.path("controller").asBoolean(false) && meta.path("ownerReferences").size() > 1) {
        continue;
      }
      String kind = Manifests.text(ref, "kind");
      String name = Manifests.text(ref, "name");
      String hash = labels.get("pod-template-hash");
      if ("ReplicaSet".equals(kind) && name != null && hash != null && name.endsWith("-" + hash)) {
        return "Deployment/" + name.substring(0, name.length() - hash.length() - 1);
      }
      return kind + "/" + name;
    }
    return null;
  }
}
