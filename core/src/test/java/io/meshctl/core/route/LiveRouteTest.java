package io.meshctl.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.Yaml;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The write path against the mock API server: the 409s here come from the server's resourceVersion check. */
class LiveRouteTest {

  @TempDir
  Path tmp;

  private static MockCluster seeded(MockCluster.Flavour flavour) {
    return MockCluster.start(flavour).seed(Examples.path("wordpress"))
        .seed(Examples.path(flavour.examples()).resolve("wordpress-gateway.yaml"));
  }

  private static RouteRequest request(String... weights) {
    return new RouteRequest("wordpress", WeightSpec.parse(List.of(weights)), null, null, false, null, null, false);
  }

  /** Another writer sets the route's retries, as a person or controller editing the object would. */
  private static void addRetries(MockCluster cluster, ResourceType type, int attempts) {
    ObjectNode vs = cluster.get(type, "default", "wordpress").orElseThrow();
    ((ObjectNode) vs.path("spec").path("http").path(0)).putObject("retries").put("attempts", attempts).put("perTryTimeout", "2s");
    try {
      cluster.client().raw(type.path("default") + "/wordpress", "PUT", Yaml.jsonMapper().writeValueAsString(vs));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(MockCluster.Flavour.class)
  void concurrentWriterAndOurChangeBothSurvive(MockCluster.Flavour flavour) {
    try (MockCluster cluster = seeded(flavour); Kube kube = cluster.kube(tmp)) {
      ResourceType type = cluster.type(IstioKind.VIRTUAL_SERVICE);
      AtomicInteger calls = new AtomicInteger();
      RoutePlan plan = new LiveRoute(kube, "istio-system", Reporter.SILENT)
          .beforeWrite(() -> {
            if (calls.getAndIncrement() == 0) {
              addRetries(cluster, type, 3);
            }
          })
          .apply(request("v1=50", "v2=50"), false, false);
      assertThat(calls).hasValue(2); // one write refused with 409, one accepted
      assertThat(plan.change().written()).isTrue();
      ObjectNode stored = cluster.get(type, "default", "wordpress").orElseThrow();
      assertThat(stored.at("/spec/http/0/retries/attempts").asInt()).isEqualTo(3);
      assertThat(stored.at("/spec/http/0/route/0/weight").asInt()).isEqualTo(50);
      assertThat(stored.at("/spec/http/0/route/1/weight").asInt()).isEqualTo(50);
    }
  }

  @ParameterizedTest
  @EnumSource(MockCluster.Flavour.class)
  void givesUpAfterRepeatedConflictsAndLeavesTheOtherWritersObject(MockCluster.Flavour flavour) {
    try (MockCluster cluster = seeded(flavour); Kube kube = cluster.kube(tmp)) {
      ResourceType type = cluster.type(IstioKind.VIRTUAL_SERVICE);
      AtomicInteger calls = new AtomicInteger();
      LiveRoute live = new LiveRoute(kube, "istio-system", Reporter.SILENT).beforeWrite(() -> {
        addRetries(cluster, type, calls.incrementAndGet()); // a different change each time
      });
      assertThatThrownBy(() -> live.apply(request("v1=50", "v2=50"), false, false))
          .isInstanceOf(MeshctlException.Conflict.class).hasMessageContaining("gave up after 5 attempts");
      assertThat(calls).hasValue(LiveRoute.ATTEMPTS);
      ObjectNode stored = cluster.get(type, "default", "wordpress").orElseThrow();
      assertThat(stored.at("/spec/http/0/route/0/weight").asInt()).isEqualTo(90);
    }
  }
}
