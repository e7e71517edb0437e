package io.meshctl.cli.options;

import java.util.Iterator;
import java.util.List;

/**
 * Completion of names that live in the cluster (pods, hosts, namespaces), declared on the option or
 * parameter itself: {@code @Parameters(completionCandidates = Candidates.Pods.class)}. picocli's
 * candidates are a static list, so each kind is one marker word; the completion scripts
 * ({@code CompletionCommand}) turn the marker into a call of {@code meshctl __complete KIND WORD}.
 */
public final class Candidates {

  /** The marker's prefix; what follows it is the kind {@code __complete} takes. */
  public static final String MARKER = "__meshctl_complete:";

  private Candidates() {
  }

  /** Pods of the namespace, and the {@code TYPE/NAME} forms of workloads ({@code deploy/web}). */
  public static final class Pods implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of(MARKER + "pods").iterator();
    }
  }

  /** The hosts of the namespace's VirtualServices, and {@code vs/NAME}. */
  public static final class Hosts implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of(MARKER + "hosts").iterator();
    }
  }

  /** The cluster's namespaces. */
  public static final class Namespaces implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of(MARKER + "namespaces").iterator();
    }
  }
}
