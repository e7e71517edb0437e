package io.meshctl.core.analyze;

/**
 * One finding.
 *
 * @param resource what the message is attached to; null for a mesh-wide message
 * @param field istioctl's field key ({@code {.spec.gateways[0]}}) whose line the reference shows, or null
 */
public record Message(Code code, String text, Resource resource, String field) {

  public Level level() {
    return code.level;
  }

  /** {@code VirtualService default/wordpress}, or null. */
  public String origin() {
    return resource == null ? null : resource.friendlyName();
  }

  /** {@code file:line} for an object from a file, else null. */
  public String reference() {
    return resource == null ? null : resource.reference(field);
  }

  public String documentationUrl() {
    return code.documentationUrl();
  }

  /** The namespace the message concerns, for {@code -n} filtering: a Namespace's own name; empty if none. */
  public String namespace() {
    if (resource == null) {
      return "";
    }
    return resource.kind().equals(Kinds.NAMESPACE) ? resource.name() : resource.namespace();
  }

  /** istioctl's log line without colour: {@code Error [IST0101] (VirtualService default/wordpress a.yaml:12) text}. */
  public String line() {
    StringBuilder b = new StringBuilder().append(level().label).append(" [").append(code.code).append("]");
    if (resource != null) {
      b.append(" (").append(origin());
      String ref = reference();
      if (ref != null) {
        b.append(' ').append(ref);
      }
      b.append(')');
    }
    return b.append(' ').append(text).toString();
  }
}
