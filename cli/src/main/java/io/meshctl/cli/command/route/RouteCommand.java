package io.meshctl.cli.command.route;

import io.meshctl.cli.NotImplemented;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "route", subcommands = {RouteSetWeightCommand.class, RouteShowCommand.class},
    description = {"Show and shift traffic between the subsets of a service (canary weights on a VirtualService).", "",
        "  meshctl route wordpress v1=90 v2=10      (short for: meshctl route set-weight wordpress v1=90 v2=10)",
        "  meshctl route show wordpress"})
public final class RouteCommand implements Callable<Integer> {

  @Parameters(paramLabel = "HOST SUBSET=WEIGHT", arity = "0..*",
      description = "Shorthand for set-weight: the host, then subset=weight pairs.")
  List<String> shorthand;

  @Override
  public Integer call() {
    throw new NotImplemented("route", 6);
  }
}
