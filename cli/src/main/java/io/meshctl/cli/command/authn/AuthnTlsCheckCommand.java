package io.meshctl.cli.command.authn;

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
import io.meshctl.core.cluster.SnapshotLoader;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.List;
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
        "  meshctl authn tls-check wordpress-77f7f9c485-k7tt9", "  meshctl authn tls-check -f k8s/ wordpress",
        "  meshctl authn tls-check --all -o json        # CI gate over every sidecar workload"},
    footer = {"  0 no CONFLICT    79 at least one CONFLICT (whatever -o is)    66 pod not found",
        "  65 malformed policy object, or -f files defining one object twice differently    64 neither POD nor --all"})
public final class AuthnTlsCheckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "POD[.NAMESPACE]", arity = "0..1", completionCandidates = Candidates.Pods.class,
      description = "The client pod.")
  String pod;

  @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1",
      description = "Only this service: short name or FQDN.")
  String service;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Check these manifests instead of the cluster; repeatable. A workload whose pod template "
          + "carries the pod's name stands in for the pod.")
  List<String> files;

  @Option(names = {"-A", "--all"},
      description = "Mesh-wide: one client per workload with a sidecar, in every namespace. Rows every client sees "
          + "alike print once with SOURCE '*'; a namespace whose own rules change a host gets its own rows.")
  boolean all;


  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (all == (pod != null)) {
      throw new MeshctlException.Usage(all ? "--all checks every workload: drop the POD argument"
          : "tls-check needs a pod name (POD[.NAMESPACE]) or --all");
    }
    if (all && service != null) {
      throw new MeshctlException.Usage("--all takes no SERVICE argument");
    }
    MeshctlCommand root = MeshctlCommand.of(spec);
    Env env = root.env();
    Reporter reporter = root.reporter();
    MeshSnapshot snapshot;
    String namespace;
    if (files != null && !files.isEmpty()) {
      namespace = kube().resolveNamespace(env);
      SnapshotBuilder builder = new SnapshotBuilder(namespace, kube().istioNamespace(), null);
      try (ManifestReader reader = ManifestReader.open(files, env.stdin())) {
        builder.addDocuments(reader);
      }
      snapshot = builder.build(true, null);
    } else {
      try (Kube k = Kube.connect(kube().toClusterOptions(), env.variables())) {
        namespace = k.namespace();
        snapshot = load(k, namespace);
      }
    }
    TlsCheck check = TlsCheck.of(snapshot, reporter);
    List<TlsCheckRow> rows;
    if (all) {
      rows = check.meshWide(reporter);
    } else {
      int dot = pod.lastIndexOf('.');
      String name = dot < 0 ? pod : pod.substring(0, dot);
      String ns = dot < 0 ? namespace : pod.substring(dot + 1);
      MeshSnapshot.Pod client = check.pod(name, ns);
      if (client.standInFor() != null && !client.name().equals(name)) {
        reporter.info("pod " + name + " is not in the manifests: checking " + client.standInFor() + "'s pod template");
      }
      if (!client.sidecar()) {
        reporter.warn("pod " + client.id() + " has no istio-proxy sidecar: it sends plaintext to every service");
      }
      rows = check.forPod(client, service);
    }
    Renderer.render(root.out(), output.format(), rows, r -> TlsCheckTable.render(r, all));
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
   * the client's and the root's; otherwise (every reachable service, or --all) the whole mesh.
   */
  private MeshSnapshot load(Kube k, String namespace) {
    String clientNs = all ? null : pod.lastIndexOf('.') < 0 ? namespace : pod.substring(pod.lastIndexOf('.') + 1);
    String serviceNs = all || service == null ? null : TlsCheck.serviceNamespace(service, clientNs);
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
