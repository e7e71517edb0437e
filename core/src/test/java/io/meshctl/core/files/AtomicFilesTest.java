package io.meshctl.core.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshctl.core.MeshctlException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir
  Path dir;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void write(Path target, String content, boolean secret) {
    AtomicFiles.replace(target, secret, UTF_8, w -> w.write(content));
  }

  private void assertOnly(Path... files) throws Exception {
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("files in the directory: no temp file left").containsExactlyInAnyOrder(files);
    }
  }

  @Test
  void aNewFileGetsTheModeOfAPlainWriteNotTheTempFiles0600() throws Exception {
    String plain = mode(Files.writeString(dir.resolve("plain.txt"), "x")); // what the umask gives
    Path target = dir.resolve("out.yaml");
    write(target, "new\n", false);
    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(mode(target)).isEqualTo(plain);
    assertOnly(dir.resolve("plain.txt"), target);
  }

  @Test
  void anExistingFileKeepsItsModeEvenReadOnly() throws Exception {
    Path target = Files.writeString(dir.resolve("out.yaml"), "old\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    write(target, "new\n", false);
    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(mode(target)).isEqualTo("rw-r-----");
  }

  @Test
  void aSecretIs0600() throws Exception {
    Path target = Files.writeString(dir.resolve("key.pem"), "old\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    AtomicFiles.replace(target, true, UTF_8, w -> {
      // the temp file is already private while the key is being written
      try (Stream<Path> s = Files.list(dir)) {
        Path tmp = s.filter(p -> !p.equals(target)).findFirst().orElseThrow();
        assertThat(mode(tmp)).isEqualTo("rw-------");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      w.write("key\n");
    });
    assertThat(mode(target)).isEqualTo("rw-------");
  }

  @Test
  void aFailureWhileWritingLeavesTheTargetAndNoTempFile() throws Exception {
    Path target = Files.writeString(dir.resolve("out.yaml"), "old\n");
    assertThatThrownBy(() -> AtomicFiles.replace(target, false, UTF_8, w -> {
      w.write("half");
      w.flush();
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(Files.readString(target)).isEqualTo("old\n");
    assertOnly(target);
  }

  @Test
  void aSymbolicLinkIsWrittenThroughAndStaysALink() throws Exception {
    Path real = Files.writeString(dir.resolve("real.yaml"), "old\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), Path.of("real.yaml"));
    write(link, "new\n", false);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("new\n");
    assertOnly(real, link);
  }

  @Test
  void aDanglingLinkADirectoryOrAFifoIsRefused() throws Exception {
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.yaml"), Path.of("missing.yaml"));
    assertThatThrownBy(() -> write(dangling, "x", false)).isInstanceOf(MeshctlException.CannotWrite.class)
        .hasMessageContaining(dangling + ": it is a symbolic link to missing.yaml, which does not exist");
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> write(sub, "x", false)).isInstanceOf(MeshctlException.CannotWrite.class)
        .hasMessage("cannot write " + sub + ": it is a directory: name a file in it");
    Path fifo = dir.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
    assertThatThrownBy(() -> write(fifo, "x", false)).isInstanceOf(MeshctlException.CannotWrite.class)
        .hasMessage("cannot write " + fifo + ": it is not a regular file (a device, FIFO or socket) and would be "
            + "replaced: name a regular file");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("still a FIFO").isFalse();
    assertOnly(dangling, sub, fifo);
  }
}
