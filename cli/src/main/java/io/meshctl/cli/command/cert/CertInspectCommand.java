package io.meshctl.cli.command.cert;

import io.meshctl.cli.NotImplemented;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "inspect",
    description = "Show a certificate's subject, issuer, SANs, SPIFFE id, validity, fingerprint and chain status.")
public final class CertInspectCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE|secret/NAME", description = "A PEM file, or a secret in the namespace.")
  String target;

  @Mixin
  KubeOptions kube;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() {
    throw new NotImplemented("cert inspect", 5);
  }
}
