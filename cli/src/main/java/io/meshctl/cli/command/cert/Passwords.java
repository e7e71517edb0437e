package io.meshctl.cli.command.cert;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.CertFiles;
import java.nio.file.Path;
import java.util.Map;

/** Key passwords come from a file or an environment variable, never from argv (visible in ps and shell history). */
final class Passwords {

  private Passwords() {
  }

  static char[] read(Path file, String fileFlag, String var, String envFlag, Map<String, String> env) {
    if (file != null && var != null) {
      throw new MeshctlException.Usage(fileFlag + " and " + envFlag + " exclude each other: pass one");
    }
    String pw = null;
    if (file != null) {
      pw = CertFiles.read(file, fileFlag).lines().findFirst().orElse("");
    } else if (var != null) {
      pw = env.get(var);
      if (pw == null) {
        throw new MeshctlException.Usage(envFlag + " " + var + ": the environment variable is not set");
      }
    }
    if (pw != null && pw.isEmpty()) {
      throw new MeshctlException.Usage((file != null ? fileFlag + " " + file : envFlag + " " + var)
          + " holds an empty password");
    }
    return pw == null ? null : pw.toCharArray();
  }
}
