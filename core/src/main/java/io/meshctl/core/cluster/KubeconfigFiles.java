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
 * Reads the kubeconfig with Jackson and without fabric8: the context and its namespace for offline
 * commands ({@code -f}), and the context's cluster and user for {@link Kube}'s own HTTP client.
 * Merging follows kubectl: files in {@code KUBECONFIG} order, the first file that sets a value (or
 * defines a named cluster, user or context) wins, and relative paths in an entry resolve against
 * the directory of the file that defined it.
 */
public final class KubeconfigFiles {

  private final List<Path> files;
  private final List<JsonNode> trees = new ArrayList<>();
  private final List<Path> sources = new ArrayList<>();

  /**
   * A named entry of one of the files: {@code body} is what sits under its {@code context},
   * {@code cluster} or {@code user} key; {@code file} is where it was defined.
   */
  record Entry(String name, JsonNode body, Path file) {

    String text(String field) {
      String v = Manifests.text(body, field);
      return v == null || v.isEmpty() ? null : v;
    }

    /** A path field, absolute: relative paths are relative to the kubeconfig file, as for kubectl. */
    Path path(String field) {
      String v = text(field);
      if (v == null) {
        return null;
      }
      Path dir = file.toAbsolutePath().getParent();
      return dir == null ? Path.of(v) : dir.resolve(v);
    }
  }

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
        .map(c -> Manifests.text(c, "namespace"))
        .filter(ns -> !ns.isBlank())
        .orElse("default");
  }

  private Optional<JsonNode> contextNode(String name) {
    return entry("contexts", name).map(Entry::body);
  }

  /** The entry of the {@code contexts}, {@code clusters} or {@code users} list with that name; the first file wins. */
  Optional<Entry> entry(String list, String name) {
    String key = list.substring(0, list.length() - 1);
    trees();
    for (int i = 0; i < trees.size(); i++) {
      for (JsonNode e : trees.get(i).path(list)) {
        if (name.equals(Manifests.text(e, "name"))) {
          return Optional.of(new Entry(name, e.path(key), sources.get(i)));
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
            sources.add(f);
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
