package io.meshctl.core;

/**
 * How core tells the user what it is doing without owning a stream. The CLI implements it on stderr,
 * honouring -q and -v; tests collect the lines.
 */
public interface Reporter {

  void info(String message);

  void warn(String message);

  void debug(String message);

  boolean isDebugEnabled();

  /** Discards everything; for callers that want only the result. */
  Reporter SILENT = new Reporter() {
    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
    }

    @Override
    public void debug(String message) {
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }
  };
}
