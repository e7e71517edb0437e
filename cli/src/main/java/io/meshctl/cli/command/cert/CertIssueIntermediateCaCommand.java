package io.meshctl.cli.command.cert;

import io.meshctl.cli.NotImplemented;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "intermediate-ca", description = "Issue an intermediate CA in the layout of Istio's cacerts secret.")
public final class CertIssueIntermediateCaCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotImplemented("cert issue intermediate-ca", 5);
  }
}
