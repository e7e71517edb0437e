package io.meshctl.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A command's options as {@link FastPath} parses them: the same names and arities as its picocli
 * annotations (FastPathTest compares the two parsers), but only the plain forms. A line this class
 * is unsure of is refused ({@link #parse} returns false) and goes to picocli, which then gives the
 * error or help text: a value that will not convert, a repeated option, {@code --}, {@code @file},
 * clustered short options, a missing required option or argument.
 */
public final class FastArgs {

  private record Option(boolean takesValue, boolean repeatable, Consumer<String> set) {
  }

  /** Thrown by converters: the line goes to picocli. */
  static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  private final Map<String, Option> options = new HashMap<>();
  private final Map<String, String> canonical = new HashMap<>();
  private final List<Consumer<String>> positionals = new ArrayList<>();
  private final Set<String> required = new HashSet<>();
  private int requiredPositionals;

  /** An option with a value, given at most once. The first name is the one {@link #require} uses. */
  public FastArgs value(Consumer<String> set, String... names) {
    return add(new Option(true, false, set), names);
  }

  /** An option with a value that may be repeated, collected in order. */
  public FastArgs values(Consumer<String> add, String... names) {
    return add(new Option(true, true, add), names);
  }

  /** A boolean flag without a value, given at most once. */
  public FastArgs flag(Runnable set, String... names) {
    return add(new Option(false, false, v -> set.run()), names);
  }

  /** The next positional parameter; {@code required} ones come first. */
  public FastArgs positional(boolean required, Consumer<String> set) {
    if (required) {
      requiredPositionals++;
    }
    positionals.add(set);
    return this;
  }

  /** The option (by its first name) must be given. */
  public FastArgs require(String name) {
    required.add(name);
    return this;
  }

  private FastArgs add(Option o, String... names) {
    for (String n : names) {
      options.put(n, o);
      canonical.put(n, names[0]);
    }
    return this;
  }

  /** Applies {@code args[from..]}; false if picocli must handle the line (nothing is run then). */
  public boolean parse(String[] args, int from) {
    Set<String> seen = new HashSet<>();
    int positional = 0;
    try {
      for (int i = from; i < args.length; i++) {
        String a = args[i];
        if (a.startsWith("@") || a.equals("--") || a.equals("-")) {
          return false;
        }
        if (!a.startsWith("-")) {
          if (positional == positionals.size()) {
            return false;
          }
          positionals.get(positional++).accept(a);
          continue;
        }
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        Option o = options.get(name);
        if (o == null || (!seen.add(canonical.get(name)) && !o.repeatable())) {
          return false;
        }
        if (!o.takesValue()) {
          if (eq >= 0) {
            return false;
          }
          o.set().accept(null);
        } else if (eq >= 0) {
          o.set().accept(a.substring(eq + 1));
        } else if (i + 1 < args.length && !looksLikeOption(args[i + 1])) {
          o.set().accept(args[++i]);
        } else {
          return false;
        }
      }
    } catch (Refused | InvalidPathException e) {
      return false;
    }
    return positional >= requiredPositionals && seen.containsAll(required);
  }

  /** picocli reads such a token as an option, not as the previous option's value. */
  private static boolean looksLikeOption(String s) {
    return s.startsWith("-") && s.length() > 1 || s.startsWith("@");
  }

  /** A path, as picocli converts it. */
  public static Path path(String s) {
    return Path.of(s);
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

  /** A value through a picocli-style converter that throws on bad input. */
  public static <T> T convert(Function<String, T> converter, String s) {
    try {
      return converter.apply(s);
    } catch (RuntimeException e) {
      throw new Refused();
    }
  }
}
