package io.meshctl.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads just enough of the kubeconfig to know the context and its namespace, with Jackson and
 * without fabric8, so offline commands ({@code -f}) default the namespace as kubectl does without
 * paying for a Kubernetes client. Merging follows kubectl: files in {@code KUBECONFIG} order, the
 * first file that sets a value wins.
 */
public final class KubeconfigFiles {

  private final List<Path> files;
  private final List<JsonNode> trees = new ArrayList<>();

  private KubeconfigFiles(List<Path> files) {
    this.files = files;
  }

  /** The files kubectl would read: {@code --kubeconfig}, else {@code KUBECONFIG}, else ~/.kube/config. */
  public static KubeconfigFiles locate(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new MeshctlException.NotFound("kubeconfig " + explicit + ": no such file (check --kubeconfig)");
      }
      return new KubeconfigFiles(List.of(explicit));
    }
    String list = env.get("KUBECONFIG");
    List<Path> found = new ArrayList<>();
    if (list != null && !list.isBlank()) {
      for (String part : list.split(File.pathSeparator)) {
        if (!part.isBlank() && Files.isRegularFile(Path.of(part))) {
          found.add(Path.of(part));
        }
      }
    } else {
      Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
      if (Files.isRegularFile(home)) {
        found.add(home);
      }
    }
    return new KubeconfigFiles(found);
  }

  public List<Path> files() {
    return files;
  }

  /** The {@code --context} given, else the first {@code current-context} set in the files. */
  public Optional<String> context(String explicit) {
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(explicit);
    }
    for (JsonNode t : trees()) {
      String c = Manifests.text(t, "current-context");
      if (c != null && !c.isBlank()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** True when a context of that name is defined in one of the files. */
  public boolean hasContext(String name) {
    return contextNode(name).isPresent();
  }

  /** The namespace kubectl would use: {@code -n}, else the context's, else {@code default}. */
  public String namespace(String explicitNamespace, String explicitContext) {
    if (explicitNamespace != null && !explicitNamespace.isBlank()) {
      return explicitNamespace;
    }
    return context(explicitContext).flatMap(this::contextNode)
        .map(c -> Manifests.text(c.path("context"), "namespace"))
        .filter(ns -> !ns.isBlank())
        .orElse("default");
  }

  private Optional<JsonNode> contextNode(String name) {
    for (JsonNode t : trees()) {
      for (JsonNode c : t.path("contexts")) {
        if (name.equals(Manifests.text(c, "name"))) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  private static JsonNode readYaml(Path f) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(f)) {
      return TreeCodec.parseYaml(in);
    }
  }

  private List<JsonNode> trees() {
    if (trees.isEmpty()) {
      for (Path f : files) {
        try {
          JsonNode t = readYaml(f);
          if (t != null && t.isObject()) {
            trees.add(t);
          }
        } catch (IOException e) {
          throw new MeshctlException.InvalidInput("kubeconfig " + f + ": malformed YAML: "
              + e.getMessage().lines().findFirst().orElse("") + " (fix or point --kubeconfig elsewhere)", e);
        }
      }
    }
    return trees;
  }
}
