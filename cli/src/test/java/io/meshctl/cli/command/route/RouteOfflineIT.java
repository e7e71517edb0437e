package io.meshctl.cli.command.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code meshctl route -f}: the GitOps way, no cluster; the updated VirtualService goes to stdout. */
class RouteOfflineIT {

  @TempDir
  Path tmp;

  private static CommandRun meshctl(Path workdir, String... args) {
    // no KUBECONFIG and a HOME without one: offline must not need a cluster
    return Launcher.run(null, Map.of("NO_COLOR", "1", "HOME", workdir.toString()), workdir, args);
  }

  private static ObjectNode articleVs(String mesh) {
    try (ManifestReader r = ManifestReader.open(List.of(Examples.path(mesh + "/wordpress-gateway.yaml").toString()), null)) {
      return (ObjectNode) Manifests.objects(r.readAll()).stream()
          .filter(o -> "VirtualService".equals(Manifests.text(o, "kind"))).findFirst().orElseThrow();
    }
  }

  private static JsonNode only(String out) {
    var docs = ManifestReader.parse(out, "stdout.yaml");
    assertThat(docs).hasSize(1);
    return docs.get(0).tree();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mesh-legacy", "mesh-current"})
  void articleNinetyTenAndPromotion(String mesh) {
    String wp = Examples.path("wordpress").toString();
    String gw = Examples.path(mesh).resolve("wordpress-gateway.yaml").toString();
    CommandRun run = meshctl(tmp, "route", "-f", wp, "-f", gw, "wordpress", "v1=50", "v2=50").assertOk();
    ObjectNode expected = articleVs(mesh);
    ((ObjectNode) expected.at("/spec/http/0/route/0")).put("weight", 50);
    ((ObjectNode) expected.at("/spec/http/0/route/1")).put("weight", 50);
    assertThat(only(run.out())).isEqualTo(expected);
    assertThat(run.err()).contains("v1       90       50", "v2       10       50");
    if (mesh.equals("mesh-legacy")) {
      // Listing 3's own key order (subset before host) is kept
      assertThat(run.out()).contains("- destination:\n        subset: v1\n        host: wordpress\n      weight: 50");
    }

    CommandRun promote = meshctl(tmp, "route", "set-weight", "-f", wp, "-f", gw, "wordpress", "v1=0", "v2=100",
        "-o", "json").assertOk();
    assertThat(only(promote.out()).at("/spec/http/0/route/1/weight").asInt()).isEqualTo(100);
    assertThat(only(promote.out()).at("/spec/http/0/route/0/weight").asInt()).isEqualTo(0);

    CommandRun table = meshctl(tmp, "route", "-f", wp, "-f", gw, "wordpress", "v1=50", "v2=30", "v3=20", "-o", "table")
        .assertExit(65);
    assertThat(table.err()).contains("has no subset v3; it has: v1, v2");
    assertThat(table.out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mesh-legacy", "mesh-current"})
  void threeWaySplitAndTableOutput(String mesh) throws IOException {
    String dr = Files.readString(Examples.path(mesh + "/wordpress-gateway.yaml"))
        .replace("  - name: v2\n    labels:\n      version: v2\n",
            "  - name: v2\n    labels:\n      version: v2\n  - name: v3\n    labels:\n      version: v3\n");
    Files.writeString(tmp.resolve("gateway.yaml"), dr);
    CommandRun run = meshctl(tmp, "route", "-f", "gateway.yaml", "wordpress", "v1=50", "v2=30", "v3=20", "-o", "table")
        .assertOk();
    assertThat(run.out()).isEqualTo("""
        VirtualService default/wordpress, route http[0], host wordpress.default.svc.cluster.local
        SUBSET   BEFORE   AFTER
        v1       90       50
        v2       10       30
        v3       -        20
        """);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1alpha3", "v1"})
  void severalRoutesValidationAndOwnershipOffline(String version) throws IOException {
    String drText = Files.readString(Examples.path("mesh-current/wordpress-gateway.yaml"));
    drText = drText.substring(drText.lastIndexOf("apiVersion: networking.istio.io/v1\nkind: DestinationRule"))
        .replace("networking.istio.io/v1", "networking.istio.io/" + version);
    Files.writeString(tmp.resolve("vs.yaml"), RouteIT.TWO_ROUTES.replace("VERSION", version) + "---\n" + drText);
    JsonNode before = Manifests.objects(ManifestReader.parse(Files.readString(tmp.resolve("vs.yaml")), "vs.yaml")).get(0);

    CommandRun ambiguous = meshctl(tmp, "route", "-f", "vs.yaml", "wordpress", "v1=50", "v2=50").assertExit(64);
    assertThat(ambiguous.err()).contains("http[0] \"testers\"", "http[1] \"primary\"", "--route NAME|INDEX");
    assertThat(ambiguous.out()).isEmpty();

    CommandRun run = meshctl(tmp, "route", "-f", "vs.yaml", "wordpress", "v1=50", "v2=50", "--route", "1").assertOk();
    ObjectNode expected = before.deepCopy();
    ((ObjectNode) expected.at("/spec/http/1/route/0")).put("weight", 50);
    ((ObjectNode) expected.at("/spec/http/1/route/1")).put("weight", 50);
    assertThat(only(run.out())).isEqualTo(expected);

    for (List<String> bad : List.of(List.of("v1=60", "v2=60"), List.of("v1=50", "v9=50"), List.of("v1=x"))) {
      List<String> args = new ArrayList<>(List.of("route", "-f", "vs.yaml", "wordpress", "--route", "primary"));
      args.addAll(bad);
      CommandRun r = meshctl(tmp, args.toArray(String[]::new)).assertExit(65);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines()).hasSize(1);
    }

    Files.writeString(tmp.resolve("vs.yaml"), Files.readString(tmp.resolve("vs.yaml"))
        .replace("annotations: {owner: web-team}", "annotations: {argo-rollouts.argoproj.io/managed-by-rollouts: wordpress}"));
    CommandRun refused = meshctl(tmp, "route", "-f", "vs.yaml", "wordpress", "v1=50", "v2=50", "--route", "primary")
        .assertExit(77);
    assertThat(refused.err()).contains("managed by Argo Rollouts", "--force");
    assertThat(refused.out()).isEmpty();
    meshctl(tmp, "route", "-f", "vs.yaml", "wordpress", "v1=50", "v2=50", "--route", "primary", "--force").assertOk();

    assertThat(meshctl(tmp, "route", "show", "-f", "vs.yaml", "wordpress").assertOk().out())
        .contains("http[1] primary", "v1       90       90.0%");
  }

  /** The docs' mesh directory holds two alternative wordpress-mysql rules: which one counts must not be file order. */
  @ParameterizedTest
  @ValueSource(strings = {"mesh-legacy", "mesh-current"})
  void repeatedObjectsAreMergedWhenIdenticalAndRefusedWhenNot(String mesh) throws IOException {
    String wp = Examples.path("wordpress").toString();
    Path gw = Examples.path(mesh).resolve("wordpress-gateway.yaml");
    CommandRun whole = meshctl(tmp, "route", "-f", wp, "-f", Examples.path(mesh).toString(), "wordpress", "v1=50",
        "v2=50").assertExit(65);
    assertThat(whole.err()).contains("destinationrule-mysql-disable.yaml:", "destinationrule-mysql-mutual.yaml:",
        "both define DestinationRule default/wordpress-mysql with different content: keep one");
    assertThat(whole.err().lines()).hasSize(1);
    assertThat(whole.out()).isEmpty();

    CommandRun once = meshctl(tmp, "route", "-f", wp, "-f", gw.toString(), "wordpress", "v1=50", "v2=50").assertOk();
    Files.copy(gw, tmp.resolve("copy.yaml"));
    CommandRun twice = meshctl(tmp, "route", "-f", wp, "-f", gw.toString(), "-f", "copy.yaml", "wordpress", "v1=50",
        "v2=50").assertOk();
    assertThat(twice.out()).isEqualTo(once.out());

    Files.writeString(tmp.resolve("copy.yaml"), Files.readString(gw).replace("weight: 90", "weight: 80")
        .replace("weight: 10", "weight: 20"));
    CommandRun differs = meshctl(tmp, "route", "show", "-f", gw.toString(), "-f", "copy.yaml", "wordpress")
        .assertExit(65);
    assertThat(differs.err()).matches("error: " + Pattern.quote(gw.toString()) + ":(\\d+) and copy\\.yaml:\\1 both define "
        + "VirtualService default/wordpress with different content: keep one\n");
    assertThat(differs.out()).isEmpty();
  }

  @Test
  void aVirtualServiceWithoutANameIs65() throws IOException {
    Files.writeString(tmp.resolve("vs.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {namespace: default}
        spec:
          hosts: [wordpress]
          http: [{route: [{destination: {host: wordpress, subset: v1}}]}]
        """);
    CommandRun run = meshctl(tmp, "route", "show", "-f", "vs.yaml", "wordpress").assertExit(65);
    assertThat(run.err()).isEqualTo("error: vs.yaml:1: VirtualService in namespace default has no metadata.name: give it a name\n");
    assertThat(run.out()).isEmpty();
  }
}
