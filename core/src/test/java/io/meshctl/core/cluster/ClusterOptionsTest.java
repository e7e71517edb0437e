package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace work on files ({@code -f}) defaults to, read from the kubeconfig as kubectl would. */
class ClusterOptionsTest {

  @TempDir
  Path dir;

  private Path kubeconfig(String name) throws IOException {
    return Files.writeString(dir.resolve(name), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts:
        - {name: blog, context: {cluster: c, user: u, namespace: blog}}
        - {name: shop, context: {cluster: c, user: u, namespace: shop}}
        - {name: bare, context: {cluster: c, user: u}}
        current-context: blog
        """);
  }

  private static ClusterOptions options(Path kubeconfig, String context, String namespace) {
    return new ClusterOptions(kubeconfig, context, namespace, null, null);
  }

  @Test
  void namespaceFlagThenTheContextsThenDefault() throws IOException {
    Path kc = kubeconfig("config");
    assertThat(options(kc, null, "prod").offlineNamespace(Map.of())).isEqualTo("prod");
    assertThat(options(kc, null, null).offlineNamespace(Map.of())).isEqualTo("blog");
    assertThat(options(kc, "shop", null).offlineNamespace(Map.of())).isEqualTo("shop");
    assertThat(options(kc, "bare", null).offlineNamespace(Map.of())).isEqualTo("default");
  }

  @Test
  void kubeconfigListAndNoKubeconfigAtAll() throws IOException {
    Path kc = kubeconfig("config");
    Map<String, String> env = Map.of("KUBECONFIG", dir.resolve("absent") + File.pathSeparator + kc);
    assertThat(options(null, "shop", null).offlineNamespace(env)).isEqualTo("shop");
    assertThat(options(null, null, null).offlineNamespace(Map.of("KUBECONFIG", dir.resolve("absent").toString())))
        .as("no kubeconfig: files need no cluster").isEqualTo("default");
  }

  @Test
  void aMissingKubeconfigOrContextIsAnError() throws IOException {
    assertThatThrownBy(() -> options(dir.resolve("none"), null, null).offlineNamespace(Map.of()))
        .isInstanceOf(MeshctlException.NotFound.class)
        .hasMessage("kubeconfig " + dir.resolve("none") + ": no such file (check --kubeconfig)");
    Path kc = kubeconfig("config");
    assertThatThrownBy(() -> options(kc, "prod", null).offlineNamespace(Map.of()))
        .isInstanceOf(MeshctlException.Usage.class).hasMessageContaining("context \"prod\" does not exist in " + kc);
  }
}
