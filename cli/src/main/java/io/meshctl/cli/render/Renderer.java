package io.meshctl.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meshctl.core.manifest.Yaml;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * The one place result records become text: a table for people, JSON or YAML (Jackson over the
 * records' components) for scripts. Commands never format data themselves.
 */
public final class Renderer {

  private Renderer() {
  }

  /** Writes {@code data} to {@code out}; {@code table} turns it into a table when the format is {@code table}. */
  public static <T> void render(PrintWriter out, Format format, T data, Function<T, String> table) {
    try {
      switch (format) {
        case json -> out.print(Yaml.jsonMapper().writeValueAsString(data) + "\n");
        case yaml -> out.print(Yaml.yamlMapper().writeValueAsString(data));
        case table -> out.print(table.apply(data));
        default -> throw new IllegalStateException(format.name());
      }
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + data.getClass().getSimpleName(), e);
    }
  }
}
