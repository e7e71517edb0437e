package io.meshctl.core.cluster;

import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;

/**
 * Reads what an mTLS question needs from the cluster, in every namespace, at the versions the
 * cluster serves (discovery, never an assumed {@code v1}).
 */
public final class SnapshotLoader {

  private SnapshotLoader() {
  }

  public static MeshSnapshot load(Kube kube, String istioNamespace) {
    IstioApis apis = kube.istio();
    SnapshotBuilder b = new SnapshotBuilder(kube.namespace(), istioNamespace, null);
    b.addAll(kube.list(ResourceType.NAMESPACE, null));
    b.addAll(kube.list(ResourceType.POD, null));
    b.addAll(kube.list(ResourceType.SERVICE, null));
    for (IstioKind k : new IstioKind[] {IstioKind.MESH_POLICY, IstioKind.POLICY, IstioKind.PEER_AUTHENTICATION,
        IstioKind.DESTINATION_RULE}) {
      apis.find(k).ifPresent(t -> b.addAll(kube.list(t, null)));
    }
    kube.get(ResourceType.CONFIG_MAP, istioNamespace, "istio").ifPresent(b::add);
    MeshSnapshot.ApiFlavours flavours = new MeshSnapshot.ApiFlavours(apis.legacyAuthentication(),
        apis.find(IstioKind.PEER_AUTHENTICATION).isPresent());
    return b.build(false, flavours);
  }

}
