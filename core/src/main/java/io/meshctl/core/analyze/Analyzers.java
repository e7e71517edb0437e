package io.meshctl.core.analyze;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The registry of analyzers and the entry point that runs them: {@link #analyze(MeshObjects)} for
 * any command that wants the findings about a mesh (analyze, describe).
 */
public final class Analyzers {

  private Analyzers() {
  }

  /** Every analyzer, sorted by name (as {@code --list-analyzers} prints them). */
  public static List<Analyzer> all() {
    List<Analyzer> all = new ArrayList<>(NetworkingAnalyzers.all());
    all.addAll(WorkloadAnalyzers.all());
    all.sort(Comparator.comparing(Analyzer::name));
    return List.copyOf(all);
  }

  /** What a run did: the messages, sorted and de-duplicated, and which analyzers ran or were skipped. */
  public record Result(List<Message> messages, List<Analyzer> executed, List<Analyzer> skipped) {
  }

  /** Every analyzer over the objects, judged now. */
  public static List<Message> analyze(MeshObjects objects) {
    return run(objects, all(), Instant.now()).messages();
  }

  public static Result run(MeshObjects objects, Collection<Analyzer> analyzers, Instant now) {
    Context ctx = new Context(objects, now);
    List<Analyzer> executed = new ArrayList<>();
    List<Analyzer> skipped = new ArrayList<>();
    for (Analyzer a : analyzers) {
      if (a.requires().stream().allMatch(objects::knows)) {
        a.analyze(ctx);
        executed.add(a);
      } else {
        skipped.add(a);
      }
    }
    return new Result(sorted(ctx.messages()), executed, skipped);
  }

  /**
   * istioctl's order (analyze.md §3.3): level, code, messages without a resource first, then
   * {@code Kind/name/namespace}, then the rendered line; a line equal to the previous one is dropped.
   */
  static List<Message> sorted(List<Message> messages) {
    // the keys are built once per message, not once per comparison
    record Keyed(Message m, String resource, String line) {
    }
    List<Keyed> copy = new ArrayList<>(messages.size());
    for (Message m : messages) {
      copy.add(new Keyed(m, m.resource() == null ? "" : "\u0001" + m.resource().kind() + "/" + m.resource().name()
          + "/" + m.resource().namespace(), m.line()));
    }
    copy.sort(Comparator.comparing((Keyed k) -> k.m().level())
        .thenComparing(k -> k.m().code().code)
        .thenComparing(Keyed::resource)
        .thenComparing(Keyed::line));
    List<Message> out = new ArrayList<>(copy.size());
    String last = null;
    for (Keyed k : copy) {
      if (!k.line().equals(last)) {
        out.add(k.m());
      }
      last = k.line();
    }
    return out;
  }
}
