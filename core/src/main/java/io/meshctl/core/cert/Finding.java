package io.meshctl.core.cert;

/** One check result: an error stops the upload (exit 65), a warning is printed and the upload goes on. */
public record Finding(boolean error, String check, String message) {

  static Finding error(String check, String message) {
    return new Finding(true, check, message);
  }

  static Finding warning(String check, String message) {
    return new Finding(false, check, message);
  }
}
