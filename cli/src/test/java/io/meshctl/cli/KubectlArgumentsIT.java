package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
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
 * The argument forms kubectl and istioctl users type, through the packaged CLI against the mock API
 * server of each flavour: {@code POD.NS}, {@code pod/}, {@code deploy/}, {@code -l}, {@code -A} for
 * tls-check; {@code HOST.NS}, {@code vs/NAME}, no argument and {@code -A} for route show.
 */
class KubectlArgumentsIT {

  @TempDir
  Path tmp;

  /** The example Deployments' pods as the kubelet reports them; wordpress has a second, unready pod. */
  static String pods() {
    return pod("wordpress-77f7f9c485-k7tt9", "{app: wordpress, tier: frontend, version: v1, pod-template-hash: 77f7f9c485}",
        true, "2026-12-01T10:00:00Z")
        + pod("wordpress-77f7f9c485-zz9qq", "{app: wordpress, tier: frontend, version: v1, pod-template-hash: 77f7f9c485}",
        false, "2026-11-01T10:00:00Z")
        + pod("wordpress-mysql-5d4f6b9c8-x2v7p", "{app: wordpress, tier: mysql, version: v1, pod-template-hash: 5d4f6b9c8}",
        true, "2026-12-01T10:00:00Z");
  }

  static String pod(String name, String labels, boolean ready, String created) {
    return """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: default, labels: %s, creationTimestamp: "%s"}
        spec: {nodeName: node-1, containers: [{name: app, image: app}, {name: istio-proxy, image: proxyv2}]}
        status:
          phase: Running
          conditions: [{type: Ready, status: "%s", lastTransitionTime: "%s"}]
          containerStatuses:
          - {name: app, ready: %s, restartCount: 0, state: {running: {startedAt: "%s"}}}
          - {name: istio-proxy, ready: true, restartCount: 0, state: {running: {startedAt: "%s"}}}
        """.formatted(name, labels, created, ready ? "True" : "False", created, ready, created, created);
  }

  private static String mtls(Flavour f) {
    return f == Flavour.LEGACY ? "mesh-legacy/mtls-meshpolicy.yaml" : "mesh-current/mtls-peerauthentication.yaml";
  }

  private MockCluster cluster(Flavour flavour) {
    MockCluster c = MockCluster.start(flavour).seed(Examples.path("wordpress")).seed(pods())
        .seed(Examples.path(mtls(flavour))).seed(Examples.path(flavour.examples() + "/istio-configmap.yaml"))
        .seed(Examples.path(flavour.examples() + "/destinationrule-mysql-disable.yaml"));
    // a second namespace with its own VirtualService, for HOST.NS and -A
    c.seed("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: %s
        kind: VirtualService
        metadata: {name: cart, namespace: shop}
        spec:
          hosts: [cart]
          http:
          - route:
            - {destination: {host: cart, subset: v1}, weight: 75}
            - {destination: {host: cart, subset: v2}, weight: 25}
        """.formatted(c.type(io.meshctl.core.cluster.IstioKind.VIRTUAL_SERVICE).apiVersion()));
    return c;
  }

  private static CommandRun meshctl(Path kubeconfig, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
    all.addAll(List.of(args));
    return Launcher.run(null, Map.of("NO_COLOR", "1"), null, all.toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void tlsCheckTakesEveryKubectlForm(Flavour flavour) {
    try (MockCluster c = cluster(flavour)) {
      Path kc = c.writeKubeconfig(tmp);
      String byName = meshctl(kc, "authn", "tls-check", "wordpress-77f7f9c485-k7tt9", "wordpress-mysql")
          .assertExit(79).out();
      assertThat(byName).contains("wordpress-mysql.default.svc.cluster.local:3306     CONFLICT");
      // (every spelling of every type is ObjectRefTest's; here each form once through the launcher)
      for (String form : List.of("wordpress-77f7f9c485-k7tt9.default", "pods/wordpress-77f7f9c485-k7tt9.default",
          "deployment/wordpress.default")) {
        assertThat(meshctl(kc, "authn", "tls-check", form, "wordpress-mysql").assertExit(79).out()).as(form)
            .isEqualTo(byName);
      }
      // the Deployment's Ready pod, not the older unready one, and said so
      CommandRun deploy = meshctl(kc, "authn", "tls-check", "deploy/wordpress", "wordpress-mysql").assertExit(79);
      assertThat(deploy.err()).contains("deployment \"wordpress\": using pod wordpress-77f7f9c485-k7tt9 (of 2 pods, "
          + "1 ready)");

      CommandRun selected = meshctl(kc, "authn", "tls-check", "-l", "app=wordpress,tier!=mysql", "wordpress-mysql",
          "-o", "json").assertExit(79);
      assertThat(selected.out()).contains("\"source\" : \"wordpress-77f7f9c485-k7tt9.default\"",
          "\"source\" : \"wordpress-77f7f9c485-zz9qq.default\"").doesNotContain("wordpress-mysql-5d4f6b9c8");
      assertThat(meshctl(kc, "authn", "tls-check", "-A", "-l", "tier=mysql").out())
          .contains("wordpress-mysql-5d4f6b9c8-x2v7p.default ");

      String all = meshctl(kc, "authn", "tls-check", "--all").assertExit(79).out();
      assertThat(meshctl(kc, "-n", "shop", "authn", "tls-check", "-A").assertExit(79).out()).isEqualTo(all);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void tlsCheckNotFoundSaysWhatAndWhere(Flavour flavour) {
    try (MockCluster c = cluster(flavour)) {
      Path kc = c.writeKubeconfig(tmp);
      CommandRun pod = meshctl(kc, "authn", "tls-check", "pod/x").assertExit(66);
      assertThat(pod.err()).startsWith("error: pod \"x\" not found in namespace \"default\"");
      assertThat(pod.out()).isEmpty();
      assertThat(meshctl(kc, "-n", "shop", "authn", "tls-check", "deploy/wordpress").assertExit(66).err())
          .isEqualTo("error: deployment \"wordpress\" not found in namespace \"shop\"\n");
      assertThat(meshctl(kc, "authn", "tls-check", "-l", "app=x", "-n", "shop").assertExit(66).err())
          .isEqualTo("error: no pods match selector \"app=x\" in namespace \"shop\"\n");
      CommandRun type = meshctl(kc, "authn", "tls-check", "svc/wordpress").assertExit(64);
      assertThat(type.err()).contains("unknown resource type \"svc\"", "pod|pods|po, deployment|deployments|deploy");
    }
  }

  /** One flavour: a split reads alike from v1alpha3 and v1 (RouteIT covers both); LEGACY has discovery pick v1alpha3. */
  @org.junit.jupiter.api.Test
  void routeShowTakesHostNamespaceVirtualServiceOrNothing() {
    Flavour flavour = Flavour.LEGACY;
    try (MockCluster c = cluster(flavour)) {
      c.seed(Examples.path(flavour.examples() + "/wordpress-gateway.yaml"));
      Path kc = c.writeKubeconfig(tmp);
      String wordpress = """
          VIRTUALSERVICE      ROUTE     MATCH   HOST        SUBSET   WEIGHT   SHARE
          default/wordpress   http[0]   -       wordpress   v1       90       90.0%
          default/wordpress   http[0]   -       wordpress   v2       10       10.0%
          """;
      String cart = """
          VIRTUALSERVICE   ROUTE     MATCH   HOST   SUBSET   WEIGHT   SHARE
          shop/cart        http[0]   -       cart   v1       75       75.0%
          shop/cart        http[0]   -       cart   v2       25       25.0%
          """;
      assertThat(meshctl(kc, "route", "show", "wordpress").assertOk().out()).isEqualTo(wordpress);
      assertThat(meshctl(kc, "route", "show").assertOk().out()).isEqualTo(wordpress);
      assertThat(meshctl(kc, "route", "show", "vs/wordpress").assertOk().out()).isEqualTo(wordpress);
      assertThat(meshctl(kc, "route", "show", "cart.shop").assertOk().out()).isEqualTo(cart);
      assertThat(meshctl(kc, "-n", "shop", "route", "show").assertOk().out()).isEqualTo(cart);
      assertThat(meshctl(kc, "route", "show", "cart.shop.svc.cluster.local", "-n", "shop").assertOk().out())
          .isEqualTo(cart);
      CommandRun all = meshctl(kc, "route", "show", "-A").assertOk();
      assertThat(all.out()).contains("default/wordpress   http[0]", "shop/cart           http[0]");

      CommandRun vs = meshctl(kc, "route", "show", "vs/nope").assertExit(66);
      assertThat(vs.err()).startsWith("error: virtualservice \"nope\" not found in namespace \"default\"");
      CommandRun host = meshctl(kc, "route", "show", "cart").assertExit(66);
      assertThat(host.err()).startsWith("error: no VirtualService in namespace \"default\" routes "
          + "cart.default.svc.cluster.local");
      CommandRun empty = meshctl(kc, "-n", "empty", "route", "show").assertOk();
      assertThat(empty.out()).isEmpty();
      assertThat(empty.err()).isEqualTo("No VirtualService routes found in namespace empty.\n");
      assertThat(meshctl(kc, "route", "show", "deploy/wordpress").assertExit(64).err())
          .contains("unknown resource type \"deploy\"", "virtualservice|virtualservices|vs");
    }
  }
}
