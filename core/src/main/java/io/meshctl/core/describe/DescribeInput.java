package io.meshctl.core.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.analyze.MeshObjects;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.List;
import java.util.Map;

/**
 * What {@code describe pod} reads, in one load: the {@link MeshSnapshot} of the pod's namespace and
 * the root's (VirtualServices mesh-wide), the pod object itself, the Gateways, and the certificate
 * secrets those Gateways present.
 *
 * <p>Gateways are kept here because {@link MeshSnapshot} has no Gateways yet; when it gains them
 * they move there.
 *
 * @param objects the same objects as trees, for the analyzers (and the pod's Namespace, whose labels
 *     decide the injection findings)
 * @param secrets by {@code namespace/name}; a key mapped to null was looked for and is absent
 * @param notes what could not be read (RBAC) and was left out
 */
public record DescribeInput(MeshSnapshot snapshot, MeshObjects objects, JsonNode pod, List<JsonNode> gateways,
    Map<String, JsonNode> secrets, List<String> notes) {
}
