package io.meshctl.core.analyze;

import java.util.List;

/** The analyzers of analyze.md §8.1-8.8: VirtualService, DestinationRule, Gateway (and meshctl's certificate checks). */
final class NetworkingAnalyzers {

  private NetworkingAnalyzers() {
  }

  static List<Analyzer> all() {
    return List.of(new VsDestinationHostAnalyzer(), new VsDestinationRuleAnalyzer(), new VsGatewayAnalyzer(),
        new VsConflictingMeshGatewayHostsAnalyzer(), new VsJwtClaimRouteAnalyzer(), new DrCaCertificateAnalyzer(),
        new DrSubsetSelectPodAnalyzer(), new GwIngressGatewayPortAnalyzer(), new GwSecretAnalyzer(),
        new GwConflictingGatewayAnalyzer(), new GwCertificateAnalyzer(), new GwCertificateHostAnalyzer());
  }
}
