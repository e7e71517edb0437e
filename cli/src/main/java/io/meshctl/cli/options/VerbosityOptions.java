package io.meshctl.cli.options;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -v} and {@code -q}, accepted before or after any subcommand. Inherited options are bound
 * to this one instance on the root, so the error handler reads them wherever they were given.
 */
public final class VerbosityOptions {

  private boolean verbose;
  private boolean quiet;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Say more on stderr, and print the stack trace of an error.")
  void setVerbose(boolean verbose) {
    this.verbose = verbose;
  }

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "Print only data and errors: no progress or per-object reports on stderr.")
  void setQuiet(boolean quiet) {
    this.quiet = quiet;
  }

  public boolean verbose() {
    return verbose;
  }

  public boolean quiet() {
    return quiet && !verbose;
  }
}
