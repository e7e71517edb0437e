package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.files.AtomicFiles;
import io.meshctl.core.manifest.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a set of output files all or nothing: every target is checked before the first is
 * written, each file goes through a temp file and a rename, and private keys are created 0600 (the
 * temp file already has that mode, so the key is never readable by others, not even briefly).
 */
public final class CertFiles {

  private final Map<Path, String> files = new LinkedHashMap<>();
  private final Set<Path> secret = new java.util.HashSet<>();

  /** A PEM input file; a missing file is exit 66 and names the flag it came from. */
  public static String read(Path path, String flag) {
    try {
      return Files.readString(path, StandardCharsets.ISO_8859_1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MeshctlException.NotFound(flag + " " + path + ": no such file", e);
    } catch (IOException e) {
      throw new MeshctlException.NotFound(flag + " " + path + ": cannot read it (" + e.getMessage() + ")", e);
    }
  }

  /** {@link #read(Path, String)}, except that {@code -} reads all of {@code stdin}. */
  public static String read(Path path, String flag, InputStream stdin) {
    if (!isStdin(path)) {
      return read(path, flag);
    }
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new MeshctlException.NotFound(flag + " -: cannot read standard input (" + e.getMessage() + ")", e);
    }
  }

  public static boolean isStdin(Path path) {
    return path != null && path.toString().equals("-");
  }

  /** How messages name an input: its path, or {@code <stdin>}. */
  public static String name(Path path) {
    return isStdin(path) ? Source.STDIN : path.toString();
  }

  public CertFiles add(Path path, String content) {
    files.put(path.toAbsolutePath().normalize(), content);
    return this;
  }

  public CertFiles addPrivate(Path path, String content) {
    add(path, content);
    secret.add(path.toAbsolutePath().normalize());
    return this;
  }

  /**
   * Refuses (exit 73) when a target exists and {@code force} is off, or is no place for a file (see
   * {@link AtomicFiles#check}: a directory, a device, a missing directory). A symbolic link is
   * written through to its file, which is then the one that must not exist without {@code force}.
   */
  public void check(boolean force) {
    List<String> existing = new ArrayList<>();
    for (Path p : files.keySet()) {
      if (Files.exists(AtomicFiles.check(p)) && !force) {
        existing.add(p.toString());
      }
    }
    if (!existing.isEmpty()) {
      throw new MeshctlException.CannotWrite(String.join(", ", existing) + (existing.size() == 1 ? " exists" : " exist")
          + "; nothing was written: pass --force to overwrite, or choose another path");
    }
  }

  public void write(boolean force) {
    check(force);
    List<Path> done = new ArrayList<>();
    try {
      for (Map.Entry<Path, String> e : files.entrySet()) {
        String content = e.getValue();
        AtomicFiles.replace(e.getKey(), secret.contains(e.getKey()), StandardCharsets.US_ASCII, w -> w.write(content));
        done.add(e.getKey());
      }
    } catch (MeshctlException.CannotWrite e) {
      // no half-written set: remove what this run created before reporting
      if (!force) {
        for (Path p : done) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException ignored) {
            // best effort; the error below names the failure
          }
        }
      }
      throw e;
    }
  }
}
