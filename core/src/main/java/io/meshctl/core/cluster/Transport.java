package io.meshctl.core.cluster;

/**
 * How {@link Kube} sends one request: JSON text in and out, nothing typed. Two implementations:
 * {@link JdkTransport} for the kubeconfigs most people have (fast to start, no threads), and
 * {@link Fabric8Transport} for everything else (exec plugins, proxies, in-cluster...). Keeping
 * fabric8 behind this interface means its classes load only when that path is taken.
 */
interface Transport extends AutoCloseable {

  /**
   * Sends {@code method path} with an optional JSON body.
   *
   * @param path an API path starting with {@code /}
   * @return the body of a 2xx answer, possibly empty
   * @throws Failure for any other answer, or when none came
   */
  String send(String method, String path, String body) throws Failure;

  /** The API server URL as the kubeconfig names it, ending with {@code /}, for messages. */
  String server();

  /** Which path this is and why, for {@code -v} and tests; never a secret. */
  String describe();

  @Override
  void close();

  /**
   * A request that did not succeed. {@code code} is the HTTP status, or 0 when no answer came (the
   * cause then says why: refused, timed out, TLS...). {@code body} is the error body when there is
   * one (Kubernetes sends a {@code Status} object); {@code reason} is the message to use when the
   * body has none.
   */
  final class Failure extends Exception {

    final int code;
    final String body;
    final String reason;

    Failure(int code, String body, String reason, Throwable cause) {
      super(code == 0 ? "no answer" : "HTTP " + code, cause);
      this.code = code;
      this.body = body;
      this.reason = reason;
    }
  }
}
