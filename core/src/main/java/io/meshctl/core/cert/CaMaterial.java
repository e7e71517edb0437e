package io.meshctl.core.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** An issuing CA: its certificate first, then the chain up to the root as the file held it, and its key. */
public record CaMaterial(List<X509Certificate> chain, PrivateKey key) {

  public CaMaterial {
    chain = List.copyOf(chain);
  }

  public X509Certificate cert() {
    return chain.get(0);
  }
}
