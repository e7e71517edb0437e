package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an analyzer sees: every object of the analysis (all namespaces: only the output is filtered
 * by {@code -n}), indexes shared between analyzers, and where messages go. One per run; not
 * thread-safe.
 */
public final class Context {

  private final MeshObjects objects;
  private final Instant now;
  private final List<Message> messages = new ArrayList<>();
  private final Map<String, Object> memo = new HashMap<>();
  private MeshSnapshot snapshot;

  public Context(MeshObjects objects, Instant now) {
    this.objects = objects;
    this.now = now;
  }

  public MeshObjects objects() {
    return objects;
  }

  /** The time certificates are judged at. */
  public Instant now() {
    return now;
  }

  public String istioNamespace() {
    return objects.istioNamespace();
  }

  /** Every object of a kind ({@link Kinds}), all namespaces. */
  public List<Resource> all(String kind) {
    return objects.all(kind);
  }

  /** The objects of a kind in one namespace. */
  public List<Resource> in(String kind, String namespace) {
    Map<String, List<Resource>> byNs = memo("ns:" + kind, k -> all(kind).stream()
        .collect(Collectors.groupingBy(Resource::namespace)));
    return byNs.getOrDefault(namespace, List.of());
  }

  /** One object by kind, namespace ("" for cluster-scoped kinds) and name. */
  public Optional<Resource> get(String kind, String namespace, String name) {
    Map<String, Resource> byName = memo("name:" + kind, k -> {
      Map<String, Resource> m = new HashMap<>();
      all(kind).forEach(r -> m.put(r.namespace() + "/" + r.name(), r));
      return m;
    });
    return Optional.ofNullable(byName.get(namespace + "/" + name));
  }

  /**
   * A value computed once per run and shared between analyzers (an index, a registry), keyed by a
   * name unique to the computing class.
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(String key, Function<String, T> compute) {
    Object v = memo.get(key);
    if (v == null) {
      v = compute.apply(key);
      memo.put(key, v);
    }
    return (T) v;
  }

  /** The mesh as tls-check and route see it, built from the same objects (for mTLS analyzers). */
  public MeshSnapshot snapshot() {
    if (snapshot == null) {
      SnapshotBuilder b = new SnapshotBuilder(objects.namespace(), objects.istioNamespace(), null);
      for (List<Resource> list : objects.byKind().values()) {
        for (Resource r : list) {
          b.add(r.tree());
        }
      }
      snapshot = b.build(!objects.live(), objects.apis());
    }
    return snapshot;
  }

  /** The mesh config ({@code data.mesh} of ConfigMap {@code istio} in the Istio namespace); an empty object when absent. */
  public JsonNode meshConfig() {
    return memo("meshConfig", k -> get(Kinds.CONFIG_MAP, istioNamespace(), "istio")
        .map(cm -> Manifests.text(cm.tree().path("data"), "mesh"))
        .filter(text -> !text.isBlank())
        .map(text -> {
          try {
            var docs = ManifestReader.parse(text, "ConfigMap " + istioNamespace() + "/istio data.mesh");
            return docs.isEmpty() || docs.get(0).isEmpty() ? null : docs.get(0).tree();
          } catch (RuntimeException e) {
            return null; // istioctl keeps the defaults when the mesh config does not parse
          }
        })
        .orElse(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
  }

  /** Reports a message on {@code on} (null: mesh-wide) pointing at {@code field} (null: the object). */
  public void report(Code code, Resource on, String field, Object... args) {
    messages.add(new Message(code, code.format(args), on, field));
  }

  public List<Message> messages() {
    return messages;
  }

  // ---- shared rules (analyze.md §8 conventions) ----------------------------------------------

  /** A Kubernetes equality selector: every pair must be in {@code labels}; an empty selector matches everything. */
  public static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** A selector as istioctl prints it: {@code k1=v1,k2=v2}, keys sorted; empty for an empty map. */
  public static String selectorString(Map<String, String> selector) {
    return new TreeMap<>(selector).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * A pod is in the mesh when it has an {@code istio-proxy} container with an image; else its
   * {@code sidecar.istio.io/inject} label, then annotation, decides; else its namespace's
   * {@code istio-injection=enabled}.
   */
  public boolean inMesh(Resource pod) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : pod.spec().path(list)) {
        if ("istio-proxy".equals(Manifests.text(c, "name")) && !Optional.ofNullable(Manifests.text(c, "image"))
            .orElse("").isEmpty()) {
          return true;
        }
      }
    }
    String inject = Optional.ofNullable(pod.label("sidecar.istio.io/inject"))
        .orElse(pod.annotation("sidecar.istio.io/inject"));
    if (inject != null) {
      return inject.equals("true");
    }
    return get(Kinds.NAMESPACE, "", pod.namespace())
        .map(ns -> "enabled".equals(ns.label("istio-injection"))).orElse(false);
  }

  /** Control-plane objects (label key {@code istio}, or {@code release=istio}) are skipped by some analyzers. */
  public static boolean controlPlane(Resource r) {
    Map<String, String> labels = r.labels();
    return labels.containsKey("istio") || "istio".equals(labels.get("release"));
  }
}
