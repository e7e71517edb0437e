package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.cert.CertFiles;
import io.meshctl.core.cert.CertIssuer;
import io.meshctl.core.cert.IssueRequest;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cert.Profile;
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

@Command(name = "root-ca", sortOptions = false,
    description = {"Issue a self-signed root CA for the mesh (CA:TRUE, keyCertSign, 10 years by default).", "",
        "  meshctl cert issue root-ca --cert root-cert.pem --key root-key.pem --common-name 'Mesh Root CA'"})
public final class CertIssueRootCaCommand implements Callable<Integer> {

  @Option(names = "--cert", paramLabel = "FILE", required = true, description = "Where to write the certificate.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "Where to write the private key (0600).")
  Path key;

  @Option(names = "--common-name", paramLabel = "NAME", defaultValue = "meshctl Root CA",
      description = "Subject common name (default: ${DEFAULT-VALUE}).")
  String commonName;

  @Option(names = "--organization", paramLabel = "ORG", description = "Subject organization (O=).")
  String organization;

  @Option(names = "--path-len", paramLabel = "N", description = "How many intermediate CAs may follow (default: no limit).")
  Integer pathLen;

  @Mixin
  IssueOptions issue;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    var keySpec = issue.keySpec(true, null);
    char[] password = issue.password(root.env().variables());
    CertFiles files = new CertFiles().add(cert, "").addPrivate(key, "");
    files.check(issue.force);
    Instant start = issue.notBefore(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    var result = new CertIssuer().issue(new IssueRequest(Profile.ROOT_CA, commonName, organization, List.of(),
        List.of(), List.of(), start, issue.notAfter(start, Profile.ROOT_CA), keySpec, null, pathLen));
    new CertFiles().add(cert, Pem.certificate(result.issued().cert()))
        .addPrivate(key, Pem.privateKey(result.issued().key(), password)).write(issue.force);
    IssueSummary.report(root.reporter(), "wrote root CA " + cert + " and its key " + key, result);
    return 0;
  }
}
