package io.meshctl.testkit;

import io.meshctl.core.cert.CertIssuer;
import io.meshctl.core.cert.IssueRequest;
import io.meshctl.core.cert.KeySpec;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cert.Profile;
import io.meshctl.testkit.MockCluster.Flavour;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Mock clusters with the seed article's mesh as it runs, for the data-plane commands' tests. */
public final class MeshFixtures {

  private MeshFixtures() {
  }

  /** The WordPress mesh of the flavour, injected by its own release, with the gateway's certificate. */
  public static MockCluster wordpressMesh(Flavour flavour, Instant now) {
    boolean legacy = flavour == Flavour.LEGACY;
    String proxy = legacy ? "docker.io/istio/proxyv2:1.3.0" : "docker.io/istio/proxyv2:1.27.0";
    String dir = flavour.examples();
    MockCluster c = MockCluster.start(flavour)
        .seed(Examples.path("wordpress"))
        .seed(Examples.path(dir).resolve("istio-sidecar-injector.yaml"))
        .seed(Examples.path(dir).resolve(legacy ? "mtls-meshpolicy.yaml" : "mtls-peerauthentication.yaml"))
        .seed(Examples.path(dir).resolve("istio-configmap.yaml"))
        .seed(Examples.path(dir).resolve("destinationrule-mysql-disable.yaml"))
        .seed(Examples.path(dir).resolve("wordpress-gateway.yaml"))
        .seed("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: default, labels: {istio-injection: enabled}}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: wordpress-77f7f9c485-k7tt9
              labels: {app: wordpress, version: v1, tier: frontend, pod-template-hash: 77f7f9c485}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: wordpress-77f7f9c485, controller: true, uid: u1}]
            spec:
              initContainers: [{name: istio-init, image: %1$s}]
              containers:
              - {name: wordpress, image: 'wordpress:php7.2', ports: [{containerPort: 80, name: wordpress}]}
              - {name: istio-proxy, image: %1$s}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: wordpress-mysql-5d4f6b9c8-x2v7p
              labels: {app: wordpress, tier: mysql, pod-template-hash: 5d4f6b9c8}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: wordpress-mysql-5d4f6b9c8, controller: true, uid: u2}]
            spec:
              containers: [{name: mysql, image: 'mysql:5.6'}]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: istio-ingressgateway-7c6b9f8d5-m2lqp
              namespace: istio-system
              labels: {app: istio-ingressgateway, istio: ingressgateway}
            spec:
              containers: [{name: istio-proxy, image: %1$s}]
            """.formatted(proxy));
    var issued = new CertIssuer().issue(new IssueRequest(Profile.SERVER, "blog.datadoc.info", null,
        List.of("blog.datadoc.info"), List.of(), List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)),
        KeySpec.DEFAULT, null, null)).issued();
    String crt = Base64.getEncoder().encodeToString(Pem.certificate(issued.cert()).getBytes(StandardCharsets.UTF_8));
    c.seed("""
        apiVersion: v1
        kind: Secret
        metadata: {name: %s, namespace: istio-system}
        type: kubernetes.io/tls
        data: {tls.crt: %s, tls.key: c2VjcmV0}
        """.formatted(legacy ? "istio-ingressgateway-certs" : "wordpress-credential", crt));
    return c;
  }
}
