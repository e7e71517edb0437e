package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.Issued;
import io.meshctl.core.cert.Profile;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "intermediate-ca", sortOptions = false,
    description = {"Issue an intermediate CA in the layout of Istio's cacerts secret: ca-cert.pem, ca-key.pem, "
        + "root-cert.pem and cert-chain.pem in --out-dir.", "",
        "  meshctl cert issue intermediate-ca --ca-cert root-cert.pem --ca-key root-key.pem --out-dir cluster1",
        "  meshctl cert upload --type cacerts --cert cluster1/cert-chain.pem --key cluster1/ca-key.pem "
            + "--ca cluster1/root-cert.pem"})
public final class CertIssueIntermediateCaCommand implements Callable<Integer> {

  @Mixin
  CaOptions ca;

  @Option(names = "--out-dir", paramLabel = "DIR", required = true,
      description = "Directory for ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem (created if missing).")
  Path outDir;

  @Option(names = "--common-name", paramLabel = "NAME", defaultValue = "meshctl Intermediate CA",
      description = "Subject common name (default: ${DEFAULT-VALUE}).")
  String commonName;

  @Option(names = "--organization", paramLabel = "ORG", description = "Subject organization (O=).")
  String organization;

  @Option(names = "--path-len", paramLabel = "N", defaultValue = "0",
      description = "How many CAs may follow this one (default: ${DEFAULT-VALUE}: istiod signs only workloads).")
  int pathLen;

  @Mixin
  IssueOptions issue;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    if (ca.caCert == null || ca.caKey == null) {
      throw new MeshctlException.Usage("intermediate-ca needs the root that signs it: pass --ca-cert and --ca-key");
    }
    Map<Path, Function<Issued, List<X509Certificate>>> certs = new LinkedHashMap<>();
    certs.put(outDir.resolve("ca-cert.pem"), i -> List.of(i.cert()));
    certs.put(outDir.resolve("root-cert.pem"), i -> List.of(i.fullChain().get(i.fullChain().size() - 1)));
    certs.put(outDir.resolve("cert-chain.pem"), Issued::fullChain);
    var result = issue.issue(root, Profile.INTERMEDIATE_CA,
        "istiod signs workload certificates with RSA or ECDSA keys only", ca,
        IssueOptions.Subject.ca(commonName, organization, pathLen),
        new IssueOptions.Outputs(certs, outDir.resolve("ca-key.pem"), outDir));
    IssueSummary.report(root.reporter(), "wrote intermediate CA to " + outDir
        + " (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem)", result);
    return 0;
  }
}
