package io.meshctl.cli.command.authn;

import picocli.CommandLine.Command;

@Command(name = "authn", subcommands = AuthnTlsCheckCommand.class,
    description = "Inspect mesh authentication: mTLS policy against DestinationRules.")
public final class AuthnCommand {
}
