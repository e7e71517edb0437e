package io.meshctl.cli;

import java.io.InputStream;
import java.util.Map;

/**
 * What a command may take from its process besides arguments: standard input and the environment.
 * Held by the root command so in-process tests can supply their own.
 */
public record Env(InputStream stdin, Map<String, String> variables) {

  public static Env system() {
    return new Env(System.in, System.getenv());
  }

  public String get(String name) {
    return variables.get(name);
  }
}
