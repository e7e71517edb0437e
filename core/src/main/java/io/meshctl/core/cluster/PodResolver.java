package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.Reporter;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.LabelSelector;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.core.mesh.PodPick;
import io.meshctl.core.mesh.PodTargets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The cluster's pods a command's argument names, read as kubectl reads them and no more: a pod is
 * one get; a workload ({@code deploy/x}) one get of it and one list of pods by its
 * {@code spec.selector}, the first of them as {@code kubectl logs deploy/x} picks ({@link PodPick});
 * {@code -l} one list by the selector, in the namespace or (for {@code -A}) cluster-wide.
 */
public final class PodResolver {

  private PodResolver() {
  }

  /** The served type of a kind an argument names: the one mapping from kubectl's names to API types. */
  public static ResourceType type(ObjectRef.Kind kind) {
    return switch (kind) {
      case POD -> ResourceType.POD;
      case DEPLOYMENT -> new ResourceType("apps", "v1", "Deployment", "deployments", true);
      case STATEFULSET -> new ResourceType("apps", "v1", "StatefulSet", "statefulsets", true);
      case DAEMONSET -> new ResourceType("apps", "v1", "DaemonSet", "daemonsets", true);
      case REPLICASET -> new ResourceType("apps", "v1", "ReplicaSet", "replicasets", true);
      case JOB -> new ResourceType("batch", "v1", "Job", "jobs", true);
      case CRONJOB -> new ResourceType("batch", "v1", "CronJob", "cronjobs", true);
      case REPLICATION_CONTROLLER -> new ResourceType("", "v1", "ReplicationController", "replicationcontrollers", true);
      default -> throw new IllegalArgumentException(kind + " runs no pods");
    };
  }

  /**
   * The pods of {@code workload} (of kind {@code ref.kind()}) in {@code ns}: by its selector; a
   * CronJob has none, its pods are those of the Jobs it owns (one list of Jobs, one of pods).
   */
  public static List<ObjectNode> podsOf(Kube kube, ObjectRef ref, ObjectNode workload, String ns) {
    if (ref.kind() == ObjectRef.Kind.CRONJOB) {
      Set<String> jobs = new HashSet<>();
      for (ObjectNode job : kube.list(type(ObjectRef.Kind.JOB), ns)) {
        if (ownedBy(job, workload)) {
          jobs.add(Manifests.text(job.path("metadata"), "name"));
        }
      }
      if (jobs.isEmpty()) {
        return List.of();
      }
      return kube.list(ResourceType.POD, ns).stream().filter(p -> {
        for (JsonNode owner : p.path("metadata").path("ownerReferences")) {
          if ("Job".equals(Manifests.text(owner, "kind")) && jobs.contains(Manifests.text(owner, "name"))) {
            return true;
          }
        }
        return false;
      }).toList();
    }
    return kube.list(ResourceType.POD, ns, podSelector(ref, workload));
  }

  /** The workload's pod selector as a list query; a ReplicationController's is a plain label map. */
  private static String podSelector(ObjectRef ref, ObjectNode workload) {
    JsonNode selector = workload.path("spec").get("selector");
    if (ref.kind() == ObjectRef.Kind.REPLICATION_CONTROLLER && selector != null && !selector.has("matchLabels")) {
      selector = JsonNodeFactory.instance.objectNode().set("matchLabels", selector);
    }
    return LabelSelector.of(selector, ref.describe()).toString();
  }

  /** Whether {@code child} names {@code owner} among its owners (by uid when both carry one). */
  private static boolean ownedBy(JsonNode child, JsonNode owner) {
    JsonNode meta = owner.path("metadata");
    for (JsonNode ref : child.path("metadata").path("ownerReferences")) {
      String uid = Manifests.text(ref, "uid");
      String ownerUid = Manifests.text(meta, "uid");
      boolean sameKind = Objects.equals(Manifests.text(ref, "kind"), Manifests.text(owner, "kind"));
      boolean sameName = Objects.equals(Manifests.text(ref, "name"), Manifests.text(meta, "name"));
      if (sameKind && sameName && (uid == null || ownerUid == null || uid.equals(ownerUid))) {
        return true;
      }
    }
    return false;
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
    List<ObjectNode> pods = podsOf(kube, ref, workload, ns);
    ObjectNode first = (ObjectNode) PodPick.first(pods);
    if (first == null) {
      String which = ref.kind() == ObjectRef.Kind.CRONJOB ? "none of its Jobs has pods"
          : "none match its selector \"" + podSelector(ref, workload) + "\"";
      throw new io.meshctl.core.MeshctlException.NotFound(ref.describe() + " in namespace \"" + ns + "\" has no pods "
          + "(" + which + "): wait for them to start, or check it with "
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
