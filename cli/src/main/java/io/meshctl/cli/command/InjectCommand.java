package io.meshctl.cli.command;

import io.meshctl.cli.NotImplemented;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inject", sortOptions = false,
    description = {"Add the Istio sidecar proxy to workload manifests, offline, as istioctl kube-inject does.", "",
        "Reads Pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets, ReplicationControllers,",
        "DeploymentConfigs and List documents; writes the whole stream, injected, to stdout in input order.",
        "Other documents pass through unchanged. A report, one line per object, goes to stderr.", "",
        "  meshctl inject -f deploy.yaml | kubectl apply -f -"})
public final class InjectCommand implements Callable<Integer> {

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", required = true,
      description = "Manifest file, directory (recursive) or - for stdin; repeatable.")
  List<String> files;

  @Option(names = "--output-file", paramLabel = "FILE", description = "Write the result to FILE (atomically) instead of stdout.")
  Path outputFile;

  @Option(names = "--uninject", description = "Remove what a previous injection added, as its status annotation records.")
  boolean uninject;

  @Override
  public Integer call() {
    throw new NotImplemented("inject", 3);
  }
}
