package io.meshctl.cli.command.route;

import io.meshctl.cli.NotImplemented;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show the current split of a host's traffic, per route.")
public final class RouteShowCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST", description = "The destination host: short name or FQDN.")
  String host;

  @Mixin
  KubeOptions kube;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() {
    throw new NotImplemented("route show", 6);
  }
}
