package io.meshctl.core.cert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.Manifests;
import java.util.Optional;

/**
 * Creates or replaces a secret with optimistic concurrency: a replace carries the resourceVersion
 * that was read, so a concurrent writer makes the server answer 409 and we re-read and retry
 * instead of overwriting their change blindly.
 */
public final class SecretStore {

  private static final int ATTEMPTS = 3;

  private SecretStore() {
  }

  public enum Outcome { CREATED, REPLACED, UNCHANGED }

  /**
   * Refuses, before any write, what the server would refuse or half-apply: a secret's type is
   * immutable, and so is a secret marked {@code immutable: true}.
   */
  public static void checkReplaceable(Optional<ObjectNode> existing, ObjectNode wanted) {
    if (existing.isEmpty()) {
      return;
    }
    ObjectNode cur = existing.get();
    String name = Manifests.text(wanted.path("metadata"), "name");
    String ns = Manifests.text(wanted.path("metadata"), "namespace");
    String curType = cur.path("type").asText("Opaque");
    if (!curType.equals(wanted.path("type").asText())) {
      throw new MeshctlException.InvalidInput("secret " + ns + "/" + name + " exists with type " + curType
          + " and Kubernetes cannot change a secret's type to " + wanted.path("type").asText()
          + ": delete it first (kubectl delete secret -n " + ns + " " + name + ") or choose another --secret");
    }
    if (cur.path("immutable").asBoolean(false)) {
      throw new MeshctlException.InvalidInput("secret " + ns + "/" + name + " is immutable: delete it first "
          + "(kubectl delete secret -n " + ns + " " + name + ")");
    }
  }

  public static Outcome apply(Kube kube, ObjectNode wanted) {
    String name = Manifests.text(wanted.path("metadata"), "name");
    String ns = Manifests.text(wanted.path("metadata"), "namespace");
    MeshctlException.Conflict last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<ObjectNode> existing = kube.get(ResourceType.SECRET, ns, name);
      checkReplaceable(existing, wanted);
      try {
        if (existing.isEmpty()) {
          kube.create(ResourceType.SECRET, ns, wanted);
          return Outcome.CREATED;
        }
        ObjectNode cur = existing.get();
        if (cur.path("data").equals(wanted.path("data"))) {
          return Outcome.UNCHANGED;
        }
        // keep the existing object's labels, annotations and owners; replace type and data only
        ObjectNode next = cur.deepCopy();
        next.set("data", wanted.path("data").deepCopy());
        next.remove("stringData");
        ObjectNode md = (ObjectNode) next.path("metadata");
        md.with("labels").setAll((ObjectNode) wanted.path("metadata").path("labels"));
        kube.replace(ResourceType.SECRET, ns, next);
        return Outcome.REPLACED;
      } catch (MeshctlException.Conflict e) {
        last = e;
      }
    }
    throw new MeshctlException.Conflict("secret " + ns + "/" + name + " kept changing while meshctl wrote it ("
        + ATTEMPTS + " attempts): retry when the other writer is done", last);
  }
}
