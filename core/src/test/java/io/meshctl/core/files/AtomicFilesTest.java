package io.meshctl.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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

  @Test
  void aNewFileGetsTheModeOfAPlainWriteNotTheTempFiles0600() throws Exception {
    String plain = mode(Files.writeString(dir.resolve("plain.txt"), "x")); // what the umask gives
    Path target = dir.resolve("out.yaml");
    Path tmp = AtomicFiles.tempBeside(target, false);
    Files.writeString(tmp, "new\n");
    AtomicFiles.moveIntoPlace(tmp, target);
    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(mode(target)).isEqualTo(plain);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactlyInAnyOrder(dir.resolve("plain.txt"), target);
    }
  }

  @Test
  void anExistingFileKeepsItsMode() throws Exception {
    Path target = Files.writeString(dir.resolve("out.yaml"), "old\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    Path tmp = AtomicFiles.tempBeside(target, false);
    Files.writeString(tmp, "new\n");
    AtomicFiles.moveIntoPlace(tmp, target);
    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(mode(target)).isEqualTo("rw-r-----");
  }

  @Test
  void aSecretIs0600FromTheStart() throws Exception {
    Path target = Files.writeString(dir.resolve("key.pem"), "old\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Path tmp = AtomicFiles.tempBeside(target, true);
    assertThat(mode(tmp)).isEqualTo("rw-------");
    assertThat(tmp.getParent()).isEqualTo(dir);
    AtomicFiles.moveIntoPlace(tmp, target);
    assertThat(mode(target)).isEqualTo("rw-------");
  }
}
