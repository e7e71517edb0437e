package io.meshctl.cli.render;

/**
 * Colour only for a person at a terminal: off when the output is not a console, when NO_COLOR is
 * set (no-color.org), or for TERM=dumb.
 */
public final class Ansi {

  private final boolean enabled;

  public Ansi(boolean enabled) {
    this.enabled = enabled;
  }

  public static Ansi detect(java.util.Map<String, String> env) {
    return new Ansi(System.console() != null && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM")));
  }

  public boolean enabled() {
    return enabled;
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  private String wrap(String code, String s) {
    return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
