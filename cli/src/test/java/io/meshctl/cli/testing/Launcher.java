package io.meshctl.cli.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged CLI as a process, as a user or a CI script would. The executable is
 * {@code -Dmeshctl.binary} (failsafe sets it to cli/target/meshctl; point it at a native binary to
 * verify one), else cli/target/meshctl found from the working directory.
 */
public final class Launcher {

  private static final Path EMPTY_HOME = emptyHome();

  private Launcher() {
  }

  private static Path emptyHome() {
    try {
      Path home = Files.createTempDirectory("meshctl-test-home-");
      home.toFile().deleteOnExit();
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path binary() {
    String prop = System.getProperty("meshctl.binary");
    Path p = prop != null && !prop.isBlank() ? Path.of(prop) : locate();
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(p + " is not an executable: run 'mvn package' first or set -Dmeshctl.binary");
    }
    return p;
  }

  /**
   * Whether the executable under test is a native binary rather than the launcher script: JVM-only
   * checks (class loading, class-data archives, the java the launcher picks) skip themselves then.
   */
  public static boolean isNative() {
    try (InputStream in = Files.newInputStream(binary())) {
      byte[] head = in.readNBytes(2);
      return head.length < 2 || head[0] != '#' || head[1] != '!';
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("cli/target/meshctl");
      if (Files.exists(candidate)) {
        return candidate;
      }
      if (d.resolve("target/meshctl").toFile().exists() && d.endsWith("cli")) {
        return d.resolve("target/meshctl");
      }
    }
    return dir.resolve("cli/target/meshctl");
  }

  public static CommandRun run(String... args) {
    return run(null, Map.of(), null, args);
  }

  /**
   * Runs {@code meshctl args} in {@code workdir} (null: the current one) with {@code env} added to a
   * clean environment (PATH, JAVA_HOME kept; HOME an empty directory; KUBECONFIG and NO_COLOR only when given).
   */
  public static CommandRun run(String stdin, Map<String, String> env, Path workdir, String... args) {
    return run(binary(), stdin, env, workdir, args);
  }

  /** As above with another executable, e.g. a copy of the distribution a test has altered. */
  public static CommandRun run(Path binary, String stdin, Map<String, String> env, Path workdir, String... args) {
    return run(binary, stdin, env, workdir, null, args);
  }

  /**
   * Runs {@code meshctl args} with its standard output going to {@code stdout} (e.g. /dev/full)
   * instead of a pipe; the result's {@code out} is then empty.
   */
  public static CommandRun runWithStdoutTo(Path stdout, String... args) {
    return run(binary(), null, Map.of(), null, stdout, args);
  }

  private static CommandRun run(Path binary, String stdin, Map<String, String> env, Path workdir, Path stdout,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> !List.of("PATH", "JAVA_HOME", "LANG", "TMPDIR").contains(k));
    // an empty home unless the test gives one: the developer's ~/.kube/config must not decide a test
    e.put("HOME", EMPTY_HOME.toString());
    e.putAll(env);
    if (workdir != null) {
      pb.directory(workdir.toFile());
    }
    if (stdout != null) {
      pb.redirectOutput(stdout.toFile());
    }
    try {
      Process p = pb.start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("meshctl " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new CommandRun(p.exitValue(), out.join(), err.join());
    } catch (IOException e1) {
      throw new UncheckedIOException(e1);
    } catch (InterruptedException e2) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e2);
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
