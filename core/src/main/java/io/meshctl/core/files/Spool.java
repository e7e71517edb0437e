package io.meshctl.core.files;

import io.meshctl.core.MeshctlException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output held back until a command has finished, so a failure leaves nothing half-written on
 * stdout. Kept in memory up to a limit, then in a private temp file, so memory stays flat at any
 * size; most outputs never touch the disk, which saves a CLI run the file's creation (bench/startup).
 */
public final class Spool extends Writer {

  private final Path dir;
  private final String prefix;
  private final int limit;
  private StringBuilder memory = new StringBuilder(8192);
  private Path file;
  private Writer disk;

  /** Spills into a file named {@code prefix...} in {@code dir} once more than {@code limit} chars were written. */
  public Spool(Path dir, String prefix, int limit) {
    this.dir = dir;
    this.prefix = prefix;
    this.limit = limit;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    if (disk == null && memory.length() + len > limit) {
      try {
        file = AtomicFiles.privateTemp(dir, prefix);
      } catch (IOException e) {
        throw new MeshctlException.CannotWrite("cannot create a temporary file in " + dir + ": " + e.getMessage()
            + " (set TMPDIR or java.io.tmpdir to a writable directory)", e);
      }
      disk = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      disk.append(memory);
      memory = null;
    }
    if (disk != null) {
      disk.write(buf, off, len);
    } else {
      memory.append(buf, off, len);
    }
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    if (disk == null && memory.length() + len <= limit) {
      memory.append(s, off, off + len); // start and end, not offset and length
    } else {
      super.write(s, off, len);
    }
  }

  @Override
  public Writer append(CharSequence s) throws IOException {
    if (disk == null && memory.length() + s.length() <= limit) {
      memory.append(s);
      return this;
    }
    return super.append(s);
  }

  @Override
  public void flush() throws IOException {
    if (disk != null) {
      disk.flush();
    }
  }

  /** Writes everything spooled so far to {@code out}. */
  public void transferTo(Writer out) throws IOException {
    if (disk == null) {
      out.append(memory);
      return;
    }
    disk.flush();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.transferTo(out);
    }
  }

  /** Drops the content and the temp file, if there is one. */
  @Override
  public void close() throws IOException {
    memory = null;
    if (disk != null) {
      try {
        disk.close();
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }
}
