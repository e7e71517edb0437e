package io.meshctl.core.analyze;

import java.util.Set;

/**
 * One analyzer: a small decision over the {@link Context}, reporting {@link Message}s through
 * {@link Context#report}. Stateless; one instance serves every run.
 */
public interface Analyzer {

  /** The name {@code --list-analyzers} prints, istioctl's ({@code virtualservice.DestinationHostAnalyzer}). */
  String name();

  /** One line for {@code --list-analyzers}. */
  String description();

  /** Every code the analyzer may emit. */
  Set<Code> codes();

  /**
   * Kinds ({@link Kinds}) without which the analyzer could only report false positives (a selector
   * "not found" because pods were not read): it is skipped when one of them is neither read from
   * the cluster nor present in the files (analyze.md §1.1).
   */
  Set<String> requires();

  void analyze(Context ctx);
}
