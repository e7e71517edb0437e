package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "workload", sortOptions = false,
    description = {"Issue a workload certificate with the SPIFFE identity spiffe://<trust-domain>/ns/<ns>/sa/<sa> "
        + "(empty subject, critical URI SAN, serverAuth and clientAuth), as istiod issues them.", "",
        "  meshctl cert issue workload --namespace default --service-account wordpress --ca-cert ca-cert.pem "
            + "--ca-key ca-key.pem --cert cert-chain.pem --key key.pem"})
public final class CertIssueWorkloadCommand implements Callable<Integer> {

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  @Option(names = "--service-account", paramLabel = "SA", required = true, description = "The workload's service account.")
  String serviceAccount;

  @Option(names = "--trust-domain", paramLabel = "DOMAIN", defaultValue = "cluster.local",
      description = "The mesh's trust domain (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Option(names = "--cert", paramLabel = "FILE", required = true,
      description = "Where to write the certificate followed by the CA's intermediates.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "Where to write the private key (0600).")
  Path key;

  @Mixin
  CaOptions ca;

  @Mixin
  IssueOptions issue;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    // the global -n names the workload's namespace here; an identity is not guessed from a kubeconfig
    String namespace = root.kube().namespaceFlag();
    if (namespace == null) {
      throw new MeshctlException.Usage("cert issue workload needs the workload's namespace: add -n NAMESPACE");
    }
    if (!namespace.matches(DNS_LABEL)) {
      throw new MeshctlException.Usage("--namespace " + namespace + " is not a Kubernetes namespace name "
          + "(lower-case letters, digits and '-')");
    }
    if (!serviceAccount.matches(DNS_LABEL + "(\\." + DNS_LABEL + ")*")) {
      throw new MeshctlException.Usage("--service-account " + serviceAccount + " is not a service account name "
          + "(lower-case letters, digits, '-' and '.')");
    }
    // Istio's spiffe.go turns '@' in a trust domain into '.'
    String td = trustDomain.replace('@', '.');
    if (!td.matches(DNS_LABEL + "(\\." + DNS_LABEL + ")*")) {
      throw new MeshctlException.Usage("--trust-domain " + trustDomain + " is not a DNS-style name such as cluster.local");
    }
    if (ca.caCert == null || ca.caKey == null) {
      throw new MeshctlException.Usage("workload certificates are signed by the mesh CA: pass --ca-cert and --ca-key "
          + "(e.g. the ca-cert.pem and ca-key.pem of 'meshctl cert issue intermediate-ca')");
    }
    String spiffe = "spiffe://" + td + "/ns/" + namespace + "/sa/" + serviceAccount;
    var result = issue.issue(root, Profile.WORKLOAD, "istio-proxy serves RSA or ECDSA workload certificates only",
        ca, new IssueOptions.Subject(null, null, List.of(), List.of(), List.of(spiffe), null),
        IssueOptions.Outputs.pair(cert, key));
    IssueSummary.report(root.reporter(), "wrote workload certificate " + cert + " (" + spiffe + ") and its key "
        + key, result);
    return 0;
  }
}
