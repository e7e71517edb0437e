package io.meshctl.core.cert;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of the upload checks: the material in the order it will be stored, and every
 * finding. Nothing may be sent while {@link #failed()}.
 */
public record Checked(List<X509Certificate> chain, String keyPem, List<X509Certificate> ca, List<Finding> findings) {

  public boolean failed() {
    return findings.stream().anyMatch(Finding::error);
  }

  public List<Finding> errors() {
    return findings.stream().filter(Finding::error).toList();
  }

  public List<Finding> warnings() {
    return findings.stream().filter(f -> !f.error()).toList();
  }

  /** The root: the first CA-file certificate, else the chain's self-signed top. */
  public X509Certificate root() {
    if (!ca.isEmpty()) {
      return ca.get(ca.size() - 1);
    }
    X509Certificate top = chain.get(chain.size() - 1);
    return Chains.selfSigned(top) ? top : null;
  }

  /** The chain from the signing certificate up to and including the root, as cacerts' cert-chain.pem. */
  public List<X509Certificate> chainToRoot() {
    List<X509Certificate> all = new ArrayList<>(chain);
    X509Certificate root = root();
    if (root != null && !all.contains(root)) {
      all.add(root);
    }
    return all;
  }
}
