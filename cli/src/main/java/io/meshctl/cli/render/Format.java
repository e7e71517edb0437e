package io.meshctl.cli.render;

/** {@code -o} values. Lower case because picocli shows and completes the constants as they are. */
public enum Format {
  table, json, yaml
}
