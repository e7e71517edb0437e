package io.meshctl.cli.render;

import io.meshctl.core.Reporter;
import java.io.PrintWriter;

/** Reports on stderr: info unless -q, warnings always, debug only with -v. */
public final class StderrReporter implements Reporter {

  private final PrintWriter err;
  private final boolean quiet;
  private final boolean verbose;
  private final Ansi ansi;

  public StderrReporter(PrintWriter err, boolean quiet, boolean verbose, Ansi ansi) {
    this.err = err;
    this.quiet = quiet;
    this.verbose = verbose;
    this.ansi = ansi;
  }

  @Override
  public void info(String message) {
    if (!quiet) {
      err.println(message);
      err.flush();
    }
  }

  @Override
  public void warn(String message) {
    err.println(ansi.yellow("warning:") + " " + message);
    err.flush();
  }

  @Override
  public void debug(String message) {
    if (verbose) {
      err.println("debug: " + message);
      err.flush();
    }
  }

  @Override
  public boolean isDebugEnabled() {
    return verbose;
  }
}
