package io.meshctl.core.inject;

import static io.meshctl.core.inject.Trees.array;
import static io.meshctl.core.inject.Trees.object;
import static io.meshctl.core.manifest.Manifests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.TreeCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes a sidecar from one pod, in place, by what its {@code sidecar.istio.io/status} annotation
 * records, and restores what injection rewrote: application probes from
 * {@code ISTIO_KUBE_APP_PROBERS}, {@code prometheus.io/*} annotations from
 * {@code ISTIO_PROMETHEUS_ANNOTATIONS}. For meshctl's own output this is the exact inverse of
 * {@link Injector}. A pod injected by istioctl has no record of the labels and annotations added, so
 * Istio's well-known ones are removed instead.
 */
final class Uninjector {

  private static final List<String> ISTIO_LABELS = List.of("security.istio.io/tlsMode", "service.istio.io/canonical-name",
      "service.istio.io/canonical-revision");
  /** The containers Istio's built-in templates define; any other name a status lists is an app container. */
  private static final List<String> TEMPLATE_CONTAINERS = List.of(Injector.PROXY, Injector.INIT, "istio-validation",
      Injector.GRPC_BOOTSTRAP_INIT);
  private static final List<String> ISTIO_ANNOTATIONS = List.of("istio.io/rev", "prometheus.io/scrape", "prometheus.io/port",
      "prometheus.io/path");

  private Uninjector() {
  }

  /** True when the pod carries a status annotation, i.e. it was injected. */
  static boolean isInjected(JsonNode pod) {
    return text(object(object(pod, "metadata"), "annotations"), Injector.STATUS) != null;
  }

  /** Uninjects {@code pod} in place; it must carry the status annotation. */
  static void uninject(ObjectNode pod, String where) {
    ObjectNode meta = object(pod, "metadata");
    ObjectNode annotations = object(meta, "annotations");
    ObjectNode labels = object(meta, "labels");
    ObjectNode spec = object(pod, "spec");
    String raw = text(annotations, Injector.STATUS);
    JsonNode status;
    try {
      status = TreeCodec.parseJson(raw);
    } catch (IOException e) {
      status = null;
    }
    if (!(status instanceof ObjectNode)) {
      throw new MeshctlException.InvalidInput(where + ": annotation '" + Injector.STATUS + "' is not the JSON object "
          + "injection writes; remove the sidecar by hand or restore the annotation");
    }
    ArrayNode containers = spec == null ? null : array(spec, "containers");
    ArrayNode inits = spec == null ? null : array(spec, "initContainers");
    ObjectNode proxy = Trees.findNamed(containers, Injector.PROXY);
    if (proxy == null) {
      proxy = Trees.findNamed(inits, Injector.PROXY);
    }
    // meshctl's record of what Istio's status does not say; injections before it kept that in the status itself
    ObjectNode record = status.deepCopy();
    String recorded = text(annotations, Injector.RECORD);
    if (recorded != null) {
      try {
        if (TreeCodec.parseJson(recorded) instanceof ObjectNode r) {
          record = r;
        }
      } catch (IOException e) {
        throw new MeshctlException.InvalidInput(where + ": annotation '" + Injector.RECORD + "' is not the JSON object "
            + "injection writes; remove it to uninject by Istio's status alone");
      }
    }
    ObjectNode probers = parseEnv(proxy, Injector.PROBERS);
    ObjectNode prometheus = parseEnv(proxy, Injector.PROM_ENV);

    // Names may be listed under either list: a pod injected in one shape and read in another.
    Set<String> injected = new java.util.HashSet<>(names(status.get("containers")));
    injected.addAll(names(status.get("initContainers")));
    // The status also lists the app containers a gRPC template added env to: they are the user's and
    // stay; only what the templates brought goes. meshctl's record names them (its "app" entries); a pod
    // Istio injected has no record, so the templates' own containers are known by name and what they
    // added to the apps by what they write.
    ObjectNode apps = object(record, "app");
    if (apps != null) {
      for (Iterator<String> it = apps.fieldNames(); it.hasNext(); ) {
        injected.remove(it.next());
      }
    }
    if (recorded == null && grpcTemplates(annotations)) {
      injected.retainAll(TEMPLATE_CONTAINERS);
      record.set("app", Injector.grpcAppRecord(containers));
    }
    Trees.removeNamed(containers, injected);
    Trees.removeNamed(inits, injected);
    Trees.removeNamed(spec == null ? null : array(spec, "volumes"), names(status.get("volumes")));
    Trees.removeNamed(spec == null ? null : array(spec, "imagePullSecrets"), names(status.get("imagePullSecrets")));

    reinsertOverrides(spec, record.get("overrides"));
    removeFromApps(containers, object(record, "app"));
    if (probers != null && spec != null) {
      restoreProbes(spec, probers, object(record, "probePorts"));
    }
    boolean hasRecord = record.has("annotations");
    List<String> addedAnnotations = hasRecord ? names(record.get("annotations")) : ISTIO_ANNOTATIONS;
    List<String> addedLabels = hasRecord ? names(record.get("labels")) : ISTIO_LABELS;
    if (annotations != null) {
      annotations.remove(Injector.STATUS);
      annotations.remove(Injector.RECORD);
      annotations.remove(addedAnnotations);
      ObjectNode replaced = object(record, "replaced");
      if (replaced != null) {
        annotations.setAll(replaced);
      }
      if (prometheus != null) {
        // Plain loops here too (see Injector): re-injection runs this class on the inject path.
        for (Iterator<Map.Entry<String, JsonNode>> it = prometheus.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          annotations.set("prometheus.io/" + e.getKey(), e.getValue());
        }
      }
    }
    if (labels != null) {
      labels.remove(addedLabels);
    }
    // Fields injection created are removed again once empty; a user's own empty field stays.
    List<String> created = names(record.get("created"));
    for (String field : List.of("initContainers", "volumes", "imagePullSecrets")) {
      if (created.contains(field) && spec != null && array(spec, field) != null && array(spec, field).isEmpty()) {
        spec.remove(field);
      }
    }
    for (String field : List.of("labels", "annotations")) {
      if (created.contains(field) && meta != null && object(meta, field) != null && object(meta, field).isEmpty()) {
        meta.remove(field);
      }
    }
    if (created.contains("metadata") && meta != null && meta.isEmpty()) {
      pod.remove("metadata");
    }
  }

  /** The user's own istio-proxy/istio-init, back where they were (recorded in ascending index order). */
  private static void reinsertOverrides(ObjectNode spec, JsonNode overrides) {
    if (spec == null || overrides == null || !overrides.isArray()) {
      return;
    }
    for (JsonNode o : overrides) {
      String list = text(o, "list");
      if (list == null || !(o.get("container") instanceof ObjectNode container)) {
        continue;
      }
      ArrayNode a = array(spec, list);
      if (a == null) {
        a = spec.putArray(list);
      }
      a.insert(Math.min(o.path("index").asInt(), a.size()), container);
    }
  }

  private static boolean grpcTemplates(ObjectNode annotations) {
    String templates = text(annotations, Injector.TEMPLATES);
    return templates != null && (templates.contains("grpc-agent") || templates.contains("grpc-simple"));
  }

  /** The env and mounts a gRPC template added to each app container (by name and by mount path). */
  private static void removeFromApps(ArrayNode containers, ObjectNode app) {
    if (containers == null || app == null) {
      return;
    }
    for (JsonNode c : containers) {
      ObjectNode r = object(app, text(c, "name"));
      if (r == null || !(c instanceof ObjectNode container)) {
        continue;
      }
      Trees.removeNamed(array(container, "env"), names(r.get("env")));
      ArrayNode mounts = array(container, "volumeMounts");
      List<String> paths = names(r.get("volumeMounts"));
      if (mounts != null) {
        for (int i = mounts.size() - 1; i >= 0; i--) {
          if (paths.contains(text(mounts.get(i), "mountPath"))) {
            mounts.remove(i);
          }
        }
      }
      for (String field : names(r.get("created"))) {
        if (array(container, field) != null && array(container, field).isEmpty()) {
          container.remove(field);
        }
      }
    }
  }

  private static ObjectNode parseEnv(ObjectNode container, String name) {
    ArrayNode env = array(container, "env");
    ObjectNode e = Trees.findNamed(env, name);
    String value = text(e, "value");
    if (value == null) {
      return null;
    }
    try {
      return TreeCodec.parseJson(value) instanceof ObjectNode o ? o : null;
    } catch (IOException ex) {
      return null;
    }
  }

  private static void restoreProbes(ObjectNode spec, ObjectNode probers, ObjectNode probePorts) {
    for (Injector.Handler h : Injector.handlers(spec, List.of("containers", "initContainers"))) {
      restore(h.handler(), h.path(), probers, probePorts);
    }
  }

  private static void restore(ObjectNode handler, String path, ObjectNode probers, ObjectNode probePorts) {
    ObjectNode http = object(handler, "httpGet");
    ObjectNode prober = object(probers, path);
    if (http == null || prober == null || !path.equals(text(http, "path"))) {
      return;
    }
    String type = Injector.actionType(prober);
    if (type == null) {
      return;
    }
    ObjectNode original = (ObjectNode) prober.get(type);
    String namedPort = text(probePorts, path);
    if (namedPort != null) {
      original.put("port", namedPort);
    }
    Trees.replaceKey(handler, "httpGet", type, original);
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode n : list) {
        out.add(n.asText());
      }
    }
    return out;
  }
}
