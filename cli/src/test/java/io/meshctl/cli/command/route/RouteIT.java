package io.meshctl.cli.command.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code meshctl route} as a user runs it: the packaged CLI against the mock API server of each
 * Istio flavour (v1alpha3 only, v1 only), reading back what the server stored.
 */
class RouteIT {

  /** The running pods of both WordPress versions, so no subset is empty. */
  static final String PODS = """
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-v1-7f9c4, labels: {app: wordpress, tier: frontend, version: v1}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.2"}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: wordpress-v2-5d8b6, labels: {app: wordpress, tier: frontend, version: v2}}
      spec: {containers: [{name: wordpress, image: "wordpress:php7.3"}]}
      """;

  @TempDir
  Path tmp;

  private MockCluster cluster;
  private Path kubeconfig;

  private MockCluster start(Flavour flavour, boolean pods) {
    cluster = MockCluster.start(flavour).seed(Examples.path("wordpress"))
        .seed(Examples.path(flavour.examples()).resolve("wordpress-gateway.yaml"));
    if (pods) {
      cluster.seed(PODS);
    }
    kubeconfig = cluster.writeKubeconfig(tmp);
    cluster.clearRequests();
    return cluster;
  }

  private CommandRun meshctl(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    return Launcher.run(null, Map.of("NO_COLOR", "1"), tmp, all.toArray(String[]::new));
  }

  private ResourceType vsType() {
    return cluster.type(IstioKind.VIRTUAL_SERVICE);
  }

  private ObjectNode vs(String name) {
    return cluster.get(vsType(), "default", name).orElseThrow();
  }

  private static List<Integer> weights(JsonNode vs, String route) {
    List<Integer> out = new ArrayList<>();
    vs.at(route).forEach(d -> out.add(d.has("weight") ? d.path("weight").asInt() : null));
    return out;
  }

  private static ObjectNode withWeights(ObjectNode vs, int... w) {
    ObjectNode copy = vs.deepCopy();
    for (int i = 0; i < w.length; i++) {
      ((ObjectNode) copy.at("/spec/http/0/route/" + i)).put("weight", w[i]);
    }
    return copy;
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void articleNinetyTenToFiftyFifty(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      ObjectNode before = vs("wordpress");
      CommandRun run = meshctl("route", "wordpress", "v1=50", "v2=50").assertOk();
      assertThat(run.out()).isEqualTo("""
          VirtualService default/wordpress, route http[0], host wordpress.default.svc.cluster.local
          SUBSET   BEFORE   AFTER
          v1       90       50
          v2       10       50
          """);
      assertThat(run.err()).isEqualTo("updated VirtualService default/wordpress\n");
      assertThat(c.writes()).containsExactly("PUT " + vsType().path("default") + "/wordpress");
      ObjectNode after = vs("wordpress");
      assertThat(after.path("spec")).isEqualTo(withWeights(before, 50, 50).path("spec"));
      assertThat(after.path("apiVersion").asText()).isEqualTo(vsType().apiVersion());
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void promotionZeroHundredAsJson(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      CommandRun run = meshctl("route", "set-weight", "wordpress", "v1=0", "v2=100", "-o", "json").assertOk();
      JsonNode out = ManifestReader.parse(run.out(), "out.json").get(0).tree();
      assertThat(out.path("written").asBoolean()).isTrue();
      assertThat(out.path("subsets").toString())
          .isEqualTo("[{\"subset\":\"v1\",\"before\":90,\"after\":0},{\"subset\":\"v2\",\"before\":10,\"after\":100}]");
      assertThat(weights(vs("wordpress"), "/spec/http/0/route")).containsExactly(0, 100);
      // running it again changes nothing and writes nothing
      c.clearRequests();
      assertThat(meshctl("route", "wordpress", "v1=0", "v2=100").assertOk().err()).contains("nothing written");
      assertThat(c.writes()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void threeWaySplit(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      ResourceType drType = c.type(IstioKind.DESTINATION_RULE);
      ObjectNode dr = c.get(drType, "default", "wordpress").orElseThrow();
      ((com.fasterxml.jackson.databind.node.ArrayNode) dr.at("/spec/subsets")).addObject().put("name", "v3")
          .putObject("labels").put("version", "v3");
      c.client().raw(drType.path("default") + "/wordpress", "PUT", dr.toString());
      c.seed("""
          apiVersion: v1
          kind: Pod
          metadata: {name: wordpress-v3-9c2d1, labels: {app: wordpress, tier: frontend, version: v3}}
          spec: {containers: [{name: wordpress, image: "wordpress:php8.2"}]}
          """);
      meshctl("route", "wordpress", "v1=50", "v2=30", "v3=20").assertOk();
      ObjectNode after = vs("wordpress");
      assertThat(weights(after, "/spec/http/0/route")).containsExactly(50, 30, 20);
      assertThat(after.at("/spec/http/0/route/2/destination").toString())
          .isEqualTo("{\"host\":\"wordpress\",\"subset\":\"v3\"}");
    }
  }

  static final String TWO_ROUTES = """
      apiVersion: networking.istio.io/VERSION
      kind: VirtualService
      metadata:
        name: wordpress
        labels: {team: blog}
        annotations: {owner: web-team}
      spec:
        hosts: [blog.datadoc.info]
        gateways: [wordpress-gateway]
        http:
        - name: testers
          match:
          - headers:
              cookie: {regex: "^(.*?;)?(tester=yes)(;.*)?$"}
          route:
          - destination: {host: wordpress, subset: v2}
          retries: {attempts: 3, perTryTimeout: 2s}
        - name: primary
          route:
          - destination: {host: wordpress, subset: v1}
            weight: 90
          - destination: {host: wordpress, subset: v2}
            weight: 10
          timeout: 10s
          mirror: {host: wordpress, subset: v2}
          headers:
            response:
              set: {x-served-by: meshctl}
      """;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void severalRoutesOnlyTheChosenOneChanges(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      c.client().raw(vsType().path("default") + "/wordpress", "DELETE", null);
      c.seed(TWO_ROUTES.replace("VERSION", vsType().version()));
      ObjectNode before = vs("wordpress");
      c.clearRequests();
      CommandRun ambiguous = meshctl("route", "wordpress", "v1=50", "v2=50").assertExit(64);
      assertThat(ambiguous.err()).contains("has 2 routes for this host", "http[0] \"testers\" (match [",
          "http[1] \"primary\" (matches all traffic)", "pick one with --route NAME|INDEX");
      assertThat(c.writes()).isEmpty();
      meshctl("route", "wordpress", "v1=50", "v2=50", "--route", "primary").assertOk();
      ObjectNode after = vs("wordpress");
      ObjectNode expected = before.deepCopy();
      ((ObjectNode) expected.at("/spec/http/1/route/0")).put("weight", 50);
      ((ObjectNode) expected.at("/spec/http/1/route/1")).put("weight", 50);
      assertThat(after.path("spec")).isEqualTo(expected.path("spec"));
      assertThat(after.at("/metadata/labels")).isEqualTo(before.at("/metadata/labels"));
      assertThat(after.at("/metadata/annotations")).isEqualTo(before.at("/metadata/annotations"));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void everyValidationErrorIsExit65AndWritesNothing(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      ObjectNode before = vs("wordpress");
      // the rest of the table runs in-process in RouteCommandTest; these two need the cluster's DestinationRule
      Map<List<String>, String> cases = Map.of(
          List.of("v1=90", "v2=5"), "error: the weights sum to 95, not 100 (v1=90 v2=5)",
          List.of("v1=50", "v3=50"), "error: DestinationRule default/wordpress for wordpress.default.svc.cluster.local "
              + "has no subset v3; it has: v1, v2");
      for (Map.Entry<List<String>, String> e : cases.entrySet()) {
        List<String> args = new ArrayList<>(List.of("route", "wordpress"));
        args.addAll(e.getKey());
        CommandRun run = meshctl(args.toArray(String[]::new)).assertExit(65);
        assertThat(run.err()).as(e.getKey().toString()).contains(e.getValue());
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
        assertThat(c.writes()).isEmpty();
        assertThat(vs("wordpress")).isEqualTo(before);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void noVirtualServiceIs66UnlessCreated(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      c.client().raw(vsType().path("default") + "/wordpress", "DELETE", null);
      c.clearRequests();
      CommandRun none = meshctl("route", "wordpress", "v1=90", "v2=10").assertExit(66);
      assertThat(none.err()).contains("no VirtualService in namespace default routes wordpress.default.svc.cluster.local",
          "--create");
      assertThat(c.writes()).isEmpty();
      meshctl("route", "wordpress", "v1=90", "v2=10", "--create", "--hosts", "blog.datadoc.info",
          "--gateway", "wordpress-gateway").assertOk();
      ObjectNode created = vs("wordpress");
      ObjectNode listing3 = (ObjectNode) ManifestReader.parse("""
          hosts: [blog.datadoc.info]
          gateways: [wordpress-gateway]
          http:
          - route:
            - destination: {host: wordpress, subset: v1}
              weight: 90
            - destination: {host: wordpress, subset: v2}
              weight: 10
          """, "spec.yaml").get(0).tree();
      assertThat(created.path("spec")).isEqualTo(listing3);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void refusesAVirtualServiceManagedByFlaggerUnlessForced(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      ObjectNode owned = vs("wordpress");
      ((ObjectNode) owned.path("metadata")).putArray("ownerReferences").addObject()
          .put("apiVersion", "flagger.app/v1beta1").put("kind", "Canary").put("name", "wordpress")
          .put("uid", "0b6b7c4e-0000-4000-8000-000000000001").put("controller", true);
      c.client().raw(vsType().path("default") + "/wordpress", "PUT", owned.toString());
      ObjectNode before = vs("wordpress");
      c.clearRequests();
      CommandRun refused = meshctl("route", "wordpress", "v1=50", "v2=50").assertExit(77);
      assertThat(refused.err()).contains("VirtualService default/wordpress is managed by Flagger (it is owned by "
          + "Canary/wordpress)", "--force");
      assertThat(c.writes()).isEmpty();
      assertThat(vs("wordpress")).isEqualTo(before);
      meshctl("route", "wordpress", "v1=50", "v2=50", "--force").assertOk();
      assertThat(weights(vs("wordpress"), "/spec/http/0/route")).containsExactly(50, 50);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void subsetWithoutPodsWarnsAndStrictRefusesWith79(Flavour flavour) {
    try (MockCluster c = start(flavour, false)) {
      ObjectNode before = vs("wordpress");
      CommandRun strict = meshctl("route", "wordpress", "v1=50", "v2=50", "--strict").assertExit(79);
      assertThat(strict.err()).contains("warning: subset v1 of wordpress.default.svc.cluster.local selects no pods",
          "warning: subset v2", "nothing written");
      assertThat(c.writes()).isEmpty();
      assertThat(vs("wordpress")).isEqualTo(before);
      CommandRun lenient = meshctl("route", "wordpress", "v1=50", "v2=50").assertOk();
      assertThat(lenient.err()).contains("warning: subset v1", "(--strict refuses such a split)");
      assertThat(weights(vs("wordpress"), "/spec/http/0/route")).containsExactly(50, 50);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void dryRunPrintsTheResultAndWritesNothing(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      ObjectNode before = vs("wordpress");
      CommandRun run = meshctl("route", "wordpress", "v1=75", "v2=25", "--dry-run").assertOk();
      JsonNode printed = ManifestReader.parse(run.out(), "out.yaml").get(0).tree();
      assertThat(printed.path("spec")).isEqualTo(withWeights(before, 75, 25).path("spec"));
      assertThat(run.err()).contains("v1       90       75");
      assertThat(c.writes()).isEmpty();
      assertThat(vs("wordpress")).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void showPrintsTheSplitPerRoute(Flavour flavour) {
    try (MockCluster c = start(flavour, true)) {
      assertThat(meshctl("route", "show", "wordpress").assertOk().out()).isEqualTo("""
          VIRTUALSERVICE      ROUTE     MATCH   HOST        SUBSET   WEIGHT   SHARE
          default/wordpress   http[0]   -       wordpress   v1       90       90.0%
          default/wordpress   http[0]   -       wordpress   v2       10       10.0%
          """);
      assertThat(c.writes()).isEmpty();
      assertThat(meshctl("route", "show", "nosuch").assertExit(66).err()).contains("no VirtualService");
    }
  }
}
