package io.meshctl.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Yaml;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import io.meshctl.testkit.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {

  static final String REVIEWS = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: reviews
        labels: {team: books}
        annotations: {note: keep me}
      spec:
        hosts: [reviews]
        http:
        - name: jason
          match:
          - headers:
              end-user: {exact: jason}
          route:
          - destination: {host: reviews, subset: v2}
          retries: {attempts: 3, perTryTimeout: 2s}
        - name: default
          route:
          - destination: {host: reviews, subset: v1}
            weight: 100
          timeout: 10s
          mirror: {host: reviews, subset: v3}
          headers:
            request:
              set: {x-canary: "no"}
        tcp:
        - match: [{port: 9000}]
          route:
          - destination: {host: reviews, subset: v1, port: {number: 9000}}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews}
      spec:
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
        - {name: v3, labels: {version: v3}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: reviews}
      spec:
        selector: {app: reviews}
        ports: [{port: 9080}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: reviews-v1}
      spec:
        template:
          metadata:
            labels: {app: reviews, version: v1}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: reviews-v2}
      spec:
        replicas: 0
        template:
          metadata:
            labels: {app: reviews, version: v2}
      """;

  static List<JsonNode> objects(String yaml) {
    return Manifests.objects(ManifestReader.parse(yaml, "test.yaml"));
  }

  static MeshSnapshot inputs(String yaml, String ns) {
    return new SnapshotBuilder(ns, "istio-system", null).addDocuments(ManifestReader.parse(yaml, "test.yaml"))
        .build(true, null);
  }

  static RouteRequest req(String host, String route, String... weights) {
    return new RouteRequest(host, WeightSpec.parse(List.of(weights)), null, route, false, null, null, false);
  }

  static RoutePlan plan(String yaml, RouteRequest r) {
    return RoutePlanner.plan(inputs(yaml, "default"), r, "networking.istio.io/v1");
  }

  static String text(JsonNode n) {
    try {
      return Yaml.yamlMapper().writeValueAsString(n);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void articleNinetyTenBecomesFiftyFiftyAndNothingElseChanges() throws Exception {
    MeshSnapshot all;
    // the article's files; not all of mesh-legacy/, whose two wordpress-mysql rules are alternatives
    try (ManifestReader r = ManifestReader.open(List.of(Examples.path("wordpress").toString(),
        Examples.path("mesh-legacy").resolve("wordpress-gateway.yaml").toString()), null)) {
      all = new SnapshotBuilder("default", "istio-system", null).addDocuments(r).build(true, null);
    }
    RoutePlan plan = RoutePlanner.plan(all,
        req("wordpress", null, "v1=50", "v2=50"), "unused");
    ObjectNode expected = plan.before().deepCopy();
    ((ObjectNode) expected.at("/spec/http/0/route/0")).put("weight", 50);
    ((ObjectNode) expected.at("/spec/http/0/route/1")).put("weight", 50);
    // byte-for-byte: key order (the legacy file writes subset before host) survives
    assertThat(text(plan.after())).isEqualTo(text(expected));
    assertThat(plan.change().subsets()).containsExactly(new SubsetChange("v1", 90, 50), new SubsetChange("v2", 10, 50));
    assertThat(plan.change().destinationRule()).isEqualTo("default/wordpress");
    assertThat(plan.change().subsetsWithoutPods()).isEmpty(); // both Deployments run pods with the labels
  }

  @Test
  void theHostCanBeTheVirtualServiceHostOrName() {
    String yaml = RoutePlannerTest.REVIEWS.replace("hosts: [reviews]", "hosts: [reviews.example.com]");
    for (String host : List.of("reviews.example.com", "reviews")) {
      RoutePlan p = plan(yaml, req(host, "default", "v1=80", "v2=20"));
      assertThat(p.change().virtualService()).isEqualTo("reviews");
      assertThat(p.change().host()).isEqualTo("reviews.default.svc.cluster.local");
    }
  }

  @Test
  void severalRoutesToTheHostAreAnErrorListingThemAndTheFlag() {
    assertThatThrownBy(() -> plan(REVIEWS, req("reviews", null, "v1=90", "v2=10")))
        .isInstanceOf(MeshctlException.Usage.class)
        .hasMessageContaining("has 3 routes for this host")
        .hasMessageContaining("http[0] \"jason\" (match [{\"headers\":{\"end-user\":{\"exact\":\"jason\"}}}])")
        .hasMessageContaining("http[1] \"default\" (matches all traffic)")
        .hasMessageContaining("tcp[0]")
        .hasMessageContaining("--route NAME|INDEX");
  }

  @Test
  void severalVirtualServicesAreAnErrorNamingThemAndTheFlag() {
    String second = REVIEWS + """
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: bookinfo}
        spec:
          hosts: [bookinfo.example.com]
          gateways: [bookinfo-gateway]
          http:
          - match: [{uri: {prefix: /reviews}}]
            route:
            - destination: {host: reviews.default.svc.cluster.local, subset: v1}
        """;
    assertThatThrownBy(() -> plan(second, req("reviews", null, "v1=50", "v2=50")))
        .isInstanceOf(MeshctlException.Usage.class)
        .hasMessage("several VirtualServices in namespace default route reviews: reviews, bookinfo; "
            + "pick one with --virtual-service NAME");
    RouteRequest pick = new RouteRequest("reviews", WeightSpec.parse(List.of("v1=50", "v2=50")), "bookinfo", null,
        false, null, null, false);
    RoutePlan p = plan(second, pick);
    assertThat(p.change().virtualService()).isEqualTo("bookinfo");
    // the FQDN spelling of the existing destination is reused for the new one
    assertThat(p.after().at("/spec/http/0/route/1/destination/host").asText()).isEqualTo("reviews.default.svc.cluster.local");
  }

  @Test
  void onlyTheChosenRouteChanges() {
    for (String selector : List.of("default", "1", "http[1]")) {
      RoutePlan p = plan(REVIEWS, req("reviews", selector, "v1=90", "v2=10"));
      ObjectNode expected = p.before().deepCopy();
      ObjectNode route = (ObjectNode) expected.at("/spec/http/1");
      route.set("route", Yaml.yamlMapper().valueToTree(List.of(
          java.util.Map.of("destination", java.util.Map.of("host", "reviews", "subset", "v1"), "weight", 90),
          java.util.Map.of("destination", java.util.Map.of("host", "reviews", "subset", "v2"), "weight", 10))));
      assertThat(p.after()).isEqualTo(expected);
      assertThat(text(p.after())).contains("timeout: 10s", "mirror:", "x-canary: \"no\"", "note: keep me");
      assertThat(p.change().route()).isEqualTo("http[1] \"default\"");
      assertThat(p.change().subsets()).containsExactly(new SubsetChange("v1", 100, 90), new SubsetChange("v2", null, 10));
    }
  }

  @Test
  void aTcpRouteKeepsItsPortOnNewDestinations() {
    RoutePlan p = plan(REVIEWS, req("reviews", "tcp[0]", "v1=50", "v2=50"));
    assertThat(p.after().at("/spec/tcp/0/route/1")).isEqualTo(objects(
        "destination: {host: reviews, subset: v2, port: {number: 9000}}\nweight: 50").get(0));
    assertThat(p.after().at("/spec/tcp/0/match")).isEqualTo(p.before().at("/spec/tcp/0/match"));
    assertThat(p.after().at("/spec/http")).isEqualTo(p.before().at("/spec/http"));
  }

  @Test
  void promotionRemovesNothingTheUserNamedAndDropsWhatTheyDidNot() {
    RoutePlan p = plan(REVIEWS, req("reviews", "jason", "v1=0", "v3=100"));
    // v2 was the route's only destination (no weight written): it goes, v1 is kept at 0, v3 takes everything
    assertThat(p.change().subsets()).containsExactly(new SubsetChange("v2", null, null), new SubsetChange("v1", null, 0),
        new SubsetChange("v3", null, 100));
    assertThat(p.after().at("/spec/http/0/route").size()).isEqualTo(2);
    assertThat(p.after().at("/spec/http/0/retries")).isEqualTo(p.before().at("/spec/http/0/retries"));
  }

  @Test
  void unknownSubsetListsTheOnesTheDestinationRuleHas() {
    assertThatThrownBy(() -> plan(REVIEWS, req("reviews", "default", "v1=90", "v9=10")))
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessage("DestinationRule default/reviews for reviews.default.svc.cluster.local has no subset v9; it has: "
            + "v1, v2, v3 (use one of those, or add the subset to the DestinationRule)");
  }

  @Test
  void weightedSubsetsWithoutPodsAreReportedButZeroWeightOnesAreNot() {
    assertThat(plan(REVIEWS, req("reviews", "default", "v1=90", "v2=10")).change().subsetsWithoutPods())
        .containsExactly("v2"); // reviews-v2 has replicas: 0
    assertThat(plan(REVIEWS, req("reviews", "default", "v1=90", "v3=10")).change().subsetsWithoutPods())
        .containsExactly("v3");
    assertThat(plan(REVIEWS, req("reviews", "default", "v1=100", "v2=0")).change().subsetsWithoutPods()).isEmpty();
  }

  @Test
  void shortNamesResolveAgainstTheVirtualServiceNamespace() {
    String vs = """
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata: {name: front, namespace: frontend}
        spec:
          hosts: [front.example.com]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata: {name: reviews, namespace: frontend}
        spec:
          host: reviews
          subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
        """;
    // in frontend, "reviews" is reviews.frontend.svc.cluster.local
    RoutePlan p = RoutePlanner.plan(inputs(vs, "frontend"), req("reviews", null, "v1=50", "v2=50"), "x");
    assertThat(p.change().host()).isEqualTo("reviews.frontend.svc.cluster.local");
    assertThat(RoutePlanner.plan(inputs(vs, "frontend"),
        req("reviews.frontend.svc.cluster.local", null, "v1=50", "v2=50"), "x").change().virtualService()).isEqualTo("front");
    // "reviews.frontend" has a dot, so Istio takes it verbatim: it is not the service
    assertThatThrownBy(() -> RoutePlanner.plan(inputs(vs, "frontend"), req("reviews.frontend", null, "v1=50", "v2=50"), "x"))
        .isInstanceOf(MeshctlException.NotFound.class).hasMessageContaining("no VirtualService in namespace frontend");
  }

  @Test
  void destinationRuleVisibilityFollowsExportTo() {
    String base = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: gw, namespace: web}
        spec:
          hosts: [shop.example.com]
          http:
          - route:
            - destination: {host: cart.shop.svc.cluster.local, subset: v1}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: cart, namespace: shop}
        spec:
          host: cart
          exportTo: [EXPORT]
          subsets: [{name: v1}, {name: v2}]
        """;
    RouteRequest r = req("shop.example.com", null, "v1=50", "v2=50");
    assertThat(RoutePlanner.plan(inputs(base.replace("EXPORT", "\"*\""), "web"), r, "x").change().destinationRule())
        .isEqualTo("shop/cart");
    assertThat(RoutePlanner.plan(inputs(base.replace("EXPORT", "web"), "web"), r, "x").change().destinationRule())
        .isEqualTo("shop/cart");
    assertThatThrownBy(() -> RoutePlanner.plan(inputs(base.replace("EXPORT", "\".\""), "web"), r, "x"))
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageContaining("no DestinationRule visible from namespace web defines subsets for cart.shop.svc.cluster.local");
    // a wildcard rule exported from the root namespace is the fallback
    String root = base.replace("EXPORT", "\".\"") + """
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: all, namespace: istio-system}
        spec:
          host: "*.svc.cluster.local"
          subsets: [{name: v1}, {name: v2}]
        """;
    assertThat(RoutePlanner.plan(inputs(root, "web"), r, "x").change().destinationRule()).isEqualTo("istio-system/all");
  }

  @Test
  void sameHostRulesWithDifferentExportsStaySeparateAsInIstio() {
    // mesh-policy.md §2.2: rules merge only with an equal exportTo set; the client sees the last catch-all
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: gw, namespace: web}
        spec:
          hosts: [shop.example.com]
          http:
          - route:
            - destination: {host: cart.shop.svc.cluster.local, subset: v1}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: cart-a, namespace: shop}
        spec:
          host: cart
          exportTo: ["*"]
          subsets: [{name: v1}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: cart-b, namespace: shop}
        spec:
          host: cart
          exportTo: [web]
          subsets: [{name: v2}]
        """;
    assertThatThrownBy(() -> RoutePlanner.plan(inputs(yaml, "web"), req("shop.example.com", null, "v1=50", "v2=50"), "x"))
        .isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageContaining("DestinationRule shop/cart-b for cart.shop.svc.cluster.local has no subset v1");
  }

  @Test
  void refusesVirtualServicesManagedByRolloutControllersUnlessForced() {
    String wp = objectsText();
    List<String[]> cases = List.of(
        new String[] {"metadata:\n  name: wordpress\n  ownerReferences:\n  - {apiVersion: flagger.app/v1beta1, kind: Canary, name: wordpress, controller: true}",
            "Flagger (it is owned by Canary/wordpress)"},
        new String[] {"metadata:\n  name: wordpress\n  annotations: {argo-rollouts.argoproj.io/managed-by-rollouts: wordpress}",
            "Argo Rollouts (annotation argo-rollouts.argoproj.io/managed-by-rollouts=wordpress)"},
        new String[] {"metadata:\n  name: wordpress\n  labels: {app.kubernetes.io/managed-by: flagger}",
            "Flagger (label app.kubernetes.io/managed-by=flagger)"},
        new String[] {"metadata:\n  name: wordpress\n  managedFields:\n  - {manager: rollouts-controller, operation: Update}",
            "Argo Rollouts (field manager rollouts-controller wrote it)"});
    for (String[] c : cases) {
      String yaml = wp.replace("metadata:\n  name: wordpress\nspec:\n  hosts", c[0] + "\nspec:\n  hosts");
      assertThat(yaml).contains(c[0]);
      assertThatThrownBy(() -> plan(yaml, req("wordpress", null, "v1=50", "v2=50")))
          .isInstanceOf(MeshctlException.Forbidden.class)
          .hasMessageContaining("VirtualService default/wordpress is managed by " + c[1])
          .hasMessageContaining("--force");
      RouteRequest forced = new RouteRequest("wordpress", WeightSpec.parse(List.of("v1=50", "v2=50")), null, null,
          false, null, null, true);
      assertThat(plan(yaml, forced).change().changed()).isTrue();
    }
    String rollout = wp + """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: wordpress}
        spec:
          strategy:
            canary:
              trafficRouting:
                istio:
                  virtualService: {name: wordpress, routes: [primary]}
        """;
    assertThatThrownBy(() -> plan(rollout, req("wordpress", null, "v1=50", "v2=50")))
        .isInstanceOf(MeshctlException.Forbidden.class)
        .hasMessageContaining("Argo Rollouts (Rollout/wordpress sets its weights");
  }

  private static String objectsText() {
    try {
      return java.nio.file.Files.readString(Examples.path("mesh-current/wordpress-gateway.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void noVirtualServiceIsNotFoundUnlessCreateMakesOneInTheArticlesShape() {
    String dr = """
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata: {name: wordpress}
        spec:
          host: wordpress
          subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
        """;
    assertThatThrownBy(() -> plan(dr, req("wordpress", null, "v1=90", "v2=10")))
        .isInstanceOf(MeshctlException.NotFound.class).hasMessageContaining("--create");
    RouteRequest create = new RouteRequest("wordpress", WeightSpec.parse(List.of("v1=90", "v2=10")), null, null, true,
        List.of("blog.datadoc.info"), List.of("wordpress-gateway"), false);
    RoutePlan p = RoutePlanner.plan(inputs(dr, "default"), create, "networking.istio.io/v1alpha3");
    assertThat(text(p.after())).isEqualTo("""
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: wordpress
          namespace: default
        spec:
          hosts:
          - blog.datadoc.info
          gateways:
          - wordpress-gateway
          http:
          - route:
            - destination:
                host: wordpress
                subset: v1
              weight: 90
            - destination:
                host: wordpress
                subset: v2
              weight: 10
        """);
    assertThat(p.change().created()).isTrue();
  }

  @Test
  void showGivesTheRuntimeShares() {
    String yaml = REVIEWS.replace("weight: 100\n", "weight: 50\n"
        + "    - destination: {host: reviews, subset: v2}\n      weight: 30\n"
        + "    - destination: {host: reviews, subset: v3}\n      weight: 10\n");
    List<RouteSplit> splits = RoutePlanner.show(inputs(yaml, "default"), "reviews", null);
    assertThat(splits).extracting(RouteSplit::route).containsExactly("http[0]", "http[1]", "tcp[0]");
    assertThat(splits.get(1).destinations()).extracting(Share::percent).containsExactly(55.6, 33.3, 11.1);
    assertThat(splits.get(0).destinations()).extracting(Share::percent).containsExactly(100.0); // a lone destination
  }

  /** A hand-written VirtualService with a map where Istio wants a list was a NullPointerException (exit 1). */
  @Test
  void aMapWhereAListBelongsIs65NamingTheField() {
    String vs = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
            route: [{destination: {host: reviews, subset: v1}}]
        """;
    assertThatThrownBy(() -> plan(vs, req("reviews", null, "v1=100")))
        .isInstanceOf(MeshctlException.InvalidInput.class).hasMessage("VirtualService reviews: spec.http must be a list");
    assertThatThrownBy(() -> plan(vs.replace("http:\n    route: [", "http:\n  - route: [\"").replace("}}]", "}}\"]"),
        req("reviews", null, "v1=100"))).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageStartingWith("VirtualService reviews: spec.http[0].route must be a list of destinations");
  }
}
