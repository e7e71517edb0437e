package io.meshctl.cli;

import io.meshctl.core.MeshctlException;

/**
 * The exit-code table (docs/exit-codes.md), defined once. The same code whatever {@code -o} is, so
 * scripts can branch on it. Values follow BSD sysexits where one fits, as istioctl's do.
 */
public final class ExitCodes {

  public static final int OK = 0;
  /** A bug in meshctl: the message says to re-run with -v. */
  public static final int INTERNAL = 1;
  public static final int USAGE = 64;
  public static final int INVALID_INPUT = 65;
  public static final int NOT_FOUND = 66;
  public static final int UNAVAILABLE = 69;
  public static final int CANNOT_WRITE = 73;
  public static final int CONFLICT = 75;
  public static final int FORBIDDEN = 77;
  /** A check ran and found problems: a tls-check CONFLICT, an expiring certificate, a --strict warning. */
  public static final int CHECK_FAILED = 79;

  private ExitCodes() {
  }

  /** The code for a failure; anything that is not a {@link MeshctlException} is a bug. */
  public static int of(Throwable e) {
    if (e instanceof MeshctlException.InvalidInput) {
      return INVALID_INPUT;
    } else if (e instanceof MeshctlException.NotFound) {
      return NOT_FOUND;
    } else if (e instanceof MeshctlException.Unavailable) {
      return UNAVAILABLE;
    } else if (e instanceof MeshctlException.CannotWrite) {
      return CANNOT_WRITE;
    } else if (e instanceof MeshctlException.Conflict) {
      return CONFLICT;
    } else if (e instanceof MeshctlException.Forbidden) {
      return FORBIDDEN;
    } else if (e instanceof MeshctlException.Usage) {
      return USAGE;
    }
    return INTERNAL;
  }
}
