package io.meshctl.core;

/**
 * The failures a user can act on. Each subclass is one row of the exit-code table; the CLI maps them
 * in one place, so core never decides an exit code and never prints.
 * Messages are complete sentences naming the file, object or field and what to do.
 */
public abstract class MeshctlException extends RuntimeException {

  protected MeshctlException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Malformed or inconsistent input data: YAML, weights, certificates, policies (exit 65). */
  public static final class InvalidInput extends MeshctlException {
    public InvalidInput(String message) {
      super(message, null);
    }

    public InvalidInput(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A file, pod, object, namespace or secret that the command was pointed at does not exist (exit 66). */
  public static final class NotFound extends MeshctlException {
    public NotFound(String message) {
      super(message, null);
    }

    public NotFound(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The API server could not be reached or did not answer in time (exit 69). */
  public static final class Unavailable extends MeshctlException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Output could not be written: stdout, or a file (exists without --force, not a regular file, I/O error) (exit 73). */
  public static final class CannotWrite extends MeshctlException {
    public CannotWrite(String message) {
      super(message, null);
    }

    public CannotWrite(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Another writer changed the object between our read and our write (HTTP 409). Callers that retry
   * catch it; if it escapes, the command gave up (exit 75).
   */
  public static final class Conflict extends MeshctlException {
    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The API server refused the request: authentication or RBAC (exit 77). */
  public static final class Forbidden extends MeshctlException {
    public Forbidden(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A combination of arguments that parses but makes no sense, found after parsing (exit 64). */
  public static final class Usage extends MeshctlException {
    public Usage(String message) {
      super(message, null);
    }
  }
}
