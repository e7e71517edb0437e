package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.ObjectRef;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Names a shell completes from the cluster, starting with what the user typed: pods (and
 * {@code TYPE/NAME} of workloads, as kubectl takes them), the hosts of VirtualServices (and
 * {@code vs/NAME}), namespaces. One list request each; sorted, without duplicates.
 */
public final class CompletionNames {

  private CompletionNames() {
  }

  /** Pod names in {@code ns}; for {@code deploy/we} the Deployments' names as {@code deploy/web}. */
  public static List<String> pods(Kube kube, String ns, String prefix) {
    int slash = prefix.indexOf('/');
    if (slash < 0) {
      return matching(kube.list(ResourceType.POD, ns), CompletionNames::name, prefix);
    }
    String type = prefix.substring(0, slash);
    // the types the pod arguments accept, by the same names and the same mapping
    return ObjectRef.Kind.spelled(type, ObjectRef.Kind.POD_OR_WORKLOAD)
        .map(k -> matching(kube.list(PodResolver.type(k), ns),
            o -> List.of(type + "/" + Manifests.text(o.path("metadata"), "name")), prefix))
        .orElse(List.of());
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
      return ObjectRef.Kind.spelled(kind, Set.of(ObjectRef.Kind.VIRTUAL_SERVICE)).isPresent()
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
