package io.meshctl.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  @Test
  void smallOutputStaysInMemory(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    try (Spool s = new Spool(dir, ".spool-", 100)) {
      s.write("apiVersion: v1\n");
      s.append("kind: Pod\n");
      s.write(new char[] {'x', '\n'}, 0, 2);
      assertThat(files(dir)).isZero();
      s.transferTo(out);
    }
    assertThat(out.toString()).isEqualTo("apiVersion: v1\nkind: Pod\nx\n");
  }

  /** Writer.write(String, off, len) takes a length; StringBuilder.append takes an end: Jackson writes slices. */
  @Test
  void slicesOfStringsAreWrittenWhole(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    try (Spool s = new Spool(dir, ".spool-", 100)) {
      s.write("k: \"x\\ty z\"", 3, 8);
      s.write("'* hello'", 0, 9);
      s.transferTo(out);
    }
    assertThat(out.toString()).isEqualTo("\"x\\ty z\"'* hello'");
  }

  @Test
  void bigOutputSpillsToAPrivateFileThatCloseRemoves(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    StringBuilder expected = new StringBuilder();
    try (Spool s = new Spool(dir, ".spool-", 100)) {
      for (int i = 0; i < 50; i++) {
        String line = "line " + i + " \u00e9\n"; // non-ASCII survives the UTF-8 file
        s.append(line);
        expected.append(line);
      }
      assertThat(files(dir)).isEqualTo(1);
      s.transferTo(out);
    }
    assertThat(out.toString()).isEqualTo(expected.toString());
    assertThat(files(dir)).isZero();
  }

  @Test
  void aSpillThatCannotCreateItsFileNamesTheDirectoryAndTheFix(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing");
    try (Spool s = new Spool(missing, ".spool-", 4)) {
      assertThatThrownBy(() -> s.write("more than four"))
          .isInstanceOf(MeshctlException.CannotWrite.class)
          .hasMessageContaining(missing.toString())
          .hasMessageContaining("java.io.tmpdir");
    }
  }

  private static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
