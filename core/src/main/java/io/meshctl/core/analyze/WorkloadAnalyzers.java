package io.meshctl.core.analyze;

import java.util.ArrayList;
import java.util.List;

/**
 * The analyzers of analyze.md §8.9-8.15: Sidecar, injection, workloads and Services, ServiceEntries,
 * security policy and mTLS, deprecation, schema validation.
 */
final class WorkloadAnalyzers {

  private WorkloadAnalyzers() {
  }

  static List<Analyzer> all() {
    List<Analyzer> all = new ArrayList<>(List.of(new MtlsConflictAnalyzer(), new SidecarSelectorAnalyzer(),
        new InjectionAnalyzer(), new ImageAnalyzer(), new ImageAutoAnalyzer(), new WebhookAnalyzer(),
        new PortNameAnalyzer(), new MultiServiceAnalyzer(), new ApplicationUidAnalyzer(), new AnnotationsAnalyzer(),
        new ServiceEntryAddressesAnalyzer(), new ConflictingServiceEntryProtocolAnalyzer(),
        new AuthorizationPoliciesAnalyzer(), new BlockedCidrsAnalyzer(), new DeprecationAnalyzer()));
    all.addAll(SchemaValidationAnalyzer.all());
    return all;
  }
}
