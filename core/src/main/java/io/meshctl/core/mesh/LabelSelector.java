package io.meshctl.core.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector: what {@code kubectl -l} takes ({@code a=b,c!=d,e in (x,y),!f}, the
 * grammar of apimachinery's {@code labels.Parse}) and what a workload's {@code spec.selector}
 * ({@code matchLabels}, {@code matchExpressions}) says. fabric8 sends selector strings as given and
 * parses none, so the parsing is here: to refuse a malformed {@code -l} before any request, and to
 * select among manifests offline. {@link #toString()} is the canonical query form the API server takes.
 */
public record LabelSelector(List<Requirement> requirements) {

  public enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

  /** One term; {@code values} sorted, as apimachinery keeps them. */
  public record Requirement(String key, Op op, List<String> values) {

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case EQUALS, IN -> v != null && values.contains(v);
        case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> v != null;
        case DOES_NOT_EXIST -> v == null;
        case GREATER_THAN, LESS_THAN -> v != null && v.matches("-?\\d{1,18}")
            && (op == Op.GREATER_THAN ? Long.parseLong(v) > Long.parseLong(values.get(0))
            : Long.parseLong(v) < Long.parseLong(values.get(0)));
      };
    }

    @Override
    public String toString() {
      return switch (op) {
        case EQUALS -> key + "=" + values.get(0);
        case NOT_EQUALS -> key + "!=" + values.get(0);
        case IN -> key + " in (" + String.join(",", values) + ")";
        case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
        case EXISTS -> key;
        case DOES_NOT_EXIST -> "!" + key;
        case GREATER_THAN -> key + ">" + values.get(0);
        case LESS_THAN -> key + "<" + values.get(0);
      };
    }
  }

  // apimachinery's validation: a qualified name (optional DNS-subdomain prefix + '/') and label values
  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
      + NAME);
  private static final Pattern VALUE = Pattern.compile("(" + NAME + ")?");

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  /**
   * {@code -l}: comma-separated terms {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)},
   * {@code k notin (a,b)}, {@code k}, {@code !k}, {@code k>N}, {@code k<N}; empty selects everything.
   * A malformed selector is a usage error (64) naming the term.
   */
  public static LabelSelector parse(String text) {
    List<Requirement> out = new ArrayList<>();
    for (String term : terms(text)) {
      out.add(term(term, text));
    }
    return new LabelSelector(out);
  }

  /** Splits at the commas outside parentheses. */
  private static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    if (text.isBlank()) {
      return out;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  private static Requirement term(String term, String whole) {
    String t = term.strip();
    if (t.isEmpty()) {
      throw bad(whole, "an empty term (two commas, or a comma at an end)");
    }
    if (t.startsWith("!")) {
      return new Requirement(key(t.substring(1).strip(), whole), Op.DOES_NOT_EXIST, List.of());
    }
    int i = 0;
    while (i < t.length() && " \t!=<>(),".indexOf(t.charAt(i)) < 0) {
      i++;
    }
    String key = key(t.substring(0, i), whole);
    String rest = t.substring(i).strip();
    if (rest.isEmpty()) {
      return new Requirement(key, Op.EXISTS, List.of());
    }
    for (String[] op : new String[][] {{"==", "EQUALS"}, {"!=", "NOT_EQUALS"}, {"=", "EQUALS"}, {">", "GREATER_THAN"},
        {"<", "LESS_THAN"}}) {
      if (rest.startsWith(op[0])) {
        String value = rest.substring(op[0].length()).strip();
        Op o = Op.valueOf(op[1]);
        if (o == Op.GREATER_THAN || o == Op.LESS_THAN) {
          if (!value.matches("-?\\d{1,18}")) {
            throw bad(whole, "'" + t + "': " + op[0] + " takes a whole number");
          }
        } else {
          value(value, t, whole);
        }
        return new Requirement(key, o, List.of(value));
      }
    }
    for (String[] op : new String[][] {{"notin", "NOT_IN"}, {"in", "IN"}}) {
      if (rest.startsWith(op[0]) && rest.substring(op[0].length()).strip().startsWith("(")) {
        String set = rest.substring(op[0].length()).strip();
        if (!set.endsWith(")")) {
          throw bad(whole, "'" + t + "': the set must end with ')'");
        }
        TreeSet<String> values = new TreeSet<>();
        for (String v : set.substring(1, set.length() - 1).split(",", -1)) {
          values.add(value(v.strip(), t, whole));
        }
        return new Requirement(key, Op.valueOf(op[1]), List.copyOf(values));
      }
    }
    throw bad(whole, "'" + t + "' is not KEY, !KEY, KEY=VALUE, KEY!=VALUE, KEY in (V1,V2) or KEY notin (V1,V2)");
  }

  private static String key(String key, String whole) {
    if (!KEY.matcher(key).matches() || key.length() > 317) {
      throw bad(whole, "'" + key + "' is not a label key (a name of at most 63 letters, digits, '-', '_', '.', "
          + "optionally prefixed by a DNS subdomain and '/')");
    }
    return key;
  }

  private static String value(String value, String term, String whole) {
    if (!VALUE.matcher(value).matches()) {
      throw bad(whole, "'" + term + "': '" + value + "' is not a label value (at most 63 letters, digits, '-', '_', "
          + "'.', starting and ending with a letter or digit)");
    }
    return value;
  }

  private static MeshctlException.Usage bad(String whole, String why) {
    return new MeshctlException.Usage("invalid label selector \"" + whole + "\": " + why);
  }

  /**
   * A workload's {@code spec.selector}; {@code owner} ({@code deployment "x"}) names it in errors.
   * An absent or empty selector is invalid input: it would select every pod of the namespace.
   */
  public static LabelSelector of(JsonNode selector, String owner) {
    List<Requirement> out = new ArrayList<>();
    MeshSnapshot.stringMap(selector == null ? null : selector.path("matchLabels"))
        .forEach((k, v) -> out.add(new Requirement(k, Op.EQUALS, List.of(v))));
    if (selector != null) {
      for (JsonNode e : selector.path("matchExpressions")) {
        String key = Manifests.text(e, "key");
        String op = String.valueOf(Manifests.text(e, "operator"));
        TreeSet<String> values = new TreeSet<>();
        e.path("values").forEach(v -> values.add(v.asText()));
        Op o = switch (op) {
          case "In" -> Op.IN;
          case "NotIn" -> Op.NOT_IN;
          case "Exists" -> Op.EXISTS;
          case "DoesNotExist" -> Op.DOES_NOT_EXIST;
          default -> throw new MeshctlException.InvalidInput(owner + ": spec.selector.matchExpressions: operator " + op
              + " is not In, NotIn, Exists or DoesNotExist");
        };
        out.add(new Requirement(key, o, List.copyOf(values)));
      }
    }
    if (out.isEmpty()) {
      throw new MeshctlException.InvalidInput(owner + " has no spec.selector: cannot tell which pods are its");
    }
    return new LabelSelector(out);
  }

  public boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The query form, {@code app=x,tier in (a,b)}: what {@code ?labelSelector=} takes and messages quote. */
  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    requirements.forEach(r -> out.add(r.toString()));
    return String.join(",", out);
  }

  /**
   * A selector object as the API server evaluates a webhook's namespaceSelector/objectSelector:
   * absent or empty selects everything; an operator the server would refuse selects nothing.
   */
  public static boolean selects(JsonNode selector, Map<String, String> labels) {
    if (isEmpty(selector)) {
      return true;
    }
    try {
      return of(selector, "selector").matches(labels);
    } catch (MeshctlException.InvalidInput e) {
      return false;
    }
  }

  /** Whether a selector object has no terms: Istio's never/always selectors skip an empty one. */
  public static boolean isEmpty(JsonNode selector) {
    return selector == null || !selector.isObject()
        || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty());
  }

  /** A selector object as kubectl prints it ({@code a=b,c notin (x)}), for messages. */
  public static String describe(JsonNode selector) {
    if (isEmpty(selector)) {
      return "everything";
    }
    try {
      return of(selector, "selector").toString();
    } catch (MeshctlException.InvalidInput e) {
      return selector.toString();
    }
  }
}
