package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFilesTest {

  @TempDir
  Path dir;

  private Path config(String name, String currentContext, String... contextAndNamespace) throws Exception {
    StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\n");
    if (currentContext != null) {
      y.append("current-context: ").append(currentContext).append('\n');
    }
    y.append("contexts:\n");
    for (int i = 0; i < contextAndNamespace.length; i += 2) {
      y.append("- name: ").append(contextAndNamespace[i]).append("\n  context:\n    cluster: c\n");
      if (contextAndNamespace[i + 1] != null) {
        y.append("    namespace: ").append(contextAndNamespace[i + 1]).append('\n');
      }
    }
    return Files.writeString(dir.resolve(name), y.toString());
  }

  @Test
  void namespaceFlagWinsOverContext() throws Exception {
    Path f = config("k", "dev", "dev", "blog");
    assertThat(KubeconfigFiles.locate(f, Map.of()).namespace("prod", null)).isEqualTo("prod");
  }

  @Test
  void currentContextNamespaceIsTheDefault() throws Exception {
    Path f = config("k", "dev", "dev", "blog", "other", "shop");
    assertThat(KubeconfigFiles.locate(f, Map.of()).namespace(null, null)).isEqualTo("blog");
  }

  @Test
  void contextFlagPicksItsNamespace() throws Exception {
    Path f = config("k", "dev", "dev", "blog", "other", "shop");
    assertThat(KubeconfigFiles.locate(f, Map.of()).namespace(null, "other")).isEqualTo("shop");
  }

  @Test
  void contextWithoutNamespaceMeansDefault() throws Exception {
    Path f = config("k", "dev", "dev", null);
    assertThat(KubeconfigFiles.locate(f, Map.of()).namespace(null, null)).isEqualTo("default");
  }

  @Test
  void severalFilesInKubeconfigMergeFirstSetWins() throws Exception {
    Path a = config("a", null, "dev", "blog");
    Path b = config("b", "dev", "dev", "ignored", "ci", "pipelines");
    KubeconfigFiles files = KubeconfigFiles.locate(null, Map.of("KUBECONFIG", a + File.pathSeparator + b));
    assertThat(files.files()).containsExactly(a, b);
    assertThat(files.context(null)).contains("dev");
    assertThat(files.namespace(null, null)).isEqualTo("blog");
    assertThat(files.namespace(null, "ci")).isEqualTo("pipelines");
    assertThat(files.hasContext("ci")).isTrue();
    assertThat(files.hasContext("nope")).isFalse();
  }

  @Test
  void missingExplicitKubeconfigIsNotFound() {
    assertThatThrownBy(() -> KubeconfigFiles.locate(dir.resolve("none"), Map.of()))
        .isInstanceOf(MeshctlException.NotFound.class).hasMessageContaining("--kubeconfig");
  }
}
