package io.meshctl.cli.command.cert;

import io.meshctl.cli.NotImplemented;
import io.meshctl.cli.options.KubeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "upload", sortOptions = false,
    description = {"Check a certificate, its chain and key, then store them as the secret a gateway or the mesh CA reads.",
        "", "  meshctl cert upload --cert fullchain.pem --key privkey.pem --gateway wordpress-gateway"})
public final class CertUploadCommand implements Callable<Integer> {

  @Option(names = "--cert", paramLabel = "FILE", required = true, description = "Certificate chain, leaf first (PEM).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "Private key of the leaf (PEM).")
  Path key;

  @Option(names = "--ca", paramLabel = "FILE", description = "CA certificate to include as ca.crt.")
  Path ca;

  @Option(names = "--dry-run", description = "Print the Secret that would be stored; send nothing.")
  boolean dryRun;

  @Mixin
  KubeOptions kube;

  @Override
  public Integer call() {
    throw new NotImplemented("cert upload", 5);
  }
}
