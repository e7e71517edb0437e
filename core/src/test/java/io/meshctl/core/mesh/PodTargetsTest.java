package io.meshctl.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.mesh.MeshSnapshot.Pod;
import io.meshctl.core.mesh.ObjectRef.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offline: a workload's pod template stands in for its pods; and kubectl's choice of a workload's pod. */
class PodTargetsTest {

  private static final String MANIFESTS = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: wordpress}
      spec:
        selector: {matchLabels: {app: wordpress, tier: frontend}}
        template:
          metadata: {labels: {app: wordpress, tier: frontend}}
          spec: {containers: [{name: wordpress, image: wordpress}]}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: mysql, namespace: db}
      spec:
        selector: {matchLabels: {app: wordpress, tier: mysql}}
        template:
          metadata: {labels: {app: wordpress, tier: mysql}}
          spec: {containers: [{name: mysql, image: mysql}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: debug, labels: {app: debug}}
      spec: {containers: [{name: sh, image: busybox}]}
      """;

  private static MeshSnapshot offline() {
    return new SnapshotBuilder("default", "istio-system", null)
        .addDocuments(ManifestReader.parse(MANIFESTS, "m.yaml")).build(true, null);
  }

  private static Pod resolve(String arg, List<String> said) {
    Reporter r = new Reporter() {
      public void info(String m) {
        said.add(m);
      }

      public void warn(String m) {
        said.add(m);
      }

      public void debug(String m) {
      }

      public boolean isDebugEnabled() {
        return false;
      }
    };
    return PodTargets.resolve(offline(), ObjectRef.parse(arg, Kind.POD, Kind.POD_OR_WORKLOAD), "default", r);
  }

  @Test
  void eachFormFindsItsStandIn() {
    List<String> said = new ArrayList<>();
    assertThat(resolve("deploy/wordpress", said).standInFor()).isEqualTo("Deployment/wordpress");
    assertThat(resolve("sts/mysql.db", said).standInFor()).isEqualTo("StatefulSet/mysql");
    assertThat(resolve("pod/debug", said).name()).isEqualTo("debug");
    assertThat(resolve("debug.default", said).standInFor()).isNull();
    assertThat(said).isEmpty();
    // kubectl's pod name stands for its Deployment's template, and says so
    assertThat(resolve("wordpress-77f7f9c485-k7tt9", said).standInFor()).isEqualTo("Deployment/wordpress");
    assertThat(said).containsExactly("pod wordpress-77f7f9c485-k7tt9 is not in the manifests: checking "
        + "Deployment/wordpress's pod template");
  }

  @Test
  void aMissingObjectSaysWhatAndWhere() {
    List<String> said = new ArrayList<>();
    assertThatThrownBy(() -> resolve("deploy/mysql", said)).isInstanceOf(MeshctlException.NotFound.class)
        .hasMessage("deployment \"mysql\" not found in namespace \"default\": not in the manifests");
    assertThatThrownBy(() -> resolve("pod/ghost.db", said)).isInstanceOf(MeshctlException.NotFound.class)
        .hasMessageStartingWith("pod \"ghost\" not found in namespace \"db\"");
  }

  @Test
  void aSelectorTakesPodsAndTemplates() {
    MeshSnapshot s = offline();
    assertThat(PodTargets.select(s, LabelSelector.parse("app=wordpress"), "default")).extracting(Pod::id)
        .containsExactly("wordpress.default");
    assertThat(PodTargets.select(s, LabelSelector.parse("app in (wordpress,debug)"), null)).extracting(Pod::id)
        .containsExactly("mysql.db", "debug.default", "wordpress.default");
    assertThatThrownBy(() -> PodTargets.select(s, LabelSelector.parse("app=x"), "shop"))
        .isInstanceOf(MeshctlException.NotFound.class)
        .hasMessageStartingWith("no pods match selector \"app=x\" in namespace \"shop\"");
  }

  @Test
  void kubectlLogsPicksTheReadyRunningPod() {
    List<JsonNode> pods = new ArrayList<>();
    for (Document d : ManifestReader.parse("""
        metadata: {name: a-pending, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec: {nodeName: n1}
        status: {phase: Pending}
        ---
        metadata: {name: b-unready, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec: {nodeName: n1}
        status:
          phase: Running
          conditions: [{type: Ready, status: "False"}]
          containerStatuses: [{name: app, ready: false, restartCount: 9}]
        ---
        metadata: {name: c-ready-late, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec: {nodeName: n1}
        status:
          phase: Running
          conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-01-03T00:00:00Z"}]
          containerStatuses: [{name: app, ready: true, restartCount: 0}]
        ---
        metadata: {name: d-ready-early, creationTimestamp: "2026-01-02T00:00:00Z"}
        spec: {nodeName: n1}
        status:
          phase: Running
          conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-01-02T00:00:00Z"}]
          containerStatuses: [{name: app, ready: true, restartCount: 0}]
        """, "pods.yaml")) {
      pods.add(d.tree());
    }
    assertThat(PodPick.first(pods).at("/metadata/name").asText()).isEqualTo("d-ready-early");
    assertThat(PodPick.first(pods.subList(0, 3)).at("/metadata/name").asText()).isEqualTo("c-ready-late");
    assertThat(PodPick.first(pods.subList(0, 2)).at("/metadata/name").asText()).isEqualTo("b-unready");
    assertThat(PodPick.first(List.of())).isNull();
  }
}
