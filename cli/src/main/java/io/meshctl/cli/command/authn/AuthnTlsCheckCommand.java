package io.meshctl.cli.command.authn;

import io.meshctl.cli.NotImplemented;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tls-check", sortOptions = false,
    description = {"Check, for every service:port a pod can reach, that the mTLS mode the server requires and the",
        "TLS its sidecar originates agree. CONFLICT rows are traffic that would fail (503).", "",
        "  meshctl authn tls-check wordpress-77f7f9c485-k7tt9", "  meshctl authn tls-check -f k8s/ wordpress"},
    footer = {"", "Exit status: 0 no conflict, 79 at least one CONFLICT, 66 pod not found, 65 malformed policy."})
public final class AuthnTlsCheckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "POD[.NAMESPACE]", arity = "0..1", description = "The client pod.")
  String pod;

  @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1",
      description = "Only this service: short name or FQDN.")
  String service;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Check these manifests instead of the cluster; repeatable.")
  List<String> files;

  @Mixin
  KubeOptions kube;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() {
    throw new NotImplemented("authn tls-check", 4);
  }
}
