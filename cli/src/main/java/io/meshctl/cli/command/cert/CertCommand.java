package io.meshctl.cli.command.cert;

import picocli.CommandLine.Command;

@Command(name = "cert", subcommands = {CertIssueCommand.class, CertUploadCommand.class, CertInspectCommand.class},
    description = "Issue, check and upload certificates for the mesh CA and the ingress gateway.")
public final class CertCommand {
}
