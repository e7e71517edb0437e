package io.meshctl.cli.command.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.Env;
import io.meshctl.cli.ExitCodes;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.Candidates;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.Format;
import io.meshctl.cli.render.Renderer;
import io.meshctl.cli.render.TlsCheckTable;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.authn.TlsCheck;
import io.meshctl.core.authn.TlsCheckRow;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.PodResolver;
import io.meshctl.core.cluster.SnapshotLoader;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.mesh.LabelSelector;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.core.mesh.PodTargets;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tls-check", sortOptions = false,
    description = {"Check, for every service:port a pod can reach, that the mTLS mode the server requires and the",
        "TLS its sidecar originates agree. CONFLICT rows are traffic that would fail (503).", "",
        "  meshctl authn tls-check wordpress-77f7f9c485-k7tt9", "  meshctl authn tls-check deploy/wordpress.default",
        "  meshctl authn tls-check -l app=wordpress,tier!=mysql", "  meshctl authn tls-check -f k8s/ deploy/wordpress",
        "  meshctl authn tls-check -A -o json        # CI gate over every sidecar workload"},
    footer = {"  0 no CONFLICT    79 at least one CONFLICT (whatever -o is)    66 pod or workload not found",
        "  65 malformed policy object, or -f files defining one object twice differently",
        "  64 neither POD nor -l nor -A, or an unknown TYPE"})
public final class AuthnTlsCheckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "POD[.NAMESPACE]|TYPE/NAME", arity = "0..1", completionCandidates = Candidates.Pods.class,
      description = "The client pod, or a workload whose first ready pod is checked (as kubectl logs picks it): "
          + "TYPE is pod (po), deployment (deploy), statefulset (sts), daemonset (ds), replicaset (rs) or job. "
          + "With -l, the only argument is the SERVICE.")
  String pod;

  @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1",
      description = "Only this service: short name or FQDN.")
  String service;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Check every pod these labels select, as kubectl -l: a=b,c!=d,e in (x,y),!f.")
  String selector;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Check these manifests instead of the cluster; repeatable. A workload's pod template stands in "
          + "for its pods (a pod name of kubectl's stands for its workload's template).")
  List<String> files;

  @Option(names = {"-A", "--all-namespaces", "--all"},
      description = "Mesh-wide: one client per workload with a sidecar, in every namespace. Rows every client sees "
          + "alike print once with SOURCE '*'; a namespace whose own rules change a host gets its own rows. "
          + "With -l: the pods it selects in every namespace.")
  boolean all;


  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String serviceArg = selector != null ? pod : service;
    if (selector != null && (service != null || pod != null && pod.contains("/"))) {
      throw new MeshctlException.Usage("-l selects the pods: give at most a SERVICE argument, not a pod");
    }
    if (selector == null && all == (pod != null)) {
      throw new MeshctlException.Usage(all ? "-A checks every workload: drop the POD argument (or select pods with -l)"
          : "tls-check needs a pod (POD[.NAMESPACE] or TYPE/NAME), -l SELECTOR, or -A for every workload");
    }
    if (all && selector == null && service != null) {
      throw new MeshctlException.Usage("-A takes no SERVICE argument");
    }
    ObjectRef ref = selector == null && pod != null ? ObjectRef.parse(pod, ObjectRef.Kind.POD,
        ObjectRef.Kind.POD_OR_WORKLOAD) : null;
    LabelSelector labels = selector == null ? null : LabelSelector.parse(selector);
    MeshctlCommand root = MeshctlCommand.of(spec);
    Env env = root.env();
    Reporter reporter = root.reporter();
    MeshSnapshot snapshot;
    List<MeshSnapshot.Pod> clients;
    if (files != null && !files.isEmpty()) {
      String namespace = kube().resolveNamespace(env);
      SnapshotBuilder builder = new SnapshotBuilder(namespace, kube().istioNamespace(), null);
      try (ManifestReader reader = ManifestReader.open(files, env.stdin())) {
        builder.addDocuments(reader);
      }
      snapshot = builder.build(true, null);
      clients = labels != null ? PodTargets.select(snapshot, labels, all ? null : namespace)
          : ref != null ? List.of(PodTargets.resolve(snapshot, ref, namespace, reporter)) : null;
    } else {
      try (Kube k = Kube.connect(kube().toClusterOptions(), env.variables())) {
        String namespace = k.namespace();
        List<ObjectNode> pods = labels != null ? PodResolver.select(k, labels, all ? null : namespace)
            : ref != null ? List.of(PodResolver.resolve(k, ref, namespace, reporter)) : null;
        clients = pods == null ? null
            : pods.stream().map(p -> MeshSnapshot.pod(p, namespace, Map.of(), false)).toList();
        snapshot = load(k, clients == null || all ? null : clients.get(0).namespace(), serviceArg);
      }
    }
    TlsCheck check = TlsCheck.of(snapshot, reporter);
    List<TlsCheckRow> rows = new ArrayList<>();
    if (clients == null) {
      rows = check.meshWide(reporter);
    } else {
      for (MeshSnapshot.Pod client : clients) {
        if (!client.sidecar()) {
          reporter.warn("pod " + client.id() + " has no istio-proxy sidecar: it sends plaintext to every service");
        }
        for (TlsCheckRow r : check.forPod(client, serviceArg)) {
          rows.add(labels == null ? r : r.withSource(client.id()));
        }
      }
    }
    boolean withSource = clients == null || labels != null;
    Renderer.render(root.out(), output.format(), rows, r -> TlsCheckTable.render(r, withSource));
    boolean conflict = false;
    for (TlsCheckRow r : rows) {
      if (r.status() == TlsCheckRow.Status.CONFLICT) {
        conflict = true;
        // the table has no room for the why; people at a terminal should not need -o json to learn it
        if (output.format() == Format.table && r.reason() != null) {
          reporter.info("CONFLICT " + r.host() + ":" + r.port() + ": " + r.reason() + (r.fix() == null ? "" : "; fix: " + r.fix()));
        }
      }
    }
    return conflict ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }

  /**
   * The cluster's objects this check needs: with a SERVICE in a known namespace, that namespace's,
   * the client's and the root's; otherwise (every reachable service, clients in every namespace, or
   * -A) the whole mesh.
   */
  private MeshSnapshot load(Kube k, String clientNs, String service) {
    String serviceNs = clientNs == null || service == null ? null : TlsCheck.serviceNamespace(service, clientNs);
    if (serviceNs == null) {
      return SnapshotLoader.meshWide(k, kube().istioNamespace());
    }
    MeshSnapshot scoped = SnapshotLoader.forService(k, kube().istioNamespace(), clientNs, serviceNs);
    // a bare name that is no service of the client's namespace may name one elsewhere (TlsCheck.forPod looks)
    boolean found = service.contains(".") || scoped.services().stream().anyMatch(s -> s.name().equals(service));
    return found ? scoped : SnapshotLoader.meshWide(k, kube().istioNamespace());
  }

  private KubeOptions kube() {
    return MeshctlCommand.of(spec).kube();
  }
}
