package io.meshctl.core.files;

import io.meshctl.core.MeshctlException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Output files replaced whole or not at all: the new content goes to a temp file beside the target
 * (same directory, so the final rename stays on one file system) and is renamed over the target only
 * once complete. Readers see the old file or the new one, never a partial one; on any failure the
 * target is untouched and the temp file is gone.
 *
 * <p>The target must be a regular file or not exist yet. A device node, FIFO, socket or directory is
 * refused: renaming over it would silently replace {@code /dev/null} or a pipe with a plain file. A
 * symbolic link is written through, as a shell redirect does: the file it points to gets the new
 * content (atomically, beside that file) and the link stays a link.
 */
public final class AtomicFiles {

  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

  /** A temp name keeps this much of the target's name, so a long (but valid) name still leaves room. */
  private static final int NAME_KEPT = 100;

  /** Writes a file's new content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private AtomicFiles() {
  }

  /**
   * Replaces {@code target} with what {@code content} writes. A new file gets the mode a plain write
   * would (what the umask gives), an existing one keeps its mode; a {@code secret} is 0600 from the
   * start, so it is never readable by others, not even briefly. Every I/O failure, and every target
   * {@link #check} refuses, is a {@link MeshctlException.CannotWrite} naming the target.
   */
  public static void replace(Path target, boolean secret, Charset charset, Content content) {
    Path real = check(target);
    Path tmp;
    try {
      tmp = tempBeside(real, secret);
    } catch (IOException e) {
      throw cannotWrite(target, e);
    }
    try {
      try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), charset))) {
        content.writeTo(w);
      }
      // only now: a read-only target's mode on the temp file would stop the write above
      if (!secret && posix(real) && Files.isRegularFile(real)) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(real));
      }
      moveIntoPlace(tmp, real);
    } catch (IOException e) {
      deleteQuietly(tmp, e);
      throw cannotWrite(target, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp, e);
      throw e;
    }
  }

  /**
   * The file a write to {@code target} replaces: {@code target} itself, or the file a symbolic link
   * points to. Refuses (exit 73) what cannot or must not be replaced by a regular file.
   */
  public static Path check(Path target) {
    Path real = target.toAbsolutePath();
    if (Files.isSymbolicLink(real)) {
      try {
        real = real.toRealPath();
      } catch (IOException e) {
        throw new MeshctlException.CannotWrite("cannot write " + target + ": it is a symbolic link to "
            + linkTarget(real) + ", which does not exist: create that file first, or remove the link", e);
      }
    }
    if (Files.isDirectory(real)) {
      throw new MeshctlException.CannotWrite("cannot write " + target + ": it is a directory: name a file in it");
    }
    if (Files.exists(real) && !Files.isRegularFile(real)) {
      throw new MeshctlException.CannotWrite("cannot write " + target
          + ": it is not a regular file (a device, FIFO or socket) and would be replaced: name a regular file");
    }
    if (Files.exists(real) && !Files.isWritable(real)) {
      throw new MeshctlException.CannotWrite("cannot write " + target
          + ": permission denied: make it writable (chmod u+w) or choose another path");
    }
    Path dir = real.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new MeshctlException.CannotWrite("cannot write " + target + ": directory " + dir
          + " does not exist: create it first");
    }
    return real;
  }

  /**
   * A new empty file only its owner can read, in {@code dir}. {@link Files#createTempFile} does the
   * same but seeds a SecureRandom for the name, which wakes the security providers: milliseconds a
   * short run need not pay. Exclusive creation, so a name taken by someone else is just skipped.
   */
  public static Path privateTemp(Path dir, String prefix) throws IOException {
    return create(dir, prefix, attributes(dir, true));
  }

  /**
   * The empty temp file for {@code target}'s new content. Not {@link Files#createTempFile}, which
   * makes every file 0600: a non-secret result must get the mode of a plain write.
   */
  private static Path tempBeside(Path target, boolean secret) throws IOException {
    Path dir = target.getParent();
    String name = target.getFileName().toString();
    String kept = name.length() > NAME_KEPT ? name.substring(0, NAME_KEPT) : name;
    return create(dir, "." + kept + ".", attributes(dir, secret));
  }

  private static Path create(Path dir, String prefix, FileAttribute<?>[] attrs) throws IOException {
    while (true) {
      Path tmp = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(tmp, attrs);
      } catch (FileAlreadyExistsException e) {
        // someone else's file: try another name
      }
    }
  }

  private static FileAttribute<?>[] attributes(Path dir, boolean secret) {
    return secret && posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE)}
        : new FileAttribute<?>[0];
  }

  /** Renames a complete temp file over {@code target}: atomically where the file system can, else a plain replace. */
  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path tmp, Throwable failure) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static MeshctlException.CannotWrite cannotWrite(Path target, IOException e) {
    return new MeshctlException.CannotWrite("cannot write " + target + ": " + reason(e), e);
  }

  /** The OS's words, without the temp file's name that NIO puts in front of them. */
  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied: check the directory's permissions";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage();
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "a missing file";
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
