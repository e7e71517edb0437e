package io.meshctl.core.authn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One verdict: what the server side of {@code host:port} requires, what the client sidecar sends,
 * which objects decided each, and whether they agree. {@code reason} and {@code fix} are set for
 * CONFLICT rows only; {@code source} only in the mesh-wide report ({@code *} = every client that
 * has no more specific row for the host).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "host", "port", "status", "server", "client", "authnPolicy", "destinationRule",
    "reason", "fix"})
public record TlsCheckRow(String source, String host, int port, Status status, String server, String client,
    String authnPolicy, String destinationRule, String reason, String fix) {

  public enum Status { OK, AUTO, CONFLICT }

  /** The same verdict for another source: {@code tls-check -l} labels each pod's rows with its name. */
  public TlsCheckRow withSource(String s) {
    return new TlsCheckRow(s, host, port, status, server, client, authnPolicy, destinationRule, reason, fix);
  }

  /** Equal apart from the source: what the mesh-wide report de-duplicates on. */
  boolean sameVerdict(TlsCheckRow o) {
    return withSource(null).equals(o.withSource(null));
  }
}
