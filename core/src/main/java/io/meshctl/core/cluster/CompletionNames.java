package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.manifest.Manifests;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Names a shell completes from the cluster, starting with what the user typed: pods (and
 * {@code TYPE/NAME} of workloads, as kubectl takes them), the hosts of VirtualServices (and
 * {@code vs/NAME}), namespaces. One list request each; sorted, without duplicates.
 */
public final class CompletionNames {

  /** kubectl's names for the workload kinds whose pods a command can start from. */
  private static final Map<String, ResourceType> WORKLOADS = Map.ofEntries(
      Map.entry("pod", ResourceType.POD), Map.entry("pods", ResourceType.POD), Map.entry("po", ResourceType.POD),
      Map.entry("deploy", apps("Deployment", "deployments")), Map.entry("deployment", apps("Deployment", "deployments")),
      Map.entry("deployments", apps("Deployment", "deployments")),
      Map.entry("sts", apps("StatefulSet", "statefulsets")), Map.entry("statefulset", apps("StatefulSet", "statefulsets")),
      Map.entry("statefulsets", apps("StatefulSet", "statefulsets")),
      Map.entry("ds", apps("DaemonSet", "daemonsets")), Map.entry("daemonset", apps("DaemonSet", "daemonsets")),
      Map.entry("daemonsets", apps("DaemonSet", "daemonsets")),
      Map.entry("rs", apps("ReplicaSet", "replicasets")), Map.entry("replicaset", apps("ReplicaSet", "replicasets")),
      Map.entry("replicasets", apps("ReplicaSet", "replicasets")));

  private CompletionNames() {
  }

  private static ResourceType apps(String kind, String plural) {
    return new ResourceType("apps", "v1", kind, plural, true);
  }

  /** Pod names in {@code ns}; for {@code deploy/we} the Deployments' names as {@code deploy/web}. */
  public static List<String> pods(Kube kube, String ns, String prefix) {
    int slash = prefix.indexOf('/');
    if (slash < 0) {
      return matching(kube.list(ResourceType.POD, ns), CompletionNames::name, prefix);
    }
    String type = prefix.substring(0, slash);
    ResourceType workload = WORKLOADS.get(type.toLowerCase(Locale.ROOT));
    return workload == null ? List.of()
        : matching(kube.list(workload, ns), o -> List.of(type + "/" + Manifests.text(o.path("metadata"), "name")), prefix);
  }

  /** The hosts VirtualServices in {@code ns} route, as written; for {@code vs/} their names. */
  public static List<String> hosts(Kube kube, String ns, String prefix) {
    var type = kube.istio().find(IstioKind.VIRTUAL_SERVICE);
    if (type.isEmpty()) {
      return List.of();
    }
    List<ObjectNode> vss = kube.list(type.get(), ns);
    int slash = prefix.indexOf('/');
    if (slash >= 0) {
      String kind = prefix.substring(0, slash);
      return List.of("vs", "virtualservice", "virtualservices").contains(kind.toLowerCase(Locale.ROOT))
          ? matching(vss, o -> List.of(kind + "/" + Manifests.text(o.path("metadata"), "name")), prefix) : List.of();
    }
    return matching(vss, o -> {
      TreeSet<String> hosts = new TreeSet<>();
      for (JsonNode h : o.path("spec").path("hosts")) {
        hosts.add(h.asText());
      }
      return List.copyOf(hosts);
    }, prefix);
  }

  public static List<String> namespaces(Kube kube, String prefix) {
    return matching(kube.list(ResourceType.NAMESPACE, null), CompletionNames::name, prefix);
  }

  private static List<String> name(JsonNode o) {
    String name = Manifests.text(o.path("metadata"), "name");
    return name == null ? List.of() : List.of(name);
  }

  private static List<String> matching(List<ObjectNode> objects, Function<JsonNode, List<String>> names, String prefix) {
    TreeSet<String> out = new TreeSet<>();
    for (ObjectNode o : objects) {
      for (String n : names.apply(o)) {
        if (n != null && n.startsWith(prefix)) {
          out.add(n);
        }
      }
    }
    return List.copyOf(out);
  }
}
