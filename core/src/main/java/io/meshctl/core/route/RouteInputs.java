package io.meshctl.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.manifest.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects a route decision reads, whether they come from the cluster or from manifests. The
 * planner asks only for the namespaces it needs, so the live implementation lists no more than that.
 */
public interface RouteInputs {

  /** The namespace the VirtualService is looked for in; objects that name no namespace are here. */
  String namespace();

  /** The mesh root namespace (istio-system): its exported DestinationRules apply mesh-wide. */
  String rootNamespace();

  /**
   * An Istio 1.1-1.5 mesh (the legacy authentication API and no PeerAuthentication): DestinationRules are
   * then selected and merged as those releases did.
   */
  boolean legacy();

  /** The VirtualServices of {@link #namespace()}. */
  List<ObjectNode> virtualServices();

  List<JsonNode> destinationRules(String namespace);

  Optional<JsonNode> service(String namespace, String name);

  /** Label sets of the pods that run (or would run) in the namespace; empty when there are none. */
  List<Map<String, String>> podLabels(String namespace);

  /** Argo Rollouts in the namespace: they may drive a VirtualService's weights without owning it. */
  List<JsonNode> rollouts(String namespace);

  /** The namespace an object lives in: its own, else the one it would be applied to. */
  static String namespaceOf(JsonNode object, String fallback) {
    String ns = Manifests.text(object.path("metadata"), "namespace");
    return ns == null || ns.isEmpty() ? fallback : ns;
  }

  static String nameOf(JsonNode object) {
    return Manifests.text(object.path("metadata"), "name");
  }
}
