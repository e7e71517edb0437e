package io.meshctl.cli.command.cert;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.ExitCodes;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.CertFiles;
import io.meshctl.core.cert.CertInfo;
import io.meshctl.core.cert.Inspection;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", sortOptions = false,
    description = {"Show a certificate's subject, issuer, SANs, SPIFFE id, validity, fingerprint and chain status. "
        + "Exits 79 when a certificate expires within --min-remaining, so CI can gate on it.", "",
        "  meshctl cert inspect fullchain.pem",
        "  meshctl cert inspect secret/istio-ingressgateway-certs -n istio-system -o json"})
public final class CertInspectCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE|-|secret/NAME",
      description = "A PEM file, - for standard input, or a secret (default namespace: -n, else istio-system).")
  String target;

  @Option(names = "--ca", paramLabel = "FILE", description = "Root certificate(s) to check the chain against.")
  Path ca;

  @Option(names = "--min-remaining", paramLabel = "DURATION", defaultValue = "30d", converter = LifetimeConverter.class,
      description = "Exit 79 when a certificate expires within this time (default: ${DEFAULT-VALUE}).")
  Duration minRemaining;


  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    List<X509Certificate> roots = ca == null ? List.of()
        : Pem.certificates(CertFiles.read(ca, "--ca"), ca.toString());
    Inspection result;
    if (target.startsWith("secret/") || target.startsWith("secrets/")) {
      result = inspectSecret(target.substring(target.indexOf('/') + 1), roots, root);
    } else {
      Path file = Path.of(target);
      result = Inspection.of(CertFiles.read(file, "certificate file", root.env().stdin()), CertFiles.name(file), roots,
          null, Instant.now(), minRemaining);
    }
    Renderer.render(spec.commandLine().getOut(), output.format(), result, CertInspectCommand::table);
    if (Boolean.FALSE.equals(result.keyMatches())) {
      root.reporter().warn(result.source() + ": the private key stored with it does not belong to the certificate");
    }
    if (result.expiring()) {
      root.reporter().warn(result.source() + ": " + result.expiresFirst() + " is within --min-remaining "
          + minRemaining.toDays() + " days: renew it");
      return ExitCodes.CHECK_FAILED;
    }
    return 0;
  }

  private Inspection inspectSecret(String name, List<X509Certificate> roots, MeshctlCommand root) {
    String ns = kube().namespaceOr(kube().istioNamespace());
    try (Kube cluster = Kube.connect(kube().toClusterOptions(), root.env().variables())) {
      JsonNode secret = cluster.get(ResourceType.SECRET, ns, name).orElseThrow(() -> new MeshctlException.NotFound(
          "secret " + ns + "/" + name + " not found: check the name, or pass -n NAMESPACE"));
      return Inspection.ofSecret(secret, "secret " + ns + "/" + name, roots, Instant.now(), minRemaining);
    }
  }

  private static String table(Inspection r) {
    StringBuilder sb = new StringBuilder();
    int n = r.certificates().size();
    for (int i = 0; i < n; i++) {
      CertInfo c = r.certificates().get(i);
      sb.append("certificate ").append(i + 1).append(" of ").append(n).append(c.ca() ? " (CA)" : "").append('\n');
      row(sb, "subject", c.subject());
      row(sb, "issuer", c.issuer() + (c.selfSigned() ? " (self-signed)" : ""));
      row(sb, "SANs", c.sanSummary());
      row(sb, "SPIFFE id", c.spiffeId() == null ? "-" : c.spiffeId());
      row(sb, "valid", c.notBefore() + " to " + c.notAfter() + (c.daysRemaining() < 0
          ? " (EXPIRED " + -c.daysRemaining() + " days ago)" : " (" + c.daysRemaining() + " days left)"));
      row(sb, "key", c.publicKey());
      row(sb, "usage", String.join(", ", c.keyUsage()) + (c.extendedKeyUsage().isEmpty() ? ""
          : "; " + String.join(", ", c.extendedKeyUsage())) + (c.pathLen() != null ? "; pathLen " + c.pathLen() : ""));
      row(sb, "serial", c.serial());
      row(sb, "sha256", c.sha256());
      sb.append('\n');
    }
    sb.append("chain: ").append(r.chainStatus().equals("OK") ? "" : r.chainStatus() + ": ").append(r.chain())
        .append('\n');
    if (r.keyMatches() != null) {
      sb.append("key:   ").append(r.keyMatches() ? "matches the leaf certificate" : "DOES NOT MATCH").append('\n');
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String label, String value) {
    sb.append("  ").append(String.format("%-10s", label + ":")).append(' ').append(value).append('\n');
  }

  private KubeOptions kube() {
    return MeshctlCommand.of(spec).kube();
  }
}
