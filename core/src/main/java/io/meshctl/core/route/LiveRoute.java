package io.meshctl.core.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.IstioApis;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.mesh.MeshSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a weight change to the cluster with optimistic concurrency: read, decide, write with the
 * resourceVersion we read. When someone wrote in between (409), everything is read and decided
 * again, so their change survives and ours is re-validated against it; after {@link #ATTEMPTS}
 * conflicts we give up (exit 75) rather than loop against a controller.
 */
public final class LiveRoute {

  public static final int ATTEMPTS = 5;
  static final ResourceType ROLLOUT = new ResourceType("argoproj.io", "v1alpha1", "Rollout", "rollouts", true);

  private final Kube kube;
  private final String rootNamespace;
  private final Reporter reporter;
  private Runnable beforeWrite = () -> { };

  public LiveRoute(Kube kube, String rootNamespace, Reporter reporter) {
    this.kube = kube;
    this.rootNamespace = rootNamespace;
    this.reporter = reporter;
  }

  /** Test seam: runs between our read and our write, where a concurrent writer would strike. */
  public LiveRoute beforeWrite(Runnable hook) {
    this.beforeWrite = hook;
    return this;
  }

  /** The cluster's objects, read lazily and once per attempt. */
  public RouteInputs inputs() {
    return new Inputs();
  }

  /**
   * Plans and, unless {@code dryRun} or {@code strict} finds weighted subsets without pods, writes.
   * The returned plan's {@code after} is the object as stored.
   */
  public RoutePlan apply(RouteRequest request, boolean dryRun, boolean strict) {
    ResourceType type = kube.istio().require(IstioKind.VIRTUAL_SERVICE);
    MeshctlException.Conflict last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      RoutePlan plan = RoutePlanner.plan(inputs(), request, type.apiVersion());
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

  private final class Inputs implements RouteInputs {
    private final Map<String, List<JsonNode>> rules = new HashMap<>();
    private final Map<String, List<Map<String, String>>> pods = new HashMap<>();

    @Override
    public String namespace() {
      return kube.namespace();
    }

    @Override
    public String rootNamespace() {
      return rootNamespace;
    }

    /** By the served APIs alone: reading every policy object would need cluster-wide list rights. */
    @Override
    public boolean legacy() {
      IstioApis apis = kube.istio();
      return apis.legacyAuthentication() && apis.find(IstioKind.PEER_AUTHENTICATION).isEmpty();
    }

    @Override
    public List<ObjectNode> virtualServices() {
      return kube.list(kube.istio().require(IstioKind.VIRTUAL_SERVICE), kube.namespace());
    }

    @Override
    public List<JsonNode> destinationRules(String ns) {
      return rules.computeIfAbsent(ns, n -> List.copyOf(kube.list(kube.istio().require(IstioKind.DESTINATION_RULE), n)));
    }

    @Override
    public Optional<JsonNode> service(String ns, String name) {
      return kube.get(ResourceType.SERVICE, ns, name).map(JsonNode.class::cast);
    }

    @Override
    public List<Map<String, String>> podLabels(String ns) {
      return pods.computeIfAbsent(ns, n -> kube.list(ResourceType.POD, n).stream()
          .filter(p -> !List.of("Succeeded", "Failed").contains(p.path("status").path("phase").asText()))
          .map(p -> MeshSnapshot.stringMap(p.path("metadata").path("labels"))).toList());
    }

    @Override
    public List<JsonNode> rollouts(String ns) {
      try {
        return List.copyOf(kube.list(ROLLOUT, ns));
      } catch (MeshctlException.Forbidden | MeshctlException.InvalidInput e) {
        reporter.debug("cannot list Argo Rollouts in " + ns + " (" + e.getMessage() + "); ownership is judged "
            + "from the VirtualService alone");
        return List.of();
      }
    }
  }
}
