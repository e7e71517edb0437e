package io.meshctl.cli.command.route;

import io.meshctl.cli.NotImplemented;
import io.meshctl.cli.options.KubeOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "set-weight", description = "Set the weights of a host's subsets on the VirtualService that routes it.")
public final class RouteSetWeightCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST", description = "The destination host: short name or FQDN.")
  String host;

  @Parameters(index = "1..*", paramLabel = "SUBSET=WEIGHT", description = "Integer weights summing to 100.")
  List<String> weights;

  @Mixin
  KubeOptions kube;

  @Override
  public Integer call() {
    throw new NotImplemented("route set-weight", 6);
  }
}
