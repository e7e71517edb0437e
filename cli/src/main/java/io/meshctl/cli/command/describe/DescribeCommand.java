package io.meshctl.cli.command.describe;

import picocli.CommandLine.Command;

@Command(name = "describe", subcommands = DescribePodCommand.class,
    description = "Describe what the mesh does to an object.")
public final class DescribeCommand {
}
