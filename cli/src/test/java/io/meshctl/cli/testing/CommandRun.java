package io.meshctl.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** One finished meshctl invocation: what a user or script would see. */
public record CommandRun(int exitCode, String out, String err) {

  /** Asserts the exit code, printing both streams when it differs. */
  public CommandRun assertExit(int expected) {
    assertThat(exitCode).as("exit code of meshctl%nstdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
    return this;
  }

  /** Asserts success. */
  public CommandRun assertOk() {
    return assertExit(0);
  }
}
