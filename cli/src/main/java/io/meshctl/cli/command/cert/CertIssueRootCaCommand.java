package io.meshctl.cli.command.cert;

import io.meshctl.cli.NotImplemented;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "root-ca", description = "Issue a self-signed root CA for the mesh.")
public final class CertIssueRootCaCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotImplemented("cert issue root-ca", 5);
  }
}
