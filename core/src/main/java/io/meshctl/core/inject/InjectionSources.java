package io.meshctl.core.inject;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.core.cluster.Kube;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which injector settings to use, decided as the issue and istioctl have it: the cluster's own
 * (ConfigMaps {@code istio-sidecar-injector[-rev]} and {@code istio[-rev]}) when a kubeconfig is
 * there or {@code --use-kube} says so; the files when given; meshctl's bundled ones otherwise, and
 * the report says why. {@code meshctl version} asks the same question:
 * {@code InjectionSources.resolve(request).config().origin().describe()}.
 */
public final class InjectionSources {

  private InjectionSources() {
  }

  /**
   * @param cluster how to reach the cluster ({@code -i} names the Istio namespace)
   * @param env the process environment (KUBECONFIG, HOME)
   * @param useKube {@code --use-kube}: true must read the cluster, false must not, null decides by the kubeconfig
   * @param revision {@code --revision}, or null
   * @param valuesFile Helm values file, or null
   * @param meshFile MeshConfig file, or null
   * @param injectConfigFile istioctl's injector config file, or null
   * @param meshctlConfig meshctl's own {@code --injection-config} file, or null
   * @param images image flags
   * @param offlineUnlessAsked a choice that only makes sense offline was made (e.g. {@code --istio-1.3}): no cluster unless {@code --use-kube}
   */
  public record Request(ClusterOptions cluster, Map<String, String> env, Boolean useKube, String revision, Path valuesFile,
      Path meshFile, Path injectConfigFile, Path meshctlConfig, InjectionConfig.ImageOverrides images,
      boolean offlineUnlessAsked) {

    boolean filesGiven() {
      return valuesFile != null || meshFile != null || injectConfigFile != null;
    }
  }

  /** The settings, and the cluster they were read from (null offline): the caller closes it. */
  public record Resolved(InjectionConfig config, Kube kube) implements AutoCloseable {
    @Override
    public void close() {
      if (kube != null) {
        kube.close();
      }
    }
  }

  public static Resolved resolve(Request r) {
    String bundledWhy = null;
    boolean live;
    if (Boolean.FALSE.equals(r.useKube())) {
      live = false;
      bundledWhy = "--use-kube=false";
    } else if (Boolean.TRUE.equals(r.useKube())) {
      live = true;
    } else if (r.filesGiven() || r.offlineUnlessAsked()) {
      live = false;
      bundledWhy = "offline";
    } else if (!r.cluster().clusterConfigured(r.env())) {
      live = false;
      bundledWhy = "no kubeconfig";
    } else {
      live = true;
    }
    IstioInputs files = r.filesGiven() ? IstioInputs.fromFiles(r.valuesFile(), r.meshFile(), r.injectConfigFile(), null) : null;
    if (!live) {
      InjectionConfig config = InjectionConfig.load(files, SettingsOrigin.bundled(bundledWhy), r.meshctlConfig(), r.images(),
          r.revision());
      return new Resolved(config, null);
    }
    Kube kube;
    try {
      kube = Kube.connect(r.cluster(), r.env());
    } catch (MeshctlException.Unavailable e) {
      if (r.useKube() != null) {
        throw e;
      }
      // a kubeconfig file with no cluster in it: nothing to read, as with no file
      return new Resolved(InjectionConfig.load(null, SettingsOrigin.bundled("no cluster in the kubeconfig"), r.meshctlConfig(),
          r.images(), r.revision()), null);
    }
    try {
      IstioInputs live0 = InjectorConfigMaps.read(kube, r.cluster().istioNamespaceOrDefault(), r.revision());
      IstioInputs inputs = files == null ? live0 : overlay(live0, files);
      return new Resolved(InjectionConfig.load(inputs, null, r.meshctlConfig(), r.images(), r.revision()), kube);
    } catch (MeshctlException.Unavailable e) {
      kube.close();
      throw new MeshctlException.Unavailable(e.getMessage() + " (inject reads the cluster's injector settings when a "
          + "kubeconfig is there; --use-kube=false injects with meshctl's bundled Istio " + InjectionDefaults.RELEASE
          + " settings, --injection-values/--mesh-config with files of the cluster's)", e);
    } catch (RuntimeException e) {
      kube.close();
      throw e;
    }
  }

  /** {@code --use-kube} with files: a file replaces what the cluster has for it. */
  private static IstioInputs overlay(IstioInputs live, IstioInputs files) {
    boolean hasValues = !files.values().isEmpty();
    boolean hasMesh = !files.mesh().isEmpty();
    java.util.List<String> notes = new java.util.ArrayList<>(live.notes());
    notes.addAll(files.notes());
    var values = hasValues ? files.values() : live.values();
    String release = IstioSettings.release(values);
    return new IstioInputs(values, hasMesh ? files.mesh() : live.mesh(),
        files.config().isEmpty() ? live.config() : files.config(), live.singleTemplate() || files.singleTemplate(),
        new SettingsOrigin(release, live.origin().source() + ", " + files.origin().source(), null), notes);
  }
}
