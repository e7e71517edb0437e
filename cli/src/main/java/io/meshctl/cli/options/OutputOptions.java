package io.meshctl.cli.options;

import io.meshctl.cli.render.Format;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: always a format; files are written with {@code --output-file}. */
public final class OutputOptions {

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.table;

  public Format format() {
    return format;
  }
}
