package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.Reporter;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.LabelSelector;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.core.mesh.PodPick;
import io.meshctl.core.mesh.PodTargets;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's pods a command's argument names, read as kubectl reads them and no more: a pod is
 * one get; a workload ({@code deploy/x}) one get of it and one list of pods by its
 * {@code spec.selector}, the first of them as {@code kubectl logs deploy/x} picks ({@link PodPick});
 * {@code -l} one list by the selector, in the namespace or (for {@code -A}) cluster-wide.
 */
public final class PodResolver {

  private PodResolver() {
  }

  /** The served type of a kind an argument names. */
  public static ResourceType type(ObjectRef.Kind kind) {
    return switch (kind) {
      case POD -> ResourceType.POD;
      case DEPLOYMENT -> new ResourceType("apps", "v1", "Deployment", "deployments", true);
      case STATEFULSET -> new ResourceType("apps", "v1", "StatefulSet", "statefulsets", true);
      case DAEMONSET -> new ResourceType("apps", "v1", "DaemonSet", "daemonsets", true);
      case REPLICASET -> new ResourceType("apps", "v1", "ReplicaSet", "replicasets", true);
      case JOB -> new ResourceType("batch", "v1", "Job", "jobs", true);
      default -> throw new IllegalArgumentException(kind + " runs no pods");
    };
  }

  /**
   * The pod {@code ref} names in {@code ref.namespace()}, else {@code namespace}; for a workload the
   * pod chosen is said on {@code reporter}. Not found (the pod, the workload, or a workload without
   * pods): 66 saying what was looked for and where.
   */
  public static ObjectNode resolve(Kube kube, ObjectRef ref, String namespace, Reporter reporter) {
    String ns = ref.namespaceOr(namespace);
    if (ref.kind() == ObjectRef.Kind.POD) {
      return kube.get(ResourceType.POD, ns, ref.name()).orElseThrow(() -> ref.notFound(ns,
          "check the name with 'kubectl get pods -n " + ns + "', or pass POD.NAMESPACE"));
    }
    ObjectNode workload = kube.get(type(ref.kind()), ns, ref.name()).orElseThrow(() -> ref.notFound(ns, null));
    LabelSelector selector = LabelSelector.of(workload.path("spec").get("selector"), ref.describe());
    List<ObjectNode> pods = kube.list(ResourceType.POD, ns, selector.toString());
    ObjectNode first = (ObjectNode) PodPick.first(pods);
    if (first == null) {
      throw new io.meshctl.core.MeshctlException.NotFound(ref.describe() + " in namespace \"" + ns + "\" has no pods "
          + "(none match its selector \"" + selector + "\"): wait for them to start, or check it with "
          + "'kubectl describe " + ref.kind().singular() + " " + ref.name() + " -n " + ns + "'");
    }
    long ready = pods.stream().filter(PodPick::ready).count();
    reporter.info(ref.describe() + ": using pod " + Manifests.text(first.path("metadata"), "name")
        + (pods.size() == 1 ? "" : " (of " + pods.size() + " pods, " + ready + " ready)")
        + (PodPick.ready(first) ? "" : "; it is not Ready"));
    return first;
  }

  /** Every pod {@code selector} selects in {@code namespace} (null: every namespace), by namespace and name; none is 66. */
  public static List<ObjectNode> select(Kube kube, LabelSelector selector, String namespace) {
    List<ObjectNode> pods = kube.list(ResourceType.POD, namespace, selector.toString()).stream()
        .sorted(Comparator.comparing((ObjectNode p) -> String.valueOf(Manifests.text(p.path("metadata"), "namespace")))
            .thenComparing(p -> String.valueOf(Manifests.text(p.path("metadata"), "name"))))
        .toList();
    if (pods.isEmpty()) {
      throw PodTargets.noMatch(selector, namespace, false);
    }
    return pods;
  }
}
