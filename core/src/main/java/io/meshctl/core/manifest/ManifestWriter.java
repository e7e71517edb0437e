package io.meshctl.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes documents as a YAML stream ({@code ---} between documents) or as JSON values one after
 * another, the shapes {@code kubectl apply -f -} reads. Trees are written as they are: nothing is
 * added, reordered or normalised.
 */
public final class ManifestWriter {

  public enum Format {
    YAML, JSON
  }

  /*
   * Straight into the writer, not via an intermediate String (a tenth of bulk-inject CPU went to
   * building those). One generator per document: a generator shared across documents ends a
   * document only when the next begins or it is closed, and callers need not close this writer.
   */
  private final Writer out;
  private final Format format;
  private boolean first = true;

  public ManifestWriter(Writer out, Format format) {
    this.out = out;
    this.format = format;
  }

  public void write(JsonNode tree) {
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      return;
    }
    try {
      if (format == Format.YAML) {
        if (!first) {
          out.write("---\n");
        }
        TreeCodec.write(Yaml.yamlFactory(), out, tree, false);
      } else {
        TreeCodec.write(Yaml.JSON_FACTORY, out, tree, true);
        out.write('\n');
      }
      first = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
