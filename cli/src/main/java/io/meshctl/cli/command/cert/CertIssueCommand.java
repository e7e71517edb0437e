package io.meshctl.cli.command.cert;

import picocli.CommandLine.Command;

@Command(name = "issue",
    subcommands = {CertIssueRootCaCommand.class, CertIssueIntermediateCaCommand.class, CertIssueServerCommand.class,
        CertIssueWorkloadCommand.class},
    description = "Issue a certificate and its key: root-ca, intermediate-ca, server or workload.")
public final class CertIssueCommand {
}
