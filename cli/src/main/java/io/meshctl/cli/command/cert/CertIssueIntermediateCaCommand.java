package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.CertFiles;
import io.meshctl.core.cert.CertIssuer;
import io.meshctl.core.cert.IssueRequest;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cert.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
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
    var keySpec = issue.keySpec(false, "istiod signs workload certificates with RSA or ECDSA keys only");
    char[] password = issue.password(root.env().variables());
    Path caCert = outDir.resolve("ca-cert.pem");
    Path caKey = outDir.resolve("ca-key.pem");
    Path rootCert = outDir.resolve("root-cert.pem");
    Path chain = outDir.resolve("cert-chain.pem");
    if (Files.isDirectory(outDir)) {
      new CertFiles().add(caCert, "").add(caKey, "").add(rootCert, "").add(chain, "").check(issue.force);
    }
    var signer = ca.load(root.env().variables());
    Instant start = issue.notBefore(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    var result = new CertIssuer().issue(new IssueRequest(Profile.INTERMEDIATE_CA, commonName, organization,
        List.of(), List.of(), List.of(), start, issue.notAfter(start, Profile.INTERMEDIATE_CA), keySpec, signer,
        pathLen));
    var issued = result.issued();
    var top = signer.chain().get(signer.chain().size() - 1);
    if (!io.meshctl.core.cert.Chains.selfSigned(top)) {
      root.reporter().warn("root-cert.pem gets " + top.getSubjectX500Principal().getName() + ", which is not "
          + "self-signed: pass a --ca-cert file that ends with the root so workloads can verify the chain");
    }
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new MeshctlException.CannotWrite("cannot create --out-dir " + outDir + ": " + e.getMessage(), e);
    }
    new CertFiles().add(caCert, Pem.certificate(issued.cert()))
        .addPrivate(caKey, Pem.privateKey(issued.key(), password))
        .add(rootCert, Pem.certificate(top))
        .add(chain, Pem.certificates(issued.fullChain()))
        .write(issue.force);
    IssueSummary.report(root.reporter(), "wrote intermediate CA to " + outDir
        + " (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem)", result);
    return 0;
  }
}
