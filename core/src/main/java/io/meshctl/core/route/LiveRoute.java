package io.meshctl.core.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.cluster.SnapshotLoader;
import io.meshctl.core.mesh.MeshSnapshot;

/**
 * Applies a weight change to the cluster with optimistic concurrency: read, decide, write with the
 * resourceVersion we read. When someone wrote in between (409), everything is read and decided
 * again, so their change survives and ours is re-validated against it; after {@link #ATTEMPTS}
 * conflicts we give up (exit 75) rather than loop against a controller.
 */
public final class LiveRoute {

  public static final int ATTEMPTS = 5;

  private final Kube kube;
  private final String istioNamespace;
  private final Reporter reporter;
  private Runnable beforeWrite = () -> { };

  /** @param istioNamespace where the mesh config lives (it names the root namespace) */
  public LiveRoute(Kube kube, String istioNamespace, Reporter reporter) {
    this.kube = kube;
    this.istioNamespace = istioNamespace;
    this.reporter = reporter;
  }

  /** Test seam: runs between our read and our write, where a concurrent writer would strike. */
  public LiveRoute beforeWrite(Runnable hook) {
    this.beforeWrite = hook;
    return this;
  }

  /** What a route decision over {@code host} reads, from the namespaces it involves (read again per attempt). */
  public MeshSnapshot snapshot(String host) {
    return SnapshotLoader.forRoute(kube, istioNamespace, host, reporter);
  }

  /**
   * Plans and, unless {@code dryRun} or {@code strict} finds weighted subsets without pods, writes.
   * The returned plan's {@code after} is the object as stored.
   */
  public RoutePlan apply(RouteRequest request, boolean dryRun, boolean strict) {
    ResourceType type = kube.istio().require(IstioKind.VIRTUAL_SERVICE);
    MeshctlException.Conflict last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      RoutePlan plan = RoutePlanner.plan(snapshot(request.host()), request, type.apiVersion());
      RouteChange c = plan.change();
      if (dryRun || !c.changed() || strict && !c.subsetsWithoutPods().isEmpty()) {
        return plan;
      }
      beforeWrite.run();
      try {
        ObjectNode stored = c.created() ? kube.create(type, c.namespace(), plan.after())
            : kube.replace(type, c.namespace(), plan.after());
        return new RoutePlan(plan.before(), stored, new RouteChange(c.virtualService(), c.namespace(), c.route(),
            c.host(), c.destinationRule(), c.created(), true, true, c.subsets(), c.subsetsWithoutPods()));
      } catch (MeshctlException.Conflict e) {
        last = e;
        reporter.info("VirtualService " + c.namespace() + "/" + c.virtualService()
            + " changed after we read it; reading it again (attempt " + (attempt + 1) + " of " + ATTEMPTS + ")");
      }
    }
    throw new MeshctlException.Conflict("gave up after " + ATTEMPTS + " attempts: the VirtualService for "
        + request.host() + " kept changing between our read and our write; is a controller writing it? "
        + "(look at its managedFields with kubectl get virtualservice -o yaml --show-managed-fields, then retry)", last);
  }
}
