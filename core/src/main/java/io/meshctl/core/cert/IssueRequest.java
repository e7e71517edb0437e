package io.meshctl.core.cert;

import java.time.Instant;
import java.util.List;

/**
 * Everything a new certificate needs. {@code issuer} null means self-signed. {@code pathLen} null
 * means unlimited (a root), and is ignored for leaves.
 */
public record IssueRequest(Profile profile, String commonName, String organization, List<String> dnsNames,
    List<String> ipAddresses, List<String> uris, Instant notBefore, Instant notAfter, KeySpec keySpec,
    CaMaterial issuer, Integer pathLen) {

  public IssueRequest {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
  }
}
