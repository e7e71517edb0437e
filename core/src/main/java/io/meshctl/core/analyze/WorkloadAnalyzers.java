package io.meshctl.core.analyze;

import java.util.List;

/**
 * The analyzers of analyze.md §8.9-8.15: Sidecar, injection, workloads and Services, ServiceEntries,
 * security policy and mTLS, deprecation, schema validation.
 */
final class WorkloadAnalyzers {

  private WorkloadAnalyzers() {
  }

  static List<Analyzer> all() {
    return List.of();
  }
}
