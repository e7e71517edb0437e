package io.meshctl.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.mesh.ObjectRef.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectRefTest {

  private static ObjectRef pod(String arg) {
    return ObjectRef.parse(arg, Kind.POD, Kind.POD_OR_WORKLOAD);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      "wordpress-77f7f9c485-k7tt9, POD, wordpress-77f7f9c485-k7tt9, -",
      "wordpress-77f7f9c485-k7tt9.shop, POD, wordpress-77f7f9c485-k7tt9, shop",
      "pod/web-1, POD, web-1, -",
      "pods/web-1.shop, POD, web-1, shop",
      "po/web-1, POD, web-1, -",
      "deploy/wordpress, DEPLOYMENT, wordpress, -",
      "deployment/wordpress.default, DEPLOYMENT, wordpress, default",
      "deployments.apps/wordpress, DEPLOYMENT, wordpress, -",
      "Deployment/wordpress, DEPLOYMENT, wordpress, -",
      "sts/db, STATEFULSET, db, -",
      "statefulset/db, STATEFULSET, db, -",
      "ds/agent, DAEMONSET, agent, -",
      "daemonset/agent, DAEMONSET, agent, -",
      "rs/web-5d4f, REPLICASET, web-5d4f, -",
      "replicaset/web-5d4f, REPLICASET, web-5d4f, -",
      "job/migrate, JOB, migrate, -",
      "jobs.batch/migrate, JOB, migrate, -",
      "cronjob/nightly, CRONJOB, nightly, -",
      "cj/nightly, CRONJOB, nightly, -",
      "cronjobs.batch/nightly, CRONJOB, nightly, -",
      "rc/legacy, REPLICATION_CONTROLLER, legacy, -",
      "replicationcontrollers/legacy, REPLICATION_CONTROLLER, legacy, -",
      // istioctl's inferNsInfo: the last dot splits
      "my.pod.prod, POD, my.pod, prod"})
  void podAndWorkloadForms(String arg, Kind kind, String name, String namespace) {
    assertThat(pod(arg)).isEqualTo(new ObjectRef(kind, name, namespace));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"foo/x", "svc/wordpress", "vs/wordpress", "deployment.batch/x", "cronjob.apps/x"})
  void anUnknownTypeIsAUsageErrorListingTheTypes(String arg) {
    assertThatThrownBy(() -> pod(arg)).isInstanceOf(MeshctlException.Usage.class)
        .hasMessageContaining("unknown resource type \"" + arg.substring(0, arg.indexOf('/')) + "\"")
        .hasMessageContaining("POD[.NAMESPACE], or TYPE/NAME[.NAMESPACE] with TYPE one of pod|pods|po, "
            + "deployment|deployments|deploy, statefulset|statefulsets|sts, daemonset|daemonsets|ds, "
            + "replicaset|replicasets|rs, job|jobs, cronjob|cronjobs|cj, "
            + "replicationcontroller|replicationcontrollers|rc");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"pod/", "deploy/a/b", "web.", ".shop", "pod/.shop"})
  void malformedArgumentsAreUsageErrors(String arg) {
    assertThatThrownBy(() -> pod(arg)).isInstanceOf(MeshctlException.Usage.class).hasMessageContaining(arg);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      "wordpress, HOST, wordpress, -",
      "wordpress.default, HOST, wordpress, default",
      // more dots: a full host name, as written (an FQDN stays an FQDN)
      "wordpress.default.svc.cluster.local, HOST, wordpress.default.svc.cluster.local, -",
      "blog.datadoc.info, HOST, blog.datadoc.info, -",
      "vs/wordpress, VIRTUAL_SERVICE, wordpress, -",
      "virtualservice/wordpress.prod, VIRTUAL_SERVICE, wordpress, prod",
      "virtualservices.networking.istio.io/wordpress, VIRTUAL_SERVICE, wordpress, -"})
  void hostForms(String arg, Kind kind, String name, String namespace) {
    assertThat(ObjectRef.host(arg)).isEqualTo(new ObjectRef(kind, name, namespace));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"deploy/wordpress", "pod/x", "svc/wordpress"})
  void routeTakesOnlyVirtualServicesAsTypes(String arg) {
    assertThatThrownBy(() -> ObjectRef.host(arg)).isInstanceOf(MeshctlException.Usage.class)
        .hasMessageContaining("HOST[.NAMESPACE], or TYPE/NAME[.NAMESPACE] with TYPE one of "
            + "virtualservice|virtualservices|vs");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"pod/x, 'pod \"x\" not found in namespace \"default\"'",
      "deploy/x.shop, 'deployment \"x\" not found in namespace \"shop\"'",
      "x, 'pod \"x\" not found in namespace \"default\"'"})
  void notFoundSpeaksKubectlAndNeverEchoesThePrefix(String arg, String message) {
    ObjectRef ref = pod(arg);
    assertThat(ref.notFound(ref.namespaceOr("default"), null)).isInstanceOf(MeshctlException.NotFound.class)
        .hasMessage(message);
  }
}
