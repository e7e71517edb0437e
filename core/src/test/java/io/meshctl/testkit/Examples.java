package io.meshctl.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled example manifests in {@code docs/examples}, found from any module's working directory. */
public final class Examples {

  private Examples() {
  }

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("docs/examples");
      if (Files.isDirectory(candidate.resolve("wordpress"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("docs/examples not found above " + Path.of("").toAbsolutePath());
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }
}
