package io.meshctl.core.cert;

import java.time.Duration;

/** What a certificate is for; each profile fixes its extensions and default lifetime. */
public enum Profile {
  /** Self-signed trust anchor: CA, signs certificates and CRLs. */
  ROOT_CA(Duration.ofDays(3650), true),
  /** Istio's signing CA (cacerts): CA with pathLen 0, so it can sign only workload/leaf certificates. */
  INTERMEDIATE_CA(Duration.ofDays(1825), true),
  /** A gateway's serving certificate: DNS/IP SANs, serverAuth. */
  SERVER(Duration.ofDays(90), false),
  /** A workload identity: the SPIFFE URI SAN, serverAuth and clientAuth (mTLS both ways). */
  WORKLOAD(Duration.ofDays(90), false);

  public final Duration defaultLifetime;
  public final boolean ca;

  Profile(Duration defaultLifetime, boolean ca) {
    this.defaultLifetime = defaultLifetime;
    this.ca = ca;
  }
}
