package io.meshctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tokens of a command line as {@link FastPath} reads them: options in their plain forms
 * ({@code -o json}, {@code --output=json}) and positionals. Each command switches over the option
 * names its picocli annotations declare (FastPathTest compares the two parsers). Whatever this class
 * is unsure of throws {@link Refused} and the line goes to picocli, which gives the error or help:
 * {@code --}, {@code @file}, clustered short options, a repeated option, a value that looks like an
 * option or does not convert, an unknown option. No lambdas: each costs a call-site link at start-up.
 */
public final class FastArgs {

  /** What {@link #next} returns for a positional parameter; {@link #value} is its text. */
  public static final String POSITIONAL = "";

  /** The line is not for the fast path. */
  public static final class Refused extends RuntimeException {
    public Refused() {
      super(null, null, false, false);
    }
  }

  /** Options shared by several commands (mixins), taken by name. */
  public interface Options {
    /** Applies {@code option} and returns true if it is one of these. */
    boolean take(FastArgs args, String option);
  }

  private final String[] args;
  private int next;
  private String current;
  private String inline;
  private boolean positional;
  private final Set<String> seen = new HashSet<>();

  public FastArgs(String[] args, int from) {
    this.args = args;
    this.next = from;
  }

  /** The next option's name as typed, {@link #POSITIONAL}, or null at the end of the line. */
  public String next() {
    if (next == args.length) {
      return null;
    }
    String a = args[next++];
    if (a.startsWith("@") || a.equals("--") || a.equals("-")) {
      throw new Refused();
    }
    positional = !a.startsWith("-");
    if (positional) {
      current = a;
      inline = null;
      return POSITIONAL;
    }
    int eq = a.indexOf('=');
    current = eq < 0 ? a : a.substring(0, eq);
    inline = eq < 0 ? null : a.substring(eq + 1);
    return current;
  }

  /** The current option's value (after {@code =} or the next token), or the positional's text. */
  public String value() {
    if (positional) {
      return current;
    }
    if (inline != null) {
      return inline;
    }
    if (next < args.length && !looksLikeOption(args[next])) {
      return args[next++];
    }
    throw new Refused();
  }

  /** The value of an option given at most once; {@code name} is its first name, whatever alias was typed. */
  public String once(String name) {
    if (!seen.add(name)) {
      throw new Refused();
    }
    return value();
  }

  /** A boolean flag given at most once, without a value. */
  public boolean flag(String name) {
    if (inline != null || !seen.add(name)) {
      throw new Refused();
    }
    return true;
  }

  /** A positional parameter for a slot that must still be empty. */
  public String positional(String slot) {
    if (slot != null) {
      throw new Refused();
    }
    return value();
  }

  /** Hands an option to the mixins; refuses the line if none knows it. */
  public void other(String option, Options... owners) {
    if (option.equals(POSITIONAL)) {
      throw new Refused();
    }
    for (Options o : owners) {
      if (o.take(this, option)) {
        return;
      }
    }
    throw new Refused();
  }

  /** Refuses the line unless {@code ok}: for required options and parameters. */
  public static void require(boolean ok) {
    if (!ok) {
      throw new Refused();
    }
  }

  /** picocli reads such a token as an option, not as the previous option's value. */
  private static boolean looksLikeOption(String s) {
    return s.startsWith("-") && s.length() > 1 || s.startsWith("@");
  }

  /** A repeatable option's list with {@code value} added; picocli leaves the list null until the option is given. */
  public static List<String> append(List<String> list, String value) {
    List<String> out = list == null ? new ArrayList<>() : list;
    out.add(value);
    return out;
  }

  /** A path, as picocli converts it. */
  public static Path path(String s) {
    try {
      return Path.of(s);
    } catch (RuntimeException e) {
      throw new Refused();
    }
  }

  /** An enum constant by name, any case, as picocli does with case-insensitive enums on. */
  public static <E extends Enum<E>> E enumValue(Class<E> type, String s) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(s)) {
        return e;
      }
    }
    throw new Refused();
  }
}
