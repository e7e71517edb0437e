import io.meshctl.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local Kubernetes API server for the start-up benchmark: fabric8's mock server in CRUD mode
 * (through the core test kit's MockCluster, networking and security v1), seeded with the WordPress
 * example, its mesh configuration and one running pod. Writes DIR/kubeconfig, then serves until
 * killed. Run from the repository root by run.sh.
 */
public class MockApiServer {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    MockCluster cluster = MockCluster.start(MockCluster.Flavour.CURRENT);
    cluster.seed(Path.of("docs/examples/wordpress"));
    for (String f : new String[] {"wordpress-gateway", "mtls-peerauthentication", "destinationrule-mysql-mutual",
        "istio-configmap"}) {
      cluster.seed(Path.of("docs/examples/mesh-current/" + f + ".yaml"));
    }
    cluster.seed("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: wordpress-7d4b9c7f5-x2x9q
          namespace: default
          labels: {app: wordpress, tier: frontend, version: v1, security.istio.io/tlsMode: istio}
        spec:
          containers:
          - name: wordpress
            image: wordpress:php7.2
            ports:
            - {containerPort: 80, name: http}
          - name: istio-proxy
            image: docker.io/istio/proxyv2:1.27.0
        status: {phase: Running, podIP: 10.1.0.7}
        """);
    Path kubeconfig = cluster.writeKubeconfig(dir);
    // written last and renamed, so run.sh never reads half a file
    Files.move(kubeconfig, dir.resolve("kubeconfig"));
    Thread.currentThread().join();
  }
}
