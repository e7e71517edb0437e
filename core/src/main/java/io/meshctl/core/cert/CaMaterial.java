package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** An issuing CA: its certificate first, then the chain up to the root as the file held it, and its key. */
public record CaMaterial(List<X509Certificate> chain, PrivateKey key) {

  public CaMaterial {
    chain = List.copyOf(chain);
  }

  /** Reads the CA from its certificate file (CA first, then its chain) and its key file. */
  public static CaMaterial load(Path certFile, Path keyFile, char[] password) {
    List<X509Certificate> chain = Pem.certificates(CertFiles.read(certFile, "--ca-cert"), certFile.toString());
    Pem.KeyFile key = Pem.privateKey(CertFiles.read(keyFile, "--ca-key"), keyFile.toString(), password);
    if (key.encrypted()) {
      throw new MeshctlException.InvalidInput("--ca-key " + keyFile + " is encrypted: give its password with "
          + "--ca-password-file FILE or --ca-password-env VAR");
    }
    return new CaMaterial(chain, key.key());
  }

  public X509Certificate cert() {
    return chain.get(0);
  }
}
