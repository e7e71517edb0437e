package io.meshctl.cli.command.route;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "route", subcommands = {RouteSetWeightCommand.class, RouteShowCommand.class}, sortOptions = false,
    description = {"Show and shift traffic between the subsets of a service (canary weights on a VirtualService).", "",
        "  meshctl route wordpress v1=90 v2=10   (= route set-weight wordpress v1=90 v2=10)",
        "  meshctl route show wordpress"},
    footer = RouteWeightOptions.EXIT_CODES)
public final class RouteCommand implements Callable<Integer> {

  @Mixin
  RouteWeightOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return RouteSetWeightCommand.execute(options, spec);
  }
}
