package io.meshctl.core.inject;

import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Source;
import java.util.List;

/**
 * What happened to one object of the input: a line of the report on stderr.
 *
 * @param source where the document starts ({@code file:line})
 * @param kind the object's kind, null when the document has none
 * @param name the object's name, null when it has none
 * @param namespace the object's namespace, null when it sets none
 * @param action what was done
 * @param detail why (skip reason, kind note), or null
 * @param warnings annotations or probes that had no effect, one sentence each
 */
public record ObjectReport(Source source, String kind, String name, String namespace, Action action, String detail,
    List<String> warnings) {

  /** The outcomes, with the words the report uses. */
  public enum Action {
    INJECTED("injected"),
    REINJECTED("re-injected"),
    ALREADY_INJECTED("already injected"),
    SKIPPED("skipped"),
    NOT_INJECTED("not injected"),
    PASSED_THROUGH("passed through"),
    UNINJECTED("uninjected"),
    NOTHING_TO_REMOVE("nothing to remove");

    private final String words;

    Action(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** {@code Deployment/wordpress} or {@code Deployment/wordpress in prod}. */
  public String object() {
    return Manifests.describe(kind, name, namespace);
  }

  /** The report line: {@code wordpress.yaml:33: Deployment/wordpress: injected}. */
  public String line() {
    return source + ": " + object() + ": " + action.words() + (detail == null ? "" : " (" + detail + ")");
  }
}
