package io.meshctl.cli;

/** Thrown by a command whose issue is not done yet: exit 1 with that said, never fake output. */
public final class NotImplemented extends RuntimeException {

  public NotImplemented(String command, int issue) {
    super("'meshctl " + command + "' is not implemented yet (tracked as issue #" + issue + ")");
  }
}
