package io.meshctl.cli.command.cert;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.CaMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Option;

/** The issuing CA: certificate (CA first, then its chain), key, and the key's password if it is encrypted. */
public final class CaOptions {

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "Issuing CA certificate (PEM), followed by its chain.")
  Path caCert;

  @Option(names = "--ca-key", paramLabel = "FILE", description = "Private key of the issuing CA (PEM).")
  Path caKey;

  @Option(names = "--ca-password-file", paramLabel = "FILE", description = "Password of an encrypted --ca-key, in FILE.")
  Path caPasswordFile;

  @Option(names = "--ca-password-env", paramLabel = "VAR",
      description = "Password of an encrypted --ca-key, in environment variable VAR.")
  String caPasswordEnv;

  @Option(names = "--allow-invalid-ca",
      description = "Sign even when the CA certificate is expired or not yet valid (what it signs will not verify).")
  boolean allowInvalidCa;

  boolean given() {
    return caCert != null || caKey != null;
  }

  CaMaterial load(Map<String, String> env) {
    if (caCert == null || caKey == null) {
      throw new MeshctlException.Usage("--ca-cert and --ca-key go together: pass both");
    }
    return CaMaterial.load(caCert, caKey, Passwords.read(caPasswordFile, "--ca-password-file", caPasswordEnv,
        "--ca-password-env", env), Instant.now(), allowInvalidCa);
  }
}
