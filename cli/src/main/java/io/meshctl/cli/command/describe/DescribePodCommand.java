package io.meshctl.cli.command.describe;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.PodDescriptionText;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.DataPlaneReader;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.PodRefs;
import io.meshctl.core.describe.DescribeInput;
import io.meshctl.core.describe.PodDescriber;
import io.meshctl.core.describe.PodDescription;
import io.meshctl.core.manifest.Manifests;
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
        + "and the tls-check verdict per port, and the problems found.", "",
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
    try (Kube k = Kube.connect(root.kube().toClusterOptions(), root.env().variables())) {
      String ns;
      String name;
      if (target.contains("/") && !target.startsWith("pod/") && !target.startsWith("po/")) {
        PodRefs.Resolved r = PodRefs.resolve(k, target, k.namespace());
        if (r.pods().isEmpty()) {
          throw new io.meshctl.core.MeshctlException.NotFound(r.label() + " in namespace " + r.namespace()
              + " has no pods to describe");
        }
        ns = r.namespace();
        name = Manifests.text(r.pods().get(0).path("metadata"), "name");
        if (r.pods().size() > 1) {
          reporter.info(r.label() + " has " + r.pods().size() + " pods: describing " + name);
        }
      } else {
        String[] p = PodRefs.podAndNamespace(target.substring(target.indexOf('/') + 1), k.namespace());
        name = p[0];
        ns = p[1];
      }
      DescribeInput input = DataPlaneReader.describe(k, root.kube().istioNamespace(), ns, name, reporter);
      description = PodDescriber.of(input, reporter).describe(Instant.now());
    }
    Renderer.render(root.out(), output.format(), description, PodDescriptionText::render);
    return 0;
  }
}
