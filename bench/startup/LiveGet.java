import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.Kube;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a live read command does at the client level, for comparing HTTP clients (the kubeconfig
 * decides which one Kube uses): connect with the kubeconfig, discover the Istio APIs, GET the
 * VirtualService, close. Usage: LiveGet KUBECONFIG NAME.
 */
public class LiveGet {
  public static void main(String[] args) {
    try (Kube kube = Kube.connect(new ClusterOptions(Path.of(args[0]), null, null, null, null), Map.of())) {
      var vs = kube.get(kube.istio().require(IstioKind.VIRTUAL_SERVICE), kube.namespace(), args[1]);
      System.out.println(vs.map(o -> o.path("metadata").path("name").asText()).orElse("not found"));
    }
    System.exit(0);
  }
}
