package io.meshctl.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.ExitCodes;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.DataPlaneTables;
import io.meshctl.cli.render.Format;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.DataPlaneReader;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.PodRefs;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.inject.InjectionCheck;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-inject", sortOptions = false,
    description = {"Per pod: whether it runs the sidecar now, whether it would get one if it were recreated and why "
        + "(namespace label istio-injection or istio.io/rev, the pod's sidecar.istio.io/inject label or annotation, "
        + "the injector webhooks' selectors, the injector's policy and never/always selectors), and whether it needs "
        + "a restart: it would be injected but is not, or its proxy is older than the injector's.", "",
        "The injector's version comes from the istio-sidecar-injector ConfigMap of the Istio namespace, else from "
        + "meshctl's bundled defaults. When the MutatingWebhookConfigurations cannot be read, Istio's standard "
        + "selectors are assumed and a note says so.", "",
        "  meshctl check-inject                       # every pod of the namespace",
        "  meshctl check-inject wordpress-77f7f9c485-k7tt9",
        "  meshctl check-inject deployment/wordpress",
        "  meshctl check-inject -A -l app=wordpress --strict"},
    footer = {"  0 checked (without --strict, whatever the verdicts)    79 --strict and a pod needs a restart",
        "  66 pod or workload not found    65 invalid selector    64 POD and -l or -A together"})
public final class CheckInjectCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "POD[.NAMESPACE]|TYPE/NAME",
      description = "A pod, or a workload (deployment/NAME, statefulset/NAME, daemonset/NAME, replicaset/NAME, "
          + "job/NAME): its pods, or its pod template when it has none. Default: every pod.")
  String target;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Only pods with these labels "
      + "(kubectl syntax: app=web,tier!=db).")
  String selector;

  @Option(names = {"-A", "--all-namespaces"}, description = "Pods of every namespace.")
  boolean allNamespaces;

  @Option(names = "--strict", description = "Exit 79 when any pod needs a restart.")
  boolean strict;

  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (target != null && (selector != null || allNamespaces)) {
      throw new MeshctlException.Usage("a POD or TYPE/NAME argument names its own objects: drop "
          + (selector != null ? "-l" : "-A") + " or the argument");
    }
    MeshctlCommand root = MeshctlCommand.of(spec);
    Reporter reporter = root.reporter();
    List<String> notes = new ArrayList<>();
    List<InjectionCheck.Verdict> verdicts;
    String where;
    try (Kube k = Kube.connect(root.kube().toClusterOptions(), root.env().variables())) {
      List<JsonNode> pods = new ArrayList<>();
      if (target != null) {
        PodRefs.Resolved r = PodRefs.resolve(k, target, k.namespace());
        pods.addAll(r.pods());
        if (pods.isEmpty() && r.workload() != null) {
          reporter.info(r.label() + " has no pods: checking its pod template");
          pods.add(standIn(r));
        }
        where = r.label();
      } else {
        pods.addAll(k.list(ResourceType.POD, allNamespaces ? null : k.namespace(), selector));
        where = allNamespaces ? "any namespace" : "namespace " + k.namespace();
      }
      List<PodFacts> facts = new ArrayList<>();
      Set<String> namespaces = new LinkedHashSet<>();
      Set<String> revisions = new LinkedHashSet<>();
      for (JsonNode p : pods) {
        PodFacts f = PodFacts.of(p);
        facts.add(f);
        namespaces.add(f.namespace());
        if (f.proxy() != null && f.proxy().revision() != null) {
          revisions.add(f.proxy().revision());
        }
      }
      if (facts.isEmpty()) {
        reporter.info("no pods" + (selector == null ? "" : " match " + selector) + " in " + where);
        verdicts = List.of();
      } else {
        verdicts = InjectionCheck.check(facts, DataPlaneReader.injection(k, root.kube().istioNamespace(), namespaces,
            allNamespaces, revisions, notes));
      }
    }
    notes.forEach(n -> reporter.warn("note: " + n));
    Renderer.render(root.out(), output.format(), verdicts, DataPlaneTables::checkInject);
    long needing = verdicts.stream().filter(InjectionCheck.Verdict::needsAction).count();
    if (output.format() == Format.table) {
      verdicts.stream().filter(InjectionCheck.Verdict::needsAction)
          .forEach(v -> reporter.info("restart " + v.pod() + "." + v.namespace() + ": " + v.fix()));
    }
    return strict && needing > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }

  /** A workload without pods: its pod template, named after the workload, stands in for them. */
  private static ObjectNode standIn(PodRefs.Resolved r) {
    JsonNode template = Objects.requireNonNullElse(SnapshotBuilder.podTemplate(r.workload()), MissingNode.getInstance());
    ObjectNode pod = r.workload().objectNode();
    ObjectNode meta = template.path("metadata").isObject() ? template.get("metadata").deepCopy() : pod.objectNode();
    meta.put("name", r.label() + " (template)");
    meta.put("namespace", r.namespace());
    meta.putArray("ownerReferences").addObject().put("kind", Manifests.text(r.workload(), "kind"))
        .put("name", Manifests.text(r.workload().path("metadata"), "name")).put("controller", true);
    pod.set("metadata", meta);
    pod.set("spec", template.path("spec").deepCopy());
    return pod;
  }
}
