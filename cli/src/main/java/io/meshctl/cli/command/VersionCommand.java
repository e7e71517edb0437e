package io.meshctl.cli.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshctl.cli.MeshctlCommand;
import io.meshctl.cli.VersionProvider;
import io.meshctl.cli.options.KubeOptions;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.Renderer;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.VersionLoader;
import io.meshctl.core.inject.InjectorConfigMaps;
import io.meshctl.core.inject.SettingsOrigin;
import io.meshctl.core.mesh.MeshVersion;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "version", sortOptions = false,
    description = {"Print the meshctl version, the Istio release whose proxy 'inject' adds, and, when a cluster "
        + "is configured, the versions of its control plane (the Deployments in the Istio namespace, -i) and of "
        + "the proxies in its data plane.", "",
        "Without a reachable cluster it prints the client part and a note on stderr, and exits 0; --remote makes "
            + "the cluster required (exit 69 when it cannot be reached).", "",
        "  meshctl version --client", "  meshctl version -o json"})
public final class VersionCommand implements Callable<Integer> {

  /** meshctl itself: the client part. */
  public record VersionInfo(String version, String java, String javaVendor, String platform) {

    /** This build on this JVM. */
    public static VersionInfo current() {
      String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(' ', '-');
      String arch = System.getProperty("os.arch").replace("x86_64", "amd64");
      return new VersionInfo(VersionProvider.version(), Runtime.version().toString(),
          System.getProperty("java.vendor"), os + "/" + arch);
    }

    String text() {
      return "meshctl version " + version + "\n" + "java " + java + " (" + javaVendor + ")\n"
          + "platform " + platform + "\n";
    }
  }

  /**
   * What {@code -o json|yaml} prints, in the shape of {@code istioctl version -o json}: the cluster's
   * parts are absent with {@code --client} or when no cluster could be read.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VersionReport(VersionInfo clientVersion, SettingsOrigin inject, List<MeshVersion.Component> meshVersion,
      List<MeshVersion.Proxies> dataPlaneVersion) {

    String text(String istioNamespace) {
      StringBuilder b = new StringBuilder(clientVersion.text());
      b.append("inject: ").append(inject.isBundled() ? "Istio " + inject.release() + " (bundled"
          + (inject.why() == null ? "" : "; " + inject.why()) + ")" : inject.describe()).append('\n');
      if (meshVersion != null) {
        if (meshVersion.isEmpty()) {
          b.append("control plane: none found in namespace ").append(istioNamespace)
              .append(" (-i names the Istio namespace)\n");
        }
        for (MeshVersion.Component c : meshVersion) {
          b.append("control plane: Istio ").append(c.version()).append(" (").append(c.component()).append(' ')
              .append(c.where()).append(")\n");
        }
        b.append("data plane: ").append(dataPlaneVersion.isEmpty() ? "no proxies found" : "Istio "
            + String.join(", ", dataPlaneVersion.stream().map(MeshVersion.Proxies::text).toList())).append('\n');
      }
      return b.toString();
    }
  }

  @Option(names = "--client", description = "Only the client part: never contacts the cluster.")
  boolean client;

  @Option(names = "--remote", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
      description = "Also the cluster's versions (default: when a kubeconfig is configured). --remote makes the "
          + "cluster required; --remote=false is --client.")
  Boolean remote;

  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (client && Boolean.TRUE.equals(remote)) {
      throw new MeshctlException.Usage("--client and --remote contradict each other: give one of them");
    }
    MeshctlCommand root = MeshctlCommand.of(spec);
    KubeOptions kube = root.kube();
    Remote remoteParts = null;
    if (!client && !Boolean.FALSE.equals(remote)) {
      remoteParts = remote == null ? ifReachable(root) : read(root);
    }
    VersionReport report = new VersionReport(VersionInfo.current(),
        remoteParts == null ? SettingsOrigin.bundled(null) : remoteParts.inject(),
        remoteParts == null ? null : remoteParts.mesh().controlPlane(),
        remoteParts == null ? null : remoteParts.mesh().dataPlane());
    Renderer.render(root.out(), output.format(), report, r -> r.text(kube.istioNamespace()));
    return 0;
  }

  /** What the cluster says: its Istio versions, and the injector settings {@code inject} would use there. */
  private record Remote(MeshVersion mesh, SettingsOrigin inject) {
  }

  /** The default: the cluster's part when it can be read, else a note. No kubeconfig: decided without loading fabric8. */
  private static Remote ifReachable(MeshctlCommand root) {
    ClusterOptions options = root.kube().toClusterOptions();
    if (!options.clusterConfigured(root.env().variables())) {
      root.reporter().info("client version only: no cluster configured (no kubeconfig; --kubeconfig names one)");
      return null;
    }
    try {
      return read(root);
    } catch (MeshctlException e) {
      root.reporter().info("client version only: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
      return null;
    }
  }

  private static Remote read(MeshctlCommand root) {
    String ns = root.kube().istioNamespace();
    try (Kube k = Kube.connect(root.kube().toClusterOptions(), root.env().variables())) {
      MeshVersion mesh = VersionLoader.read(k, ns);
      SettingsOrigin inject;
      try {
        inject = InjectorConfigMaps.read(k, ns, null).origin();
      } catch (MeshctlException.NotFound | MeshctlException.Forbidden e) {
        // inject itself stops here unless --use-kube=false: say which settings that would be
        inject = SettingsOrigin.bundled("ConfigMap " + ns + "/" + InjectorConfigMaps.name(InjectorConfigMaps.INJECTOR, null)
            + (e instanceof MeshctlException.Forbidden ? " not readable" : " not found"));
      }
      return new Remote(mesh, inject);
    }
  }
}
