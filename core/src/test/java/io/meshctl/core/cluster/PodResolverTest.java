package io.meshctl.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.mesh.LabelSelector;
import io.meshctl.core.mesh.ObjectRef;
import io.meshctl.testkit.MockCluster;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Live resolution of pod arguments: kubectl's choice of pod, and exactly the reads kubectl would make. */
class PodResolverTest {

  @TempDir
  Path tmp;

  /** A workload of each kind in shop, each with pods as the kubelet reports them; web has a ready and an unready pod. */
  static final String SHOP = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        selector: {matchLabels: {app: db}}
        template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: mysql}]}}
      ---
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: shop}
      spec:
        selector: {matchLabels: {app: agent}}
        template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: agent, image: agent}]}}
      ---
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web-5d4f6b9c8, namespace: shop}
      spec:
        selector: {matchLabels: {app: web, pod-template-hash: 5d4f6b9c8}}
        template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate, namespace: shop}
      spec:
        selector: {matchLabels: {batch.kubernetes.io/controller-uid: 1f2e}}
        template: {metadata: {labels: {batch.kubernetes.io/controller-uid: 1f2e}}, spec: {restartPolicy: Never, containers: [{name: m, image: m}]}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: idle, namespace: shop}
      spec:
        selector: {matchLabels: {app: idle}}
        template: {metadata: {labels: {app: idle}}, spec: {containers: [{name: idle, image: idle}]}}
      """
      + pod("web-5d4f6b9c8-aaaaa", "shop", "{app: web, pod-template-hash: 5d4f6b9c8}", false)
      + pod("web-5d4f6b9c8-bbbbb", "shop", "{app: web, pod-template-hash: 5d4f6b9c8}", true)
      + pod("db-0", "shop", "{app: db}", true)
      + pod("agent-x7k2p", "shop", "{app: agent}", true)
      + pod("migrate-q8z4d", "shop", "{batch.kubernetes.io/controller-uid: 1f2e}", true)
      + pod("web-7c6b9f8d5-ccccc", "staging", "{app: web}", true);

  static String pod(String name, String ns, String labels, boolean ready) {
    return """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s, labels: %s, creationTimestamp: "2026-12-01T10:00:00Z"}
        spec: {nodeName: node-1, containers: [{name: app, image: app}, {name: istio-proxy, image: proxyv2}]}
        status:
          phase: Running
          conditions: [{type: Ready, status: "%s", lastTransitionTime: "2026-12-01T10:00:30Z"}]
          containerStatuses:
          - {name: app, ready: %s, restartCount: 0, started: true, state: {running: {startedAt: "2026-12-01T10:00:20Z"}}}
          - {name: istio-proxy, ready: %s, restartCount: 0, started: true, state: {running: {startedAt: "2026-12-01T10:00:10Z"}}}
        """.formatted(name, ns, labels, ready ? "True" : "False", ready, ready);
  }

  private static final class Said implements Reporter {
    final List<String> lines = new ArrayList<>();

    public void info(String m) {
      lines.add(m);
    }

    public void warn(String m) {
      lines.add(m);
    }

    public void debug(String m) {
    }

    public boolean isDebugEnabled() {
      return false;
    }
  }

  private static String name(ObjectNode pod) {
    return pod.at("/metadata/name").asText();
  }

  private static ObjectRef ref(String arg) {
    return ObjectRef.parse(arg, ObjectRef.Kind.POD, ObjectRef.Kind.POD_OR_WORKLOAD);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aDeploymentIsOneGetAndOneListOfItsPodsAndGivesTheReadyOne(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour).seed(SHOP); Kube kube = cluster.kube(tmp)) {
      cluster.clearRequests();
      Said said = new Said();
      ObjectNode pod = PodResolver.resolve(kube, ref("deploy/web"), "shop", said);
      assertThat(name(pod)).isEqualTo("web-5d4f6b9c8-bbbbb");
      assertThat(said.lines).containsExactly("deployment \"web\": using pod web-5d4f6b9c8-bbbbb (of 2 pods, 1 ready)");
      assertThat(cluster.reads()).containsExactly("/apis/apps/v1/namespaces/shop/deployments/web",
          "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void everyWorkloadKindAndThePodItself(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour).seed(SHOP); Kube kube = cluster.kube(tmp)) {
      Said said = new Said();
      assertThat(name(PodResolver.resolve(kube, ref("sts/db"), "shop", said))).isEqualTo("db-0");
      assertThat(name(PodResolver.resolve(kube, ref("daemonset/agent.shop"), "default", said))).isEqualTo("agent-x7k2p");
      assertThat(name(PodResolver.resolve(kube, ref("rs/web-5d4f6b9c8"), "shop", said))).isEqualTo("web-5d4f6b9c8-bbbbb");
      assertThat(name(PodResolver.resolve(kube, ref("job/migrate"), "shop", said))).isEqualTo("migrate-q8z4d");
      cluster.clearRequests();
      assertThat(name(PodResolver.resolve(kube, ref("pod/db-0.shop"), "default", said))).isEqualTo("db-0");
      assertThat(cluster.reads()).containsExactly("/api/v1/namespaces/shop/pods/db-0");
      assertThat(said.lines).contains("statefulset \"db\": using pod db-0", "job \"migrate\": using pod migrate-q8z4d");
    }
  }

  /** A CronJob's pods belong to the Jobs it created; a ReplicationController selects by a plain label map. */
  static final String SCHEDULED = """
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: nightly, namespace: shop}
      spec:
        schedule: "0 3 * * *"
        jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: n, image: n}]}}}}
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: weekly, namespace: shop}
      spec:
        schedule: "0 3 * * 0"
        jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: w, image: w}]}}}}
      ---
      apiVersion: v1
      kind: ReplicationController
      metadata: {name: legacy, namespace: shop}
      spec:
        selector: {app: legacy}
        template: {metadata: {labels: {app: legacy}}, spec: {containers: [{name: l, image: l}]}}
      """
      + pod("nightly-29412345-abcde", "shop", "{batch.kubernetes.io/controller-uid: j1}", true)
          .replace("creationTimestamp:", "ownerReferences: [{apiVersion: batch/v1, kind: Job, name: nightly-29412345, "
              + "controller: true, uid: j1}], creationTimestamp:")
      + pod("legacy-x2v7p", "shop", "{app: legacy}", true);

  /** The Job the CronJob created, owned by it as the API server records it: by uid. */
  static final String JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-29412345
        namespace: shop
        ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: nightly, controller: true, uid: %s}]
      spec:
        selector: {matchLabels: {batch.kubernetes.io/controller-uid: j1}}
        template: {metadata: {labels: {batch.kubernetes.io/controller-uid: j1}}, spec: {restartPolicy: Never, containers: [{name: n, image: n}]}}
      """;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aCronJobsPodsAreThoseOfItsJobsAndAReplicationControllerSelectsByItsLabels(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour).seed(SHOP).seed(SCHEDULED); Kube kube = cluster.kube(tmp)) {
      String uid = cluster.get(PodResolver.type(ObjectRef.Kind.CRONJOB), "shop", "nightly").orElseThrow()
          .at("/metadata/uid").asText();
      cluster.seed(JOB.formatted(uid));
      Said said = new Said();
      assertThat(name(PodResolver.resolve(kube, ref("cronjob/nightly"), "shop", said)))
          .isEqualTo("nightly-29412345-abcde");
      assertThat(name(PodResolver.resolve(kube, ref("cj/nightly.shop"), "default", said)))
          .isEqualTo("nightly-29412345-abcde");
      assertThat(name(PodResolver.resolve(kube, ref("rc/legacy"), "shop", said))).isEqualTo("legacy-x2v7p");
      assertThat(said.lines).contains("cronjob \"nightly\": using pod nightly-29412345-abcde",
          "replicationcontroller \"legacy\": using pod legacy-x2v7p");
      assertThat(PodRefs.resolve(kube, "cronjobs/nightly", "shop").pods()).extracting(PodResolverTest::name)
          .containsExactly("nightly-29412345-abcde");
      assertThatThrownBy(() -> PodResolver.resolve(kube, ref("cj/weekly"), "shop", said))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessageStartingWith("cronjob \"weekly\" in namespace \"shop\" has no pods (none of its Jobs has pods)");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void notFoundSaysWhatWasLookedForAndWhere(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour).seed(SHOP); Kube kube = cluster.kube(tmp)) {
      Said said = new Said();
      assertThatThrownBy(() -> PodResolver.resolve(kube, ref("pod/web"), "shop", said))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessageStartingWith("pod \"web\" not found in namespace \"shop\": check the name with");
      assertThatThrownBy(() -> PodResolver.resolve(kube, ref("deploy/web"), "default", said))
          .isInstanceOf(MeshctlException.NotFound.class).hasMessage("deployment \"web\" not found in namespace \"default\"");
      assertThatThrownBy(() -> PodResolver.resolve(kube, ref("deploy/idle"), "shop", said))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessageStartingWith("deployment \"idle\" in namespace \"shop\" has no pods (none match its selector \"app=idle\")");
      assertThatThrownBy(() -> PodResolver.select(kube, LabelSelector.parse("app=web,tier=x"), "shop"))
          .isInstanceOf(MeshctlException.NotFound.class)
          .hasMessage("no pods match selector \"app=web,tier=x\" in namespace \"shop\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aSelectorIsOneListInTheNamespaceOrClusterWide(Flavour flavour) {
    try (MockCluster cluster = MockCluster.start(flavour).seed(SHOP); Kube kube = cluster.kube(tmp)) {
      cluster.clearRequests();
      assertThat(PodResolver.select(kube, LabelSelector.parse("app=web"), "shop")).extracting(PodResolverTest::name)
          .containsExactly("web-5d4f6b9c8-aaaaa", "web-5d4f6b9c8-bbbbb");
      assertThat(PodResolver.select(kube, LabelSelector.parse("app=web,!pod-template-hash"), null))
          .extracting(PodResolverTest::name).containsExactly("web-7c6b9f8d5-ccccc");
      assertThat(cluster.reads()).containsExactly("/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb",
          "/api/v1/pods?labelSelector=app%3Dweb%2C%21pod-template-hash");
    }
  }
}
