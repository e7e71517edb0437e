package io.meshctl.core.inject;

import static io.meshctl.core.inject.Trees.array;
import static io.meshctl.core.inject.Trees.object;
import static io.meshctl.core.manifest.Manifests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.inject.ObjectReport.Action;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Offline sidecar injection over manifest documents: a pure transform of each document's tree, in
 * place, plus one {@link ObjectReport} per object. Documents without a pod template are left as the
 * same tree.
 *
 * <p>Kinds are matched by {@code kind} alone, as Istio does. The pod template is
 * {@code spec.template} for workloads, {@code spec.jobTemplate.spec.template} for CronJobs (the pod's
 * own annotations are read, which is what the webhook sees; istioctl reads the Job's), the object
 * itself for a Pod, and {@code v1 List} items are handled in place. Any other kind with
 * {@code spec.template.spec.containers} (Argo Rollout, …) is injected and reported as such.
 */
public final class InjectionService {

  /** Inject, or remove a previous injection. */
  public enum Mode {
    INJECT, UNINJECT
  }

  private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
      "ReplicationController", "DeploymentConfig");
  /** Istio never injects pods in these namespaces ({@code inject/initializer.go IgnoredNamespaces}). */
  private static final Set<String> IGNORED_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease",
      "local-path-storage");
  private static final String INJECT = "sidecar.istio.io/inject";

  private final Injector injector;
  private final Mode mode;
  private final Shape shape;
  private final boolean strict;

  /**
   * @param strict make a workload whose pod cannot get a sidecar (host networking, no pod template,
   *     no containers) an error instead of a report line; an explicit opt-out is never an error
   */
  public InjectionService(InjectionConfig config, Mode mode, Shape shape, boolean strict) {
    this.injector = new Injector(config);
    this.mode = mode;
    this.shape = shape;
    this.strict = strict;
  }

  /** Transforms the document's tree in place and reports each object in it (List items each). */
  public List<ObjectReport> process(Document doc) {
    List<ObjectReport> reports = new ArrayList<>();
    if (doc.isEmpty()) {
      return reports;
    }
    if (!doc.isObject()) {
      reports.add(new ObjectReport(doc.source(), null, null, null, Action.PASSED_THROUGH, "not a Kubernetes object", List.of()));
      return reports;
    }
    // An anonymous class, not a lambda: it is loaded from the jar (and the CDS archive) rather than
    // spun at run time, a cost every CLI run pays (bench/startup).
    Manifests.forEachObject(doc.tree(), new Consumer<JsonNode>() {
      @Override
      public void accept(JsonNode o) {
        reports.add(processObject((ObjectNode) o, doc.source()));
      }
    });
    return reports;
  }

  private ObjectReport processObject(ObjectNode o, Source source) {
    String kind = text(o, "kind");
    String name = text(object(o, "metadata"), "name");
    String namespace = text(object(o, "metadata"), "namespace");
    if (name == null && "Pod".equals(kind)) {
      name = generatedName(o);
    }
    Report r = new Report(source, kind, name, namespace);
    ObjectNode spec = object(o, "spec");
    ObjectNode pod;
    String note = null;
    if ("Pod".equals(kind)) {
      pod = o;
    } else if ("CronJob".equals(kind)) {
      pod = object(object(object(spec, "jobTemplate"), "spec"), "template");
      if (pod == null) {
        return r.cannot(Action.NOT_INJECTED, "no pod template at spec.jobTemplate.spec.template");
      }
    } else if (kind != null && TEMPLATE_KINDS.contains(kind)) {
      pod = object(spec, "template");
      if (pod == null) {
        return r.cannot(Action.NOT_INJECTED, "no pod template at spec.template");
      }
    } else if (array(object(object(spec, "template"), "spec"), "containers") != null) {
      pod = object(spec, "template");
      note = "pod template of " + (kind == null ? "an object without kind" : kind) + ", not a built-in workload kind";
    } else {
      return r.of(Action.PASSED_THROUGH, null);
    }
    ObjectNode podSpec = object(pod, "spec");
    if (podSpec == null || array(podSpec, "containers") == null || array(podSpec, "containers").isEmpty()) {
      return r.cannot(Action.NOT_INJECTED, "the pod template has no containers");
    }
    String where = source + ": " + r.object();

    if (mode == Mode.UNINJECT) {
      if (!Uninjector.isInjected(pod)) {
        return r.of(Action.NOTHING_TO_REMOVE, note);
      }
      Uninjector.uninject(pod, where);
      return r.of(Action.UNINJECTED, note);
    }

    if (podSpec.path("hostNetwork").asBoolean(false)) {
      return r.cannot(Action.SKIPPED, "host networking enabled");
    }
    ObjectNode podMeta = object(pod, "metadata");
    String label = text(object(podMeta, "labels"), INJECT);
    String annotation = text(object(podMeta, "annotations"), INJECT);
    String optOut = label != null ? label : annotation;
    List<String> warnings = new ArrayList<>();
    if ("false".equals(optOut)) {
      return r.of(Action.SKIPPED, "sidecar injection disabled by " + (label != null ? "label " : "annotation ") + INJECT + "=false");
    } else if (optOut != null && !optOut.equals("true")) {
      warnings.add((label != null ? "label " : "annotation ") + INJECT + "='" + optOut
          + "' is neither true nor false; injecting, as Istio does");
    }
    // The pod's own namespace decides, as in istioctl: a Deployment's template rarely sets one.
    String podNamespace = "Pod".equals(kind) ? namespace : text(podMeta, "namespace");
    if (podNamespace != null && IGNORED_NAMESPACES.contains(podNamespace)) {
      return r.cannot(Action.SKIPPED, "Istio never injects pods in namespace " + podNamespace);
    }

    String apiVersion = text(o, "apiVersion");
    Injector.Workload w = new Injector.Workload(kind == null ? "" : kind, apiVersion == null ? "v1" : apiVersion,
        name == null ? "" : name, namespace);
    Action action = Action.INJECTED;
    if (Uninjector.isInjected(pod)) {
      // Re-injection: strip what the status records, inject afresh; identical means nothing to do.
      ObjectNode fresh = pod.deepCopy();
      Uninjector.uninject(fresh, where);
      warnings.addAll(injector.inject(fresh, w, shape, where));
      if (fresh.equals(pod)) {
        return r.of(Action.ALREADY_INJECTED, note, warnings);
      }
      pod.removeAll();
      pod.setAll(fresh);
      action = Action.REINJECTED;
    } else {
      warnings.addAll(injector.inject(pod, w, shape, where));
    }
    if (("Job".equals(kind) || "CronJob".equals(kind)) && Trees.findNamed(array(object(pod, "spec"), "containers"), Injector.PROXY) != null) {
      warnings.add("istio-proxy is a regular container here, so the Job's pod never completes; "
          + "use --native-sidecar (Kubernetes 1.29+) or annotation sidecar.istio.io/nativeSidecar: \"true\"");
    }
    return r.of(action, note, warnings);
  }

  /** A Pod created from generateName has no name; Istio names its workload after the owner. */
  private static String generatedName(ObjectNode pod) {
    String g = text(object(pod, "metadata"), "generateName");
    return g == null ? null : g.replaceAll("-+$", "");
  }

  private final class Report {
    private final Source source;
    private final String kind;
    private final String name;
    private final String namespace;

    Report(Source source, String kind, String name, String namespace) {
      this.source = source;
      this.kind = kind;
      this.name = name;
      this.namespace = namespace;
    }

    String object() {
      return Manifests.describe(kind, name, namespace);
    }

    ObjectReport of(Action action, String detail) {
      return of(action, detail, List.of());
    }

    ObjectReport of(Action action, String detail, List<String> warnings) {
      return new ObjectReport(source, kind, name, namespace, action, detail, List.copyOf(warnings));
    }

    /**
     * A workload that cannot get a sidecar: reported as {@code action} (when uninjecting, as nothing
     * to remove), or with --strict an error.
     */
    ObjectReport cannot(Action action, String reason) {
      if (strict && mode == Mode.INJECT) {
        throw new MeshctlException.InvalidInput(source + ": " + object() + ": cannot be injected: " + reason
            + " (--strict; drop --strict to pass it through unchanged)");
      }
      return of(mode == Mode.INJECT ? action : Action.NOTHING_TO_REMOVE, reason);
    }
  }
}
