package io.meshctl.cli.command.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockClusterExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rejected weight list, in-process (fast) against the v1alpha3-only cluster: exit 65, nothing written. */
class RouteCommandTest {

  @RegisterExtension
  final MockClusterExtension cluster = new MockClusterExtension(MockCluster.Flavour.LEGACY);

  @TempDir
  Path tmp;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "v1=90 v2=5      | 65 | error: the weights sum to 95, not 100 (v1=90 v2=5): make them add up to 100",
      "v1=90 v2=20     | 65 | error: the weights sum to 110, not 100",
      "v1=0 v2=0       | 65 | error: the weights sum to 0, not 100",
      "v1=101 v2=0     | 65 | error: the weight of subset v1 must be a whole number from 0 to 100, not '101'",
      "v1=-5 v2=105    | 65 | error: the weight of subset v1 must be a whole number from 0 to 100, not '-5'",
      "v1=50.5 v2=49.5 | 65 | error: the weight of subset v1 must be a whole number from 0 to 100, not '50.5'",
      "v1=50 v1=50     | 65 | error: subset v1 is given twice",
      "v1=50 v3=50     | 65 | error: DestinationRule default/wordpress for wordpress.default.svc.cluster.local has no subset v3; it has: v1, v2",
      "v1 v2=100       | 65 | error: 'v1' is not SUBSET=WEIGHT",
      "v1=50 v2=50 --hosts x | 64 | error: --hosts and --gateway shape a VirtualService made with --create",
      "--route 7 v1=50 v2=50 | 64 | error: --route 7 is not a route of VirtualService wordpress"})
  void rejectedBeforeAnythingIsWritten(String args, int code, String message) {
    MockCluster c = cluster.get().seed(Examples.path("wordpress"))
        .seed(Examples.path("mesh-legacy/wordpress-gateway.yaml"));
    ObjectNode before = c.get(c.type(IstioKind.VIRTUAL_SERVICE), "default", "wordpress").orElseThrow();
    c.clearRequests();
    List<String> all = new ArrayList<>(List.of("route", "wordpress"));
    all.addAll(List.of(args.trim().split(" +")));
    all.addAll(List.of("--kubeconfig", c.writeKubeconfig(tmp).toString()));
    CommandRun run = Cli.run(all.toArray(String[]::new)).assertExit(code);
    assertThat(run.err()).startsWith(message);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).isEmpty();
    assertThat(c.writes()).isEmpty();
    assertThat(c.get(c.type(IstioKind.VIRTUAL_SERVICE), "default", "wordpress").orElseThrow()).isEqualTo(before);
  }
}
