package io.meshctl.cli.command.cert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.options.DryRunOptions;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.render.Format;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cert.CertChecks;
import io.meshctl.core.cert.CertFiles;
import io.meshctl.core.cert.Checked;
import io.meshctl.core.cert.Finding;
import io.meshctl.core.cert.GatewayTls;
import io.meshctl.core.cert.SecretLayout;
import io.meshctl.core.cert.SecretStore;
import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.ManifestWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "upload", sortOptions = false,
    description = {"Check a certificate, its chain and key, then store them as the secret a gateway or the mesh CA "
        + "reads. Every check runs before anything is sent; any failure exits 65 and the cluster is untouched.", "",
        "  meshctl cert upload --cert fullchain.pem --key privkey.pem --gateway wordpress-gateway",
        "  meshctl cert upload --type credential --cert fullchain.pem --key privkey.pem --gateway wordpress-gateway",
        "  meshctl cert upload --type cacerts --cert cluster1/cert-chain.pem --key cluster1/ca-key.pem "
            + "--ca cluster1/root-cert.pem", "",
        "Layouts: tls = kubernetes.io/tls (tls.crt, tls.key, ca.crt), default istio-ingressgateway-certs in "
            + "istio-system, the legacy gateway's file mount; credential = the secret a Gateway names in "
            + "credentialName, in the namespace of the gateway's pods; cacerts = istiod's plug-in CA "
            + "(ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem)."})
public final class CertUploadCommand implements Callable<Integer> {

  @Option(names = "--cert", paramLabel = "FILE|-", required = true,
      description = "Certificate chain, leaf first (PEM); for cacerts the signing CA and its chain. '-' reads "
          + "standard input (for one of --cert, --key and --ca at most).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE|-", required = true,
      description = "Private key of the leaf (PEM, unencrypted); '-' reads standard input.")
  Path key;

  @Option(names = "--ca", paramLabel = "FILE|-",
      description = "CA certificate(s): ca.crt for MUTUAL gateways; the root (root-cert.pem) for cacerts; '-' "
          + "reads standard input.")
  Path ca;

  @Option(names = "--type", paramLabel = "LAYOUT", defaultValue = "tls",
      description = "Secret layout: tls, credential or cacerts (default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--secret", paramLabel = "NAME",
      description = "Secret name (default: istio-ingressgateway-certs for tls, cacerts for cacerts, the Gateway's "
          + "credentialName for credential).")
  String secret;

  @Option(names = "--gateway", paramLabel = "NAME", description = "Check that the SANs cover every host of this "
      + "Gateway's servers that use the secret; with --type credential it also names the secret and its namespace.")
  String gateway;

  @Option(names = "--gateway-namespace", paramLabel = "NS",
      description = "Namespace of the Gateway resource (default: the context's namespace).")
  String gatewayNamespace;

  @Option(names = "--min-remaining", paramLabel = "DURATION", defaultValue = "30d", converter = LifetimeConverter.class,
      description = "Warn when the certificate expires within this time (default: ${DEFAULT-VALUE}).")
  Duration minRemaining;

  @Option(names = "--fix-chain-order", description = "Reorder a chain given out of order instead of refusing it.")
  boolean fixChainOrder;

  @Mixin
  DryRunOptions dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Print the Secret as yaml or json (default with --dry-run: yaml).")
  Format output;

  @Option(names = "--show-secrets", description = "Print the private key in the printed Secret; without it the key's "
      + "value is a REDACTED marker, which is not base64, so such a manifest cannot be applied by mistake.")
  boolean showSecrets;


  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    MeshctlCommand root = MeshctlCommand.of(spec);
    Reporter reporter = root.reporter();
    SecretLayout layout = layout();
    if (output == Format.table) {
      throw new MeshctlException.Usage("-o table does not fit a Secret: use -o yaml or -o json");
    }
    if (java.util.stream.Stream.of(cert, key, ca).filter(CertFiles::isStdin).count() > 1) {
      throw new MeshctlException.Usage("only one of --cert, --key and --ca can be '-' (standard input is read once): "
          + "give the others as files");
    }
    java.io.InputStream stdin = root.env().stdin();
    String certText = CertFiles.read(cert, "--cert", stdin);
    String keyText = CertFiles.read(key, "--key", stdin);
    String caText = ca == null ? null : CertFiles.read(ca, "--ca", stdin);
    ClusterOptions o = kube().toClusterOptions();
    // -n names the secret's namespace here; the Gateway defaults to the context's namespace
    DryRunOptions.Mode dry = dryRun.mode();
    try (Kube cluster = dry == DryRunOptions.Mode.client && gateway == null ? null : Kube.connect(new ClusterOptions(
        o.kubeconfig(), o.context(), null, o.istioNamespace(), o.requestTimeout()), root.env().variables())) {
      if (dry == DryRunOptions.Mode.server) {
        cluster.dryRun();
      }
      String name = secret != null ? secret : layout.defaultName;
      String namespace = kube().namespaceOr(kube().istioNamespace());
      GatewayTls.Target target = null;
      if (gateway != null) {
        target = GatewayTls.target(cluster, gatewayNamespace != null ? gatewayNamespace : cluster.namespace(),
            gateway, layout, name, kube().namespaceFlag(), kube().istioNamespace(), reporter);
        name = target.secret();
        namespace = target.namespace();
      } else if (layout == SecretLayout.CREDENTIAL && name == null) {
        throw new MeshctlException.Usage("--type credential needs --gateway (to find its credentialName and the "
            + "gateway pods' namespace) or --secret NAME");
      }
      if (layout == SecretLayout.CACERTS && !name.equals(SecretLayout.CACERTS.defaultName)) {
        reporter.warn("istiod reads its plug-in CA only from secret 'cacerts'; " + name + " will not be used by it");
      }
      Checked checked = CertChecks.run(new CertChecks.Input(certText, CertFiles.name(cert), keyText,
          CertFiles.name(key), caText, ca == null ? null : CertFiles.name(ca), layout, minRemaining, Instant.now(), fixChainOrder, target));
      checked.warnings().forEach(w -> reporter.warn(w.message()));
      if (checked.failed()) {
        PrintWriter err = spec.commandLine().getErr();
        for (Finding f : checked.errors()) {
          err.println("check failed [" + f.check() + "]: " + f.message());
        }
        err.flush();
        throw new MeshctlException.InvalidInput(checked.errors().size() + " check(s) failed; nothing was sent to "
            + "the cluster");
      }
      boolean legacySds = cluster != null && cluster.istio().legacyAuthentication();
      ObjectNode wanted = layout.secret(name, namespace, layout.data(checked, legacySds));
      if (cluster != null) {
        SecretStore.checkReplaceable(cluster.get(ResourceType.SECRET, namespace, name), wanted);
      }
      String described = "secret " + namespace + "/" + name + " (" + layout.type() + ": "
          + String.join(", ", new TreeSet<>(keys(wanted))) + ")";
      if (dry == DryRunOptions.Mode.client) {
        print(wanted, output == null ? Format.yaml : output);
        reporter.info("dry run: " + described + " passed every check; nothing was sent to the cluster");
        return 0;
      }
      SecretStore.Outcome outcome = SecretStore.apply(cluster, wanted);
      if (dry == DryRunOptions.Mode.server) {
        print(wanted, output == null ? Format.yaml : output);
        reporter.info("server dry run: " + described + (outcome == SecretStore.Outcome.UNCHANGED
            ? " is already stored with this data; nothing was sent"
            : " passed every check and the API server accepted the "
                + (outcome == SecretStore.Outcome.CREATED ? "creation" : "replacement") + "; nothing was stored"));
        return 0;
      }
      reporter.info("secret " + namespace + "/" + name + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
          + " (" + layout.type() + ": " + String.join(", ", keys(wanted)) + ")");
      if (output != null) {
        print(cluster.get(ResourceType.SECRET, namespace, name).orElse(wanted), output);
      }
      return 0;
    }
  }

  private SecretLayout layout() {
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "tls" -> SecretLayout.TLS;
      case "cacerts" -> SecretLayout.CACERTS;
      case "credential" -> SecretLayout.CREDENTIAL;
      default -> throw new MeshctlException.Usage("--type " + type + " is not a layout: use tls, credential or cacerts");
    };
  }

  private static List<String> keys(ObjectNode secret) {
    List<String> keys = new java.util.ArrayList<>();
    secret.path("data").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private void print(ObjectNode secret, Format format) {
    ObjectNode shown = showSecrets ? secret : SecretLayout.redacted(secret);
    PrintWriter out = spec.commandLine().getOut();
    new ManifestWriter(out, format == Format.json ? ManifestWriter.Format.JSON : ManifestWriter.Format.YAML)
        .write(shown);
    out.flush();
    List<String> hidden = new java.util.ArrayList<>();
    secret.path("data").fieldNames().forEachRemaining(k -> {
      if (!shown.path("data").path(k).equals(secret.path("data").path(k))) {
        hidden.add(k);
      }
    });
    if (!hidden.isEmpty()) {
      // a warning, not info: -q must not hide that the printed manifest is not the real thing
      MeshctlCommand.of(spec).reporter().warn("the printed Secret's " + String.join(", ", hidden)
          + " is REDACTED (not base64: kubectl apply refuses it); pass --show-secrets to print the private key");
    }
  }


  private KubeOptions kube() {
    return MeshctlCommand.of(spec).kube();
  }
}
