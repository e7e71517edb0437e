package io.meshctl.core.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** A new certificate, its key, and the issuer's chain (empty when self-signed). */
public record Issued(X509Certificate cert, PrivateKey key, List<X509Certificate> issuerChain) {

  public Issued {
    issuerChain = List.copyOf(issuerChain);
  }

  /** The certificate followed by its issuers, leaf first. */
  public List<X509Certificate> fullChain() {
    List<X509Certificate> all = new ArrayList<>();
    all.add(cert);
    all.addAll(issuerChain);
    return all;
  }

  /** What a server presents: the certificate and its intermediates; clients already hold the root. */
  public List<X509Certificate> presented() {
    List<X509Certificate> out = fullChain();
    if (out.size() > 1 && Chains.selfSigned(out.get(out.size() - 1))) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
