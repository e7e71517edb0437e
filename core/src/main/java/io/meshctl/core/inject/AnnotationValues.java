package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;

/**
 * The values of the pod annotations {@code inject} reads, validated as {@code inject} validates them
 * (Istio's {@code inject/validate.go}), for checks that look at an annotation without injecting:
 * {@code analyze}'s IST0125. One implementation of the rules: {@link PodSettings}.
 */
public final class AnnotationValues {

  private AnnotationValues() {
  }

  /** Loaded on first use: the bundled defaults the values are resolved against. */
  private static final class Defaults {
    static final InjectionConfig CONFIG = InjectionConfig.defaults();
  }

  /**
   * What is wrong with {@code value} for annotation {@code key}, or null when it is valid or not an
   * annotation inject validates.
   */
  public static String problem(String key, String value) {
    ObjectNode one = JsonNodeFactory.instance.objectNode().put(key, value);
    try {
      PodSettings.resolve(Defaults.CONFIG, one, "");
      return null;
    } catch (MeshctlException.InvalidInput e) {
      // ": invalid value 'v' for annotation 'k': why (fix or remove the annotation)" -> why
      String m = e.getMessage();
      String marker = "for annotation '" + key + "': ";
      int at = m.indexOf(marker);
      String why = at < 0 ? m : m.substring(at + marker.length());
      return why.replace(" (fix or remove the annotation)", "");
    }
  }
}
