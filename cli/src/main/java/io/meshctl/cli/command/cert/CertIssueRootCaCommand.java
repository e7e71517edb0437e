package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.cert.Profile;
import java.nio.file.Path;
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
    var result = issue.issue(root, Profile.ROOT_CA, null, null,
        IssueOptions.Subject.ca(commonName, organization, pathLen), IssueOptions.Outputs.pair(cert, key));
    IssueSummary.report(root.reporter(), "wrote root CA " + cert + " and its key " + key, result);
    return 0;
  }
}
