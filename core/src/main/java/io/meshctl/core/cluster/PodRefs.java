package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.mesh.ObjectRef;
import java.util.List;

/**
 * Every pod an argument names, for commands that report per pod (check-inject): a pod, or all of
 * a workload's pods ({@link PodResolver#podsOf}). The argument is parsed by {@link ObjectRef}, as everywhere.
 */
public final class PodRefs {

  private PodRefs() {
  }

  /**
   * What an argument named.
   *
   * @param label how to name it in messages: {@code pod wordpress-x}, {@code deployment/wordpress}
   * @param workload the workload object for {@code TYPE/NAME}, so its pod template can stand in when it has no pods
   */
  public record Resolved(String namespace, String label, List<ObjectNode> pods, ObjectNode workload) {
  }

  /**
   * The pods {@code arg} names, in its own namespace or {@code ns}: a pod (66 with kubectl's
   * {@code pod "x" not found in namespace "y"}), or a workload's pods by its selector.
   */
  public static Resolved resolve(Kube kube, String arg, String ns) {
    ObjectRef ref = ObjectRef.parse(arg, ObjectRef.Kind.POD, ObjectRef.Kind.POD_OR_WORKLOAD);
    String namespace = ref.namespaceOr(ns);
    if (ref.kind() == ObjectRef.Kind.POD) {
      ObjectNode pod = kube.get(ResourceType.POD, namespace, ref.name()).orElseThrow(() -> ref.notFound(namespace, null));
      return new Resolved(namespace, "pod " + ref.name(), List.of(pod), null);
    }
    ObjectNode workload = kube.get(PodResolver.type(ref.kind()), namespace, ref.name())
        .orElseThrow(() -> ref.notFound(namespace, null));
    return new Resolved(namespace, ref.kind().singular() + "/" + ref.name(),
        PodResolver.podsOf(kube, ref, workload, namespace), workload);
  }

  /** The pods {@code -l} selects, in {@code ns} or every namespace (null). */
  public static List<ObjectNode> select(Kube kube, String ns, String labelSelector) {
    return kube.list(ResourceType.POD, ns, labelSelector);
  }
}
