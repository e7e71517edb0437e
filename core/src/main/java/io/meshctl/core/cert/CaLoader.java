package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** Reads an issuing CA from its certificate file (CA first, then its chain) and its key file. */
public final class CaLoader {

  private CaLoader() {
  }

  public static CaMaterial load(Path certFile, Path keyFile, char[] password) {
    List<X509Certificate> chain = Pem.certificates(CertFiles.read(certFile, "--ca-cert"), certFile.toString());
    Pem.KeyFile key = Pem.privateKey(CertFiles.read(keyFile, "--ca-key"), keyFile.toString(), password);
    if (key.encrypted()) {
      throw new MeshctlException.InvalidInput("--ca-key " + keyFile + " is encrypted: give its password with "
          + "--ca-password-file FILE or --ca-password-env VAR");
    }
    return new CaMaterial(chain, key.key());
  }
}
