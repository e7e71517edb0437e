package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walkthrough's own manifests: every analyzer of §8.9-8.15 over them, only the article's problems found. */
class ExamplesAnalysisTest {

  private static List<String> lines(String... files) throws IOException {
    MeshObjects objects = Fixture.files(MtlsConflictAnalyzerTest.example(files));
    return Analyzers.run(objects, WorkloadAnalyzers.all(), Fixture.NOW).messages().stream().map(Message::line).toList();
  }

  @Test
  void currentFlavour() throws IOException {
    List<String> lines = lines("wordpress/wordpress.yaml", "wordpress/wordpress-v2.yaml", "wordpress/mysql.yaml",
        "mesh-current/mtls-peerauthentication.yaml", "mesh-current/istio-configmap.yaml",
        "mesh-current/wordpress-gateway.yaml", "mesh-current/destinationrule-mysql-disable.yaml");
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("Error [MSH0001] (DestinationRule default/wordpress-mysql "), lines.get(0));
  }

  @Test
  void legacyFlavour() throws IOException {
    List<String> lines = lines("wordpress/wordpress.yaml", "wordpress/wordpress-v2.yaml", "wordpress/mysql.yaml",
        "mesh-legacy/mtls-meshpolicy.yaml", "mesh-legacy/istio-configmap.yaml",
        "mesh-legacy/wordpress-gateway.yaml", "mesh-legacy/destinationrule-mysql-disable.yaml");
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("MeshPolicy default requires mTLS"), lines.get(0));
  }
}
