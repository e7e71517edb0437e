package io.meshctl.cli.options;

import io.meshctl.cli.FastArgs;
import io.meshctl.cli.render.Format;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: always a format; files are written with {@code --output-file}. */
public final class OutputOptions implements FastArgs.Options {

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.table;

  @Override
  public boolean take(FastArgs args, String option) {
    boolean mine = option.equals("-o") || option.equals("--output");
    if (mine) {
      format = FastArgs.enumValue(Format.class, args.once("-o"));
    }
    return mine;
  }

  public Format format() {
    return format;
  }
}
