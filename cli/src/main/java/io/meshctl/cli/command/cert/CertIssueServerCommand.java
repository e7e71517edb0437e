package io.meshctl.cli.command.cert;

import io.meshctl.cli.NotImplemented;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "server", description = "Issue a server certificate for gateway hosts (self-signed without --ca-cert).")
public final class CertIssueServerCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotImplemented("cert issue server", 5);
  }
}
