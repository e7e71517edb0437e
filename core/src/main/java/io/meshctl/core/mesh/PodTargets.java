package io.meshctl.core.mesh;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.mesh.MeshSnapshot.Pod;
import java.util.Comparator;
import java.util.List;

/**
 * The pods a command's argument names, in a snapshot built from manifests ({@code -f}): a Pod of
 * the manifests, or a workload's pod template standing in for its pods. (Live, {@code
 * cluster.PodResolver} reads the cluster's pods, and the snapshot then takes them as they are.) Pure.
 */
public final class PodTargets {

  private static final Comparator<Pod> BY_ID = Comparator.comparing(Pod::namespace).thenComparing(Pod::name);

  private PodTargets() {
  }

  /**
   * The one pod {@code ref} names ({@code ref.namespace()}, else {@code namespace}): a Pod, else a
   * workload template that stands in for a pod of that name (a pod name from kubectl,
   * {@code wordpress-77f7f9c485-k7tt9}, stands for its Deployment's template); {@code deploy/x}
   * the Deployment's template. Not found: 66 in kubectl's words.
   */
  public static Pod resolve(MeshSnapshot snapshot, ObjectRef ref, String namespace, Reporter reporter) {
    String ns = ref.namespaceOr(namespace);
    if (ref.kind() == ObjectRef.Kind.POD) {
      Pod p = snapshot.pod(ref.name(), ns).orElseThrow(() -> ref.notFound(ns, hint(snapshot, ns)));
      if (p.standInFor() != null && !p.name().equals(ref.name())) {
        reporter.info("pod " + ref.name() + " is not in the manifests: checking " + p.standInFor() + "'s pod template");
      }
      return p;
    }
    return snapshot.standIn(ref.kind().kind, ref.name(), ns).orElseThrow(() -> ref.notFound(ns,
        snapshot.offline() ? "not in the manifests" : null));
  }

  /** Every pod (offline: workload template) the selector selects in {@code namespace} (null: all), by namespace and name. */
  public static List<Pod> select(MeshSnapshot snapshot, LabelSelector selector, String namespace) {
    List<Pod> pods = snapshot.select(selector, namespace).stream().sorted(BY_ID).toList();
    if (pods.isEmpty()) {
      throw noMatch(selector, namespace, snapshot.offline());
    }
    return pods;
  }

  /** {@code no pods match selector "app=x" in namespace "ns"}, exit 66. */
  public static MeshctlException.NotFound noMatch(LabelSelector selector, String namespace, boolean offline) {
    return new MeshctlException.NotFound("no pods match selector \"" + selector + "\""
        + (namespace == null ? " in any namespace" : " in namespace \"" + namespace + "\"")
        + (offline ? " (no Pod or workload template of the manifests)" : ""));
  }

  private static String hint(MeshSnapshot snapshot, String ns) {
    return snapshot.offline() ? "neither a Pod nor a workload template of the manifests"
        : "check the name with 'kubectl get pods -n " + ns + "', or pass POD.NAMESPACE";
  }
}
