package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.mesh.LabelSelectors;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pod arguments to the pods they name, read from the cluster: {@code POD}, {@code POD.NAMESPACE}
 * (istioctl's form), {@code TYPE/NAME} (a workload: its selector's pods) and {@code -l SELECTOR}.
 * Not-found errors keep kubectl's wording. Kept small and separate so the shared argument parser
 * can replace the parsing part.
 */
public final class PodRefs {

  /** Workload kinds by the names kubectl accepts for them. */
  private static final Map<String, ResourceType> KINDS = Map.ofEntries(
      Map.entry("deployment", new ResourceType("apps", "v1", "Deployment", "deployments", true)),
      Map.entry("statefulset", new ResourceType("apps", "v1", "StatefulSet", "statefulsets", true)),
      Map.entry("daemonset", new ResourceType("apps", "v1", "DaemonSet", "daemonsets", true)),
      Map.entry("replicaset", new ResourceType("apps", "v1", "ReplicaSet", "replicasets", true)),
      Map.entry("job", new ResourceType("batch", "v1", "Job", "jobs", true)),
      Map.entry("pod", ResourceType.POD));

  private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("deploy", "deployment"),
      Map.entry("deployments", "deployment"), Map.entry("sts", "statefulset"), Map.entry("statefulsets", "statefulset"),
      Map.entry("ds", "daemonset"), Map.entry("daemonsets", "daemonset"), Map.entry("rs", "replicaset"),
      Map.entry("replicasets", "replicaset"), Map.entry("jobs", "job"), Map.entry("po", "pod"),
      Map.entry("pods", "pod"));

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

  /** {@code name} and {@code namespace} of {@code POD[.NAMESPACE]}, the namespace defaulting to {@code ns}. */
  public static String[] podAndNamespace(String arg, String ns) {
    int dot = arg.lastIndexOf('.');
    return dot < 0 ? new String[] {arg, ns} : new String[] {arg.substring(0, dot), arg.substring(dot + 1)};
  }

  /**
   * The pods {@code arg} names in {@code ns}: a pod (66 with kubectl's {@code pod "x" not found in
   * namespace "y"}), or a workload's pods by its selector.
   */
  public static Resolved resolve(Kube kube, String arg, String ns) {
    int slash = arg.indexOf('/');
    if (slash < 0 || arg.substring(0, slash).equalsIgnoreCase("pod") || arg.substring(0, slash).equals("po")
        || arg.substring(0, slash).equals("pods")) {
      String[] p = podAndNamespace(slash < 0 ? arg : arg.substring(slash + 1), ns);
      ObjectNode pod = kube.get(ResourceType.POD, p[1], p[0]).orElseThrow(() -> new MeshctlException.NotFound(
          "pod \"" + p[0] + "\" not found in namespace \"" + p[1] + "\""));
      return new Resolved(p[1], "pod " + p[0], List.of(pod), null);
    }
    String typeArg = arg.substring(0, slash).toLowerCase(Locale.ROOT);
    String kind = ALIASES.getOrDefault(typeArg, typeArg);
    ResourceType type = KINDS.get(kind);
    if (type == null) {
      throw new MeshctlException.Usage("unknown workload type \"" + arg.substring(0, slash) + "\" in " + arg
          + ": use pod, deployment, statefulset, daemonset, replicaset or job");
    }
    String name = arg.substring(slash + 1);
    ObjectNode workload = kube.get(type, ns, name).orElseThrow(() -> new MeshctlException.NotFound(
        kind + " \"" + name + "\" not found in namespace \"" + ns + "\""));
    String selector = selector(workload.path("spec").path("selector"), kind + "/" + name);
    return new Resolved(ns, kind + "/" + name, kube.list(ResourceType.POD, ns, selector), workload);
  }

  /** The pods {@code -l} selects, in {@code ns} or every namespace (null). */
  public static List<ObjectNode> select(Kube kube, String ns, String labelSelector) {
    return kube.list(ResourceType.POD, ns, labelSelector);
  }

  /** A workload's LabelSelector in {@code -l} syntax, for the API server to apply. */
  static String selector(JsonNode s, String what) {
    if (LabelSelectors.isEmpty(s)) {
      throw new MeshctlException.InvalidInput(what + " has an empty spec.selector: it selects no pods by itself");
    }
    return LabelSelectors.describe(s);
  }
}
