package io.meshctl.core.analyze;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --suppress CODE=RESOURCE} (analyze.md §5): a message with a resource is suppressed when its
 * code equals CODE and its friendly name ({@code Kind namespace/name}) matches RESOURCE, where
 * {@code *} matches any run of characters (including {@code /}), anchored and case-sensitive.
 */
public record Suppression(String code, Pattern resource) {

  public static final String ANNOTATION = "galley.istio.io/analyze-suppress";

  /** Parses {@code CODE=RESOURCE}; null when the value is not exactly two {@code =}-separated parts. */
  public static Suppression parse(String value) {
    String[] parts = value.split("=", -1);
    if (parts.length != 2) {
      return null;
    }
    return new Suppression(parts[0], Pattern.compile(glob(parts[1]), Pattern.DOTALL));
  }

  private static String glob(String g) {
    StringBuilder re = new StringBuilder();
    String[] pieces = g.split("\\*", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      if (!pieces[i].isEmpty()) {
        re.append(Pattern.quote(pieces[i]));
      }
    }
    return re.toString();
  }

  public boolean matches(Message m) {
    return m.resource() != null && m.code().code.equals(code) && resource.matcher(m.origin()).matches();
  }

  /**
   * Whether a message is silenced: by a flag, or by the annotation on the object it is attached to
   * (comma-separated codes or {@code *}, split without trimming, as istioctl does).
   */
  public static boolean suppressed(Message m, List<Suppression> flags) {
    for (Suppression s : flags) {
      if (s.matches(m)) {
        return true;
      }
    }
    if (m.resource() == null) {
      return false;
    }
    String annotation = m.resource().annotation(ANNOTATION);
    if (annotation == null) {
      return false;
    }
    for (String c : annotation.split(",", -1)) {
      if (c.equals("*") || c.equals(m.code().code)) {
        return true;
      }
    }
    return false;
  }
}
