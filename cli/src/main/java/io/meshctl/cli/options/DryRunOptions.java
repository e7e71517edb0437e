package io.meshctl.cli.options;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --dry-run[=none|client|server]} as kubectl spells it, on every command that writes to the
 * cluster: {@code --dry-run} alone is {@code client} (decide and print, send nothing), {@code server}
 * sends the write with {@code dryRun=All} so the API server validates, admits and authorises it
 * without storing it, {@code none} really writes.
 */
public final class DryRunOptions {

  /** The three strategies, by kubectl's names. */
  public enum Mode {
    none, client, server
  }

  @Option(names = "--dry-run", arity = "0..1", paramLabel = "none|client|server", fallbackValue = "client",
      preprocessor = AttachedValueOnly.class,
      description = "Write nothing: 'client' (the default of a bare --dry-run) prints what would be written, "
          + "'server' also has the API server validate, admit and authorise it (nothing is stored); 'none' writes.")
  Mode mode = Mode.none;

  public Mode mode() {
    return mode;
  }

  /** Any dry run: nothing is stored. */
  public boolean any() {
    return mode != Mode.none;
  }

  /**
   * As in kubectl, the value must be attached ({@code --dry-run=server}): a bare {@code --dry-run}
   * never swallows the word after it, so {@code route --dry-run HOST v1=90 v2=10} keeps its HOST.
   */
  static final class AttachedValueOnly implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec arg, Map<String, Object> info) {
      if (!"=".equals(info.get("separator"))) {
        args.push(Mode.client.name());
      }
      return false;
    }
  }
}
