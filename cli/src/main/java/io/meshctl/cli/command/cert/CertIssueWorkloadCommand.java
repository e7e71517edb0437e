package io.meshctl.cli.command.cert;

import io.meshctl.cli.NotImplemented;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "workload", description = "Issue a workload certificate with a SPIFFE identity.")
public final class CertIssueWorkloadCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotImplemented("cert issue workload", 5);
  }
}
