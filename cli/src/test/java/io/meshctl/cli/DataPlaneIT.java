package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.PodResolver;
import io.meshctl.core.manifest.Yaml;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.testkit.MeshFixtures;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * check-inject, proxy-status and describe pod through the packaged CLI against the seed article's
 * mesh on the mock API server of each flavour: tables on stdout, notes on stderr, JSON for scripts,
 * exit codes.
 */
class DataPlaneIT {

  private static final String WP = "wordpress-77f7f9c485-k7tt9";
  private static final String MYSQL = "wordpress-mysql-5d4f6b9c8-x2v7p";

  @TempDir
  Path work;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theThreeCommands(Flavour flavour) throws IOException {
    boolean legacy = flavour == Flavour.LEGACY;
    String version = legacy ? "1.3.0" : "1.27.0";
    try (MockCluster c = MeshFixtures.wordpressMesh(flavour, Instant.now())) {
      Map<String, String> env = Map.of("KUBECONFIG", c.writeKubeconfig(work).toString(), "NO_COLOR", "1");

      CommandRun status = Launcher.run(null, env, work, "proxy-status").assertOk();
      assertThat(status.out()).containsPattern(WP + "\\.default +Deployment/wordpress +2/2 +Running +0 +" + version
          + " +" + (legacy ? "-" : "-") + " +classic +docker\\.io/istio/proxyv2:" + version)
          .doesNotContain(MYSQL);
      assertThat(status.err()).contains("1 pod(s) without a sidecar in namespace default (list them with --all)");
      CommandRun all = Launcher.run(null, env, work, "proxy-status", "--all", "-o", "json").assertOk();
      JsonNode report = Yaml.jsonMapper().readTree(all.out());
      assertThat(report.at("/proxies/0/ready").asText()).isEqualTo("2/2");
      assertThat(report.at("/proxies/0/sidecar").asText()).isEqualTo("classic");
      assertThat(report.at("/withoutSidecar/0/pod").asText()).isEqualTo(MYSQL);
      assertThat(all.err()).isEmpty();

      CommandRun check = Launcher.run(null, env, work, "check-inject").assertOk();
      assertThat(check.out()).containsPattern(MYSQL + "\\.default +Deployment/wordpress-mysql +no +yes +default +"
          + "namespace default has istio-injection=enabled \\(webhook istio-sidecar-injector/"
          + (legacy ? "" : "namespace\\.") + "sidecar-injector\\.istio\\.io\\) +restart: it would be injected but has no sidecar")
          .containsPattern(WP + "\\.default +Deployment/wordpress +yes \\(" + version + "\\) +yes");
      assertThat(check.err()).contains("restart " + MYSQL + ".default: kubectl rollout restart deployment/wordpress-mysql -n default");
      CommandRun strict = Launcher.run(null, env, work, "check-inject", "--strict", "-o", "json");
      assertThat(strict.exitCode()).isEqualTo(79);
      JsonNode verdicts = Yaml.jsonMapper().readTree(strict.out());
      assertThat(verdicts.get(1).path("action").asText()).isEqualTo("restart");
      assertThat(verdicts.get(0).path("injectOnRestart").asBoolean()).isTrue();
      Launcher.run(null, env, work, "check-inject", "deployment/wordpress", "--strict").assertOk();
      CommandRun missing = Launcher.run(null, env, work, "check-inject", "nope");
      assertThat(missing.exitCode()).isEqualTo(66);
      assertThat(missing.err()).contains("pod \"nope\" not found in namespace \"default\"");

      CommandRun described = Launcher.run(null, env, work, "describe", "pod", WP).assertOk();
      assertThat(described.out()).contains("Pod:      " + WP + ".default (Deployment/wordpress), Running, 2/2 ready",
          "Sidecar:  classic, Running, ready, 0 restarts", "docker.io/istio/proxyv2:" + version,
          "  wordpress (wordpress.default.svc.cluster.local)", "port 80/http -> 80   HTTP (port name http)",
          "default/wordpress for wordpress.default.svc.cluster.local: subset v1, TLS ISTIO_MUTUAL",
          "default/wordpress http[0] -> subset v1, weight 90 (90.0%), hosts blog.datadoc.info, gateways wordpress-gateway",
          "default/wordpress-gateway", "SANs blog.datadoc.info",
          // the fixture runs no v2 pods for the article's rule: the analyzer's finding, one line, Istio's code
          "Findings:\n  Error [IST0173] (DestinationRule default/wordpress) The Subset v2 defined in the "
              + "DestinationRule does not select any pods.");
      assertThat(described.out()).containsPattern("wordpress\\.default\\.svc\\.cluster\\.local:80 +STRICT +\\S+ +OK +ISTIO_MUTUAL");
      CommandRun json = Launcher.run(null, env, work, "describe", "pod", WP + ".default", "-o", "json").assertOk();
      JsonNode d = Yaml.jsonMapper().readTree(json.out());
      assertThat(d.at("/sidecar/ready").asBoolean()).isTrue();
      assertThat(d.at("/virtualServices/0/weight").asInt()).isEqualTo(90);
      assertThat(d.at("/gateways/0/servers").toString()).contains("blog.datadoc.info").doesNotContain("c2VjcmV0");
      assertThat(d.at("/findings/0/source").asText()).isEqualTo("IST0173");
      assertThat(d.at("/findings/0/origin").asText()).isEqualTo("DestinationRule default/wordpress");
      assertThat(d.at("/findings/0/level").asText()).isEqualTo("Error");
      CommandRun mysql = Launcher.run(null, env, work, "describe", "po", "deploy/wordpress-mysql").assertOk();
      assertThat(mysql.out()).contains("Sidecar:  none", "Warning [sidecar] the pod has no istio-proxy sidecar");
      // a CronJob's pods are those of the Jobs it created
      c.seed("""
          apiVersion: batch/v1
          kind: CronJob
          metadata: {name: backup, namespace: default}
          spec:
            schedule: "0 3 * * *"
            jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: b, image: b}]}}}}
          """);
      String uid = c.get(PodResolver.type(ObjectRef.Kind.CRONJOB), "default", "backup").orElseThrow()
          .at("/metadata/uid").asText();
      c.seed("""
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: backup-29412345
            ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: backup, controller: true, uid: %s}]
          spec:
            template: {spec: {restartPolicy: Never, containers: [{name: b, image: b}]}}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: backup-29412345-q8z4d
            labels: {job-name: backup-29412345}
            ownerReferences: [{apiVersion: batch/v1, kind: Job, name: backup-29412345, controller: true, uid: j1}]
          spec: {restartPolicy: Never, containers: [{name: b, image: b}]}
          """.formatted(uid));
      CommandRun cronCheck = Launcher.run(null, env, work, "check-inject", "cj/backup").assertOk();
      assertThat(cronCheck.out()).contains("backup-29412345-q8z4d.default");
      CommandRun cronDescribed = Launcher.run(null, env, work, "describe", "pod", "cronjob/backup").assertOk();
      assertThat(cronDescribed.out()).contains("Pod:      backup-29412345-q8z4d.default");
      assertThat(cronDescribed.err()).contains("cronjob \"backup\": using pod backup-29412345-q8z4d");
      CommandRun none = Launcher.run(null, env, work, "describe", "pod", "nope");
      assertThat(none.exitCode()).isEqualTo(66);
      assertThat(none.err()).contains("pod \"nope\" not found in namespace \"default\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void forbiddenListsDegradeWithANoteOnStderr(Flavour flavour) throws IOException {
    try (MockCluster c = MeshFixtures.wordpressMesh(flavour, Instant.now())) {
      c.answer("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", 403);
      c.answer("/api/v1/nodes", 403);
      c.answer(c.type(IstioKind.VIRTUAL_SERVICE).path(null), 403);
      Map<String, String> env = Map.of("KUBECONFIG", c.writeKubeconfig(work).toString(), "NO_COLOR", "1");
      CommandRun check = Launcher.run(null, env, work, "check-inject", WP).assertOk();
      assertThat(check.err()).contains("note: cannot list MutatingWebhookConfigurations", "Istio's standard injector "
          + "selectors are assumed");
      assertThat(check.out()).contains("namespace default has istio-injection=enabled");

      CommandRun status = Launcher.run(null, env, work, "proxy-status").assertOk();
      assertThat(status.out()).contains(WP + ".default");

      CommandRun described = Launcher.run(null, env, work, "describe", "pod", WP, "-o", "json").assertOk();
      assertThat(described.err()).contains("note: cannot list virtualservices in all namespaces (forbidden): only "
          + "those of [default, istio-system] are shown");
      JsonNode d = Yaml.jsonMapper().readTree(described.out());
      assertThat(d.at("/virtualServices/0/virtualService").asText()).isEqualTo("default/wordpress");
      assertThat(d.path("notes").size()).isZero();
    }
  }
}
