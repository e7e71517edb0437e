package io.meshctl.core.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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
 * once complete. Readers see the old file or the new one, never a partial one.
 */
public final class AtomicFiles {

  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {
  }

  /**
   * Creates the empty temp file for {@code target}'s new content. Not {@link Files#createTempFile},
   * which makes every file 0600: the result must get the mode the user expects of a plain write,
   * i.e. the target's own when it exists, else what the umask gives a new file. A {@code secret} is
   * created 0600, so it is never readable by others, not even briefly.
   */
  public static Path tempBeside(Path target, boolean secret) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = secret && posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE)}
        : new FileAttribute<?>[0];
    while (true) {
      Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
          + ".tmp");
      try {
        Files.createFile(tmp, attrs);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      if (!secret && posix && Files.isRegularFile(target)) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
      }
      return tmp;
    }
  }

  /**
   * A new empty file only its owner can read, in {@code dir}. {@link Files#createTempFile} does the
   * same but seeds a SecureRandom for the name, which wakes the security providers: milliseconds a
   * short run need not pay. Exclusive creation, so a name taken by someone else is just skipped.
   */
  public static Path privateTemp(Path dir, String prefix) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE)}
        : new FileAttribute<?>[0];
    while (true) {
      Path tmp = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(tmp, attrs);
      } catch (FileAlreadyExistsException e) {
        // someone else's file: try another name
      }
    }
  }

  /** Renames a complete temp file over {@code target}: atomically where the file system can, else a plain replace. */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
