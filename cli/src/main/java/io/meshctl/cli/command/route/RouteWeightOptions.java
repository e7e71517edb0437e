package io.meshctl.cli.command.route;

import io.meshctl.cli.options.Candidates;
import io.meshctl.cli.options.DryRunOptions;
import io.meshctl.cli.options.OutputOptions;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Everything {@code route set-weight} takes, shared with the {@code route HOST SUBSET=WEIGHT...}
 * shorthand so the two cannot drift apart. The host is optional here only so that {@code route}
 * alone can print its usage; the command checks it.
 */
public final class RouteWeightOptions {

  /** The help footer of both spellings (picocli turns each %n into a line break). */
  static final String EXIT_CODES = "  0  done%n"
      + "  64 ambiguous: pick one with --virtual-service or --route%n"
      + "  65 invalid weights or subset%n"
      + "  66 no VirtualService routes the host%n"
      + "  75 gave up: the VirtualService kept changing%n"
      + "  77 managed by Flagger or Argo Rollouts (--force)%n"
      + "  79 --strict: a weighted subset selects no pods";

  @Parameters(index = "0", arity = "0..1", paramLabel = "HOST|vs/NAME", completionCandidates = Candidates.Hosts.class,
      description = "The destination host (short name, resolved in the namespace; HOST.NAMESPACE names the "
          + "namespace too; or a full host name), a VirtualService host, or a VirtualService: vs/NAME[.NAMESPACE].")
  String host;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "SUBSET=WEIGHT",
      description = "The new split: whole numbers 0-100 that sum to 100, one per subset of the DestinationRule.")
  List<String> weights;

  @Option(names = "--virtual-service", paramLabel = "NAME",
      description = "Edit this VirtualService (when several route the host), or the name for --create.")
  String virtualService;

  @Option(names = "--route", paramLabel = "NAME|INDEX",
      description = "Edit this route when the VirtualService has several for the host: its name, its index in "
          + "http (or in tcp/tls when there is no http), or http[i]/tcp[i]/tls[i].")
  String route;

  @Option(names = "--create", description = "Make a VirtualService (hosts, gateways, one HTTP route) when none routes the host.")
  boolean create;

  @Option(names = "--hosts", paramLabel = "HOST", split = ",",
      description = "With --create: the VirtualService's hosts (default: HOST).")
  List<String> hosts;

  @Option(names = "--gateway", paramLabel = "GATEWAY", split = ",",
      description = "With --create: bind it to these gateways (default: none, i.e. the sidecars only).")
  List<String> gateways;

  @Option(names = "--force", description = "Edit a VirtualService even though Flagger or Argo Rollouts manages it.")
  boolean force;

  @Option(names = "--strict", description = "Refuse (exit 79, nothing written) when a weighted subset selects no pods.")
  boolean strict;

  @Mixin
  DryRunOptions dryRun;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Edit the VirtualService in these manifests instead of the cluster and print it; repeatable.")
  List<String> files;


  @Mixin
  OutputOptions output;
}
