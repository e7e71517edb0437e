package io.meshctl.core.manifest;

/**
 * Where a document came from, for error messages: {@code deploy.yaml:12}. {@code line} is 1-based,
 * 0 when unknown; {@code index} counts documents within the file from 0.
 */
public record Source(String file, int line, int index) {

  public static final String STDIN = "<stdin>";

  public String at(int otherLine) {
    return otherLine > 0 ? file + ":" + otherLine : file;
  }

  @Override
  public String toString() {
    return at(line);
  }
}
