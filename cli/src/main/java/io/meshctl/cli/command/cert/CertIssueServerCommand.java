package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.SanNames;
import io.meshctl.core.cert.Profile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", sortOptions = false,
    description = {"Issue a server certificate for gateway hosts (serverAuth, DNS/IP SANs; 90 days by default). "
        + "Self-signed without --ca-cert. --cert gets the certificate followed by the CA's intermediates, as "
        + "fullchain.pem.", "",
        "  meshctl cert issue server --host blog.datadoc.info --cert fullchain.pem --key privkey.pem"})
public final class CertIssueServerCommand implements Callable<Integer> {

  @Option(names = "--host", paramLabel = "HOST", required = true,
      description = "A DNS name (wildcards as *.example.com) or IP address; repeat for more.")
  List<String> hosts;

  @Option(names = "--cert", paramLabel = "FILE", required = true, description = "Where to write the certificate chain.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", required = true, description = "Where to write the private key (0600).")
  Path key;

  @Option(names = "--common-name", paramLabel = "NAME", description = "Subject common name (default: the first --host).")
  String commonName;

  @Mixin
  CaOptions ca;

  @Mixin
  IssueOptions issue;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (String h : hosts) {
      if (SanNames.isIp(h)) {
        ips.add(h);
      } else {
        String problem = SanNames.problem(h);
        if (problem != null) {
          throw new MeshctlException.Usage("--host " + h + ": " + problem);
        }
        dns.add(h.toLowerCase(java.util.Locale.ROOT));
      }
    }
    String cn = commonName != null ? commonName : hosts.get(0);
    var result = issue.issue(root, Profile.SERVER, "Envoy cannot serve Ed25519 certificates", ca,
        new IssueOptions.Subject(cn.length() <= 64 ? cn : null, null, dns, ips, List.of(), null),
        IssueOptions.Outputs.pair(cert, key));
    IssueSummary.report(root.reporter(), "wrote server certificate " + cert + " and its key " + key, result);
    return 0;
  }
}
