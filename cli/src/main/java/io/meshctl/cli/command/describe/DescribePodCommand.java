package io.meshctl.cli.command.describe;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.PodDescriptionText;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.DataPlaneReader;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.PodResolver;
import io.meshctl.core.describe.DescribeInput;
import io.meshctl.core.describe.PodDescriber;
import io.meshctl.core.describe.PodDescription;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.ObjectRef;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pod", aliases = "po", sortOptions = false,
    description = {"Everything the mesh does to one pod, in the order a request meets it: the sidecar (present, "
        + "ready, version), the Services that select the pod and their ports' protocols, the DestinationRules that "
        + "apply (subset the pod falls in, TLS mode), the VirtualServices that route to it (route, weight), the "
        + "Gateways that expose it (hosts, TLS mode, the certificate's expiry and SANs), the server-side mTLS mode "
        + "and the tls-check verdict per port, and the problems found: the sidecar's state, tls-check conflicts, and "
        + "the analyze messages (Istio's IST codes) on the pod, its workload and namespace and the objects above.", "",
        "What RBAC forbids reading is left out with a note on stderr.", "",
        "  meshctl describe pod wordpress-77f7f9c485-k7tt9", "  meshctl describe pod wordpress-77f7f9c485-k7tt9.default -o json",
        "  meshctl describe pod deployment/wordpress      # its first pod", ""},
    footer = {"  0 described (problems are listed, not an exit code)    66 pod or workload not found"})
public final class DescribePodCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "POD[.NAMESPACE]|TYPE/NAME",
      description = "The pod, or a workload (deployment/NAME ...) whose first pod is described.")
  String target;

  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    Reporter reporter = root.reporter();
    PodDescription description;
    DescribeInput input;
    try (Kube k = Kube.connect(root.kube().toClusterOptions(), root.env().variables())) {
      ObjectRef ref = ObjectRef.parse(target, ObjectRef.Kind.POD, ObjectRef.Kind.POD_OR_WORKLOAD);
      String ns = ref.namespaceOr(k.namespace());
      // a workload is described through one pod, the one kubectl logs would pick
      String name = ref.kind() == ObjectRef.Kind.POD ? ref.name()
          : Manifests.text(PodResolver.resolve(k, ref, ns, reporter).path("metadata"), "name");
      input = DataPlaneReader.describe(k, root.kube().istioNamespace(), ns, name, reporter);
      description = PodDescriber.of(input, reporter).describe(Instant.now());
    }
    // what RBAC kept from being read, as check-inject says it: the description is still given
    input.notes().forEach(n -> reporter.warn("note: " + n));
    Renderer.render(root.out(), output.format(), description, PodDescriptionText::render);
    return 0;
  }
}
