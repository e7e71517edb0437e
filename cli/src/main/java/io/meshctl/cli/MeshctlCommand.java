package io.meshctl.cli;

import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.VerbosityOptions;
import io.meshctl.cli.render.Ansi;
import io.meshctl.cli.render.StderrReporter;
import io.meshctl.core.Reporter;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root: global options, and the process context every command reads through it. */
@Command(name = "meshctl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true, sortOptions = false,
    description = {"Operate an Istio service mesh on Kubernetes: inject sidecars, check mTLS policy against "
        + "DestinationRules, issue and upload certificates, and shift canary traffic.", ""},
    footerHeading = "%nExit codes:%n",
    footer = {"  0 success            64 usage error           69 cluster unreachable",
        "  1 internal error     65 invalid input         73 cannot write output",
        "                       66 not found             75 gave up on conflicts",
        "                       77 forbidden (RBAC)      79 a check found problems", "",
        "Run 'meshctl COMMAND --help' for a command's options."})
public final class MeshctlCommand implements Runnable {

  @Mixin
  VerbosityOptions verbosity = new VerbosityOptions();

  @Mixin
  KubeOptions kube = new KubeOptions();

  @Spec
  CommandSpec spec;

  private Env env = Env.system();

  public VerbosityOptions verbosity() {
    return verbosity;
  }

  /** The cluster options, wherever on the command line they were given. */
  public KubeOptions kube() {
    return kube;
  }

  public Env env() {
    return env;
  }

  MeshctlCommand env(Env env) {
    this.env = env;
    return this;
  }

  /** Where a command's data goes. */
  public PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where reports, warnings and errors go. */
  public PrintWriter err() {
    return spec.commandLine().getErr();
  }

  public Ansi ansi() {
    return Ansi.detect(env.variables());
  }

  public Reporter reporter() {
    return new StderrReporter(err(), verbosity.quiet(), verbosity.verbose(), ansi());
  }

  /** The root of any command, for its environment and reporter. */
  public static MeshctlCommand of(CommandSpec spec) {
    return (MeshctlCommand) spec.root().userObject();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
