package io.meshctl.core.route;

import io.meshctl.core.MeshctlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The split the user asked for: {@code v1=90 v2=10}. Weights are whole numbers 0–100 that sum to
 * 100, the rule every Istio version accepts (before 1.15 the sum had to be exactly 100; since then
 * any positive sum is relative — mesh-policy.md §3.1), so the result is valid whichever runs.
 */
public record WeightSpec(Map<String, Integer> weights) {

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public WeightSpec {
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  /** Parses and validates {@code SUBSET=WEIGHT} arguments; every problem is exit 65 naming the argument. */
  public static WeightSpec parse(List<String> args) {
    if (args == null || args.isEmpty()) {
      throw new MeshctlException.InvalidInput("no weights given: name each subset and its weight, e.g. v1=90 v2=10");
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0 || eq == arg.length() - 1) {
        throw new MeshctlException.InvalidInput("'" + arg + "' is not SUBSET=WEIGHT: write e.g. v1=90 v2=10");
      }
      String subset = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      if (!DNS1123_LABEL.matcher(subset).matches()) {
        throw new MeshctlException.InvalidInput("'" + subset + "' in '" + arg + "' is not a valid subset name "
            + "(lower-case letters, digits and '-', at most 63, as in the DestinationRule)");
      }
      if (!value.matches("\\d{1,3}") || Integer.parseInt(value) > 100) {
        throw new MeshctlException.InvalidInput("the weight of subset " + subset + " must be a whole number from 0 to 100, not '"
            + value + "'");
      }
      if (weights.put(subset, Integer.parseInt(value)) != null) {
        throw new MeshctlException.InvalidInput("subset " + subset + " is given twice: give each subset once");
      }
    }
    int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
    if (sum != 100) {
      throw new MeshctlException.InvalidInput("the weights sum to " + sum + ", not 100 (" + String.join(" ", args)
          + "): make them add up to 100 so every Istio version accepts the route");
    }
    return new WeightSpec(weights);
  }

  public List<String> subsets() {
    return new ArrayList<>(weights.keySet());
  }

  @Override
  public String toString() {
    return weights.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
