package io.meshctl.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Keeps meshctl's result records readable by Jackson in the native image. {@code -o json|yaml}
 * serialises records through their accessors found by reflection, which native-image drops unless
 * told; listing every record by hand in reflect-config.json would go stale with each new command,
 * so this feature registers every record class under {@code io/meshctl/} on the image class path.
 */
public final class RecordsFeature implements Feature {

  @Override
  public String getDescription() {
    return "Registers io.meshctl records for reflection (Jackson -o json|yaml)";
  }

  @Override
  public void beforeAnalysis(BeforeAnalysisAccess access) {
    for (Path entry : access.getApplicationClassPath()) {
      for (String name : classNames(entry)) {
        Class<?> c = access.findClassByName(name);
        if (c != null && c.isRecord()) {
          RuntimeReflection.register(c);
          RuntimeReflection.registerAllRecordComponents(c);
          RuntimeReflection.register(c.getDeclaredConstructors());
          RuntimeReflection.register(c.getDeclaredMethods());
          RuntimeReflection.register(c.getDeclaredFields());
        }
      }
    }
  }

  /** Class names under io/meshctl/ in a jar or a classes directory, collected eagerly. */
  private static List<String> classNames(Path entry) {
    try {
      if (Files.isDirectory(entry)) {
        return names(entry);
      }
      if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
        return List.of();
      }
      try (FileSystem jar = FileSystems.newFileSystem(entry)) {
        return names(jar.getPath("/")); // already a list: the jar may close
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(Path root) throws IOException {
    Path base = root.resolve("io/meshctl");
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(base)) {
      return files.map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .toList();
    }
  }
}
