package io.meshctl.cli.command.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshctl.cli.testing.Cli;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.testkit.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Offline (-f) runs over the bundled examples: the seed article's CONFLICT in both API flavours. */
class AuthnTlsCheckCommandTest {

  @TempDir
  Path dir;

  static String ex(String p) {
    return Examples.path(p).toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mesh-legacy", "mesh-current"})
  void seedConflictThenFixed(String flavour) {
    CommandRun bad = seed(flavour, "destinationrule-mysql-disable.yaml").assertExit(79);
    String policy = flavour.equals("mesh-legacy") ? "/default" : "istio-system/default";
    assertThat(bad.out()).isEqualTo(
        "HOST:PORT                                          STATUS       SERVER     CLIENT      AUTHN POLICY"
        + " ".repeat(Math.max(5, 17 - "AUTHN POLICY".length()) + Math.max(0, policy.length() - 12)) + "DESTINATION RULE\n"
        + "wordpress-mysql.default.svc.cluster.local:3306     CONFLICT     STRICT     DISABLE     " + policy
        + " ".repeat(Math.max("AUTHN POLICY".length(), policy.length()) + 5 - policy.length()) + "default/wordpress-mysql\n");
    // the table cannot hold the reason, so people at a terminal get it (and the fix) on stderr
    assertThat(bad.err()).contains("CONFLICT wordpress-mysql.default.svc.cluster.local:3306: DestinationRule "
        + "default/wordpress-mysql sets DISABLE", "; fix: set tls.mode ISTIO_MUTUAL in DestinationRule default/wordpress-mysql");

    CommandRun ok = seed(flavour, "destinationrule-mysql-mutual.yaml", "-o", "json").assertOk();
    var row = ManifestReader.parse(ok.out(), "out.json").get(0).tree().get(0);
    assertThat(row.path("host").asText()).isEqualTo("wordpress-mysql.default.svc.cluster.local");
    assertThat(row.path("port").asInt()).isEqualTo(3306);
    assertThat(row.path("status").asText()).isEqualTo("OK");
    assertThat(row.path("client").asText()).isEqualTo("ISTIO_MUTUAL");
    assertThat(row.has("reason")).isFalse();
  }

  /** The seed walkthrough for wordpress → wordpress-mysql: the examples, the flavour's STRICT policy, and {@code rule}. */
  private static CommandRun seed(String flavour, String rule, String... extra) {
    String policy = flavour.equals("mesh-legacy") ? "mtls-meshpolicy.yaml" : "mtls-peerauthentication.yaml";
    List<String> args = new ArrayList<>(List.of("authn", "tls-check", "wordpress", "wordpress-mysql"));
    args.addAll(List.of(extra));
    args.addAll(List.of("-f", ex("wordpress"), "-f", ex(flavour + "/" + policy),
        "-f", ex(flavour + "/istio-configmap.yaml"), "-f", ex(flavour + "/" + rule)));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void jsonConflictCarriesReasonAndFixAndStillExits79() {
    CommandRun run = Cli.run("authn", "tls-check", "wordpress-77f7f9c485-k7tt9", "-o", "yaml", "-f", ex("wordpress"),
        "-f", ex("mesh-legacy/mtls-meshpolicy.yaml"), "-f", ex("mesh-legacy/destinationrule-mysql-disable.yaml"),
        "-f", ex("mesh-legacy/wordpress-gateway.yaml"), "-f", ex("mesh-legacy/istio-configmap.yaml")).assertExit(79);
    assertThat(run.out()).contains("reason: DestinationRule default/wordpress-mysql sets DISABLE but MeshPolicy default "
        + "requires mTLS", "fix: set tls.mode ISTIO_MUTUAL in DestinationRule default/wordpress-mysql or remove the "
        + "override", "host: wordpress.default.svc.cluster.local", "status: OK");
    assertThat(run.err()).contains("checking Deployment/wordpress's pod template");
  }

  @Test
  void podNotFoundIs66() {
    CommandRun run = Cli.run("authn", "tls-check", "ghost.prod", "-f", ex("wordpress")).assertExit(66);
    assertThat(run.err()).contains("pod \"ghost\" not found in namespace \"prod\"");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void malformedPolicyIs65() throws Exception {
    Path bad = Files.writeString(dir.resolve("pa.yaml"), """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: ns, namespace: default}
        spec: {mtls: {mode: STRICT}, portLevelMtls: {"3306": {mode: DISABLE}}}
        """);
    CommandRun run = Cli.run("authn", "tls-check", "wordpress", "-f", ex("wordpress"), "-f", bad.toString())
        .assertExit(65);
    assertThat(run.err()).contains("PeerAuthentication default/ns: spec.portLevelMtls");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void meshWideGate() {
    CommandRun run = Cli.run("authn", "tls-check", "--all", "-f", ex("wordpress"),
        "-f", ex("mesh-current/mtls-peerauthentication.yaml"), "-f", ex("mesh-current/istio-configmap.yaml"),
        "-f", ex("mesh-current/destinationrule-mysql-disable.yaml")).assertExit(79);
    assertThat(run.out()).isEqualTo("""
        SOURCE     HOST:PORT                                          STATUS       SERVER     CLIENT      AUTHN POLICY             DESTINATION RULE
        *          wordpress-mysql.default.svc.cluster.local:3306     CONFLICT     STRICT     DISABLE     istio-system/default     default/wordpress-mysql
        *          wordpress.default.svc.cluster.local:80             AUTO         STRICT     -           istio-system/default     -
        """);
  }

  @Test
  void needsPodOrAll() {
    assertThat(Cli.run("authn", "tls-check", "-f", ex("wordpress")).assertExit(64).err())
        .contains("tls-check needs a pod (POD[.NAMESPACE] or TYPE/NAME), -l SELECTOR, or -A for every workload");
  }

  /** The article's legacy mesh with the DISABLE rule for MySQL: wordpress's clients CONFLICT, mysql's do not. */
  private static CommandRun legacy(String... args) {
    List<String> all = new ArrayList<>(List.of("authn", "tls-check"));
    all.addAll(List.of(args));
    all.addAll(List.of("-f", ex("wordpress"), "-f", ex("mesh-legacy/mtls-meshpolicy.yaml"),
        "-f", ex("mesh-legacy/istio-configmap.yaml"), "-f", ex("mesh-legacy/destinationrule-mysql-disable.yaml")));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void kubectlFormsNameTheSameTemplateOffline() {
    String byPod = legacy("wordpress-77f7f9c485-k7tt9", "wordpress-mysql").assertExit(79).out();
    for (String form : List.of("deploy/wordpress", "deployment/wordpress.default", "deployments.apps/wordpress",
        "pod/wordpress-77f7f9c485-k7tt9", "po/wordpress-77f7f9c485-k7tt9.default")) {
      assertThat(legacy(form, "wordpress-mysql").assertExit(79).out()).as(form).isEqualTo(byPod);
    }
    // the database's template sends no traffic to itself through the DISABLE rule's CONFLICT
    assertThat(legacy("deploy/wordpress-mysql", "wordpress").out()).doesNotContain("wordpress-mysql.default");
  }

  @Test
  void aSelectorChecksEveryTemplateItSelectsWithItsNameAsSource() {
    CommandRun run = legacy("-l", "app=wordpress,tier in (frontend)", "wordpress-mysql").assertExit(79);
    assertThat(run.out()).isEqualTo("""
        SOURCE                   HOST:PORT                                          STATUS       SERVER     CLIENT      AUTHN POLICY     DESTINATION RULE
        wordpress.default        wordpress-mysql.default.svc.cluster.local:3306     CONFLICT     STRICT     DISABLE     /default         default/wordpress-mysql
        wordpress-v2.default     wordpress-mysql.default.svc.cluster.local:3306     CONFLICT     STRICT     DISABLE     /default         default/wordpress-mysql
        """);
    CommandRun none = legacy("-l", "app=wordpress,tier=cache").assertExit(66);
    assertThat(none.err()).startsWith("error: no pods match selector \"app=wordpress,tier=cache\" in namespace "
        + "\"default\"");
    assertThat(none.out()).isEmpty();
    assertThat(legacy("-l", "app=wordpress,tier=cache", "-A").assertExit(66).err())
        .contains("no pods match selector \"app=wordpress,tier=cache\" in any namespace");
    assertThat(legacy("-l", "app in (wordpress", "-A").assertExit(64).err())
        .contains("invalid label selector \"app in (wordpress\": 'app in (wordpress': the set must end with ')'");
    assertThat(legacy("-l", "app=wordpress", "deploy/wordpress").assertExit(64).err())
        .contains("-l selects the pods: give at most a SERVICE argument, not a pod");
  }

  @Test
  void notFoundAndUnknownTypesSpeakKubectl() {
    CommandRun deploy = legacy("deploy/ghost").assertExit(66);
    assertThat(deploy.err()).isEqualTo("error: deployment \"ghost\" not found in namespace \"default\": not in the "
        + "manifests\n");
    CommandRun pod = legacy("pod/ghost.prod").assertExit(66);
    assertThat(pod.err()).startsWith("error: pod \"ghost\" not found in namespace \"prod\"").doesNotContain("pod/");
    CommandRun type = legacy("foo/x").assertExit(64);
    assertThat(type.err()).contains("unknown resource type \"foo\" in foo/x: give POD[.NAMESPACE], or "
        + "TYPE/NAME[.NAMESPACE] with TYPE one of pod|pods|po, deployment|deployments|deploy, "
        + "statefulset|statefulsets|sts, daemonset|daemonsets|ds, replicaset|replicasets|rs, job|jobs, "
        + "cronjob|cronjobs|cj, replicationcontroller|replicationcontrollers|rc");
    assertThat(type.out()).isEmpty();
  }

  @Test
  void allNamespacesSpellings() {
    String all = legacy("--all").assertExit(79).out();
    assertThat(legacy("-A").assertExit(79).out()).isEqualTo(all);
    assertThat(legacy("--all-namespaces").assertExit(79).out()).isEqualTo(all);
    assertThat(legacy("-A", "deploy/wordpress").assertExit(64).err()).contains("-A checks every workload: drop the POD");
  }
}
