package io.meshctl.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.ExitCodes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateReferenceTest {

  @TempDir
  Path out;

  @Test
  void everyCommandHasAPageWithItsHelp() throws Exception {
    GenerateReference.main(new String[] {out.toString()});
    String index = Files.readString(out.resolve("index.md"));
    assertThat(index).contains("meshctl inject", "meshctl authn tls-check", "meshctl cert upload",
        "meshctl route set-weight", "meshctl version", "meshctl completion");
    String page = Files.readString(out.resolve("meshctl_route_set-weight.md"));
    assertThat(page).startsWith("# meshctl route set-weight").contains("Usage: meshctl route set-weight");
  }

  @Test
  void exitCodesPageDocumentsEveryCode() throws Exception {
    String doc = Files.readString(Path.of("exit-codes.md"));
    for (Field f : ExitCodes.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        assertThat(doc).as("exit-codes.md documents %s", f.getName()).contains("| " + f.getInt(null) + " |");
      }
    }
  }
}
