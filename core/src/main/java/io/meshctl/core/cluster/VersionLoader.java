package io.meshctl.core.cluster;

import io.meshctl.core.mesh.MeshVersion;
import io.meshctl.core.mesh.ObjectRef;

/** Reads what {@link MeshVersion} needs: two lists, the control plane's Deployments and every pod. */
public final class VersionLoader {

  static final ResourceType DEPLOYMENT = PodResolver.type(ObjectRef.Kind.DEPLOYMENT);

  private VersionLoader() {
  }

  public static MeshVersion read(Kube kube, String istioNamespace) {
    return MeshVersion.of(kube.list(DEPLOYMENT, istioNamespace), kube.list(ResourceType.POD, null));
  }
}
