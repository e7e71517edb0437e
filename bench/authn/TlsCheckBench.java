import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.Reporter;
import io.meshctl.core.authn.TlsCheck;
import io.meshctl.core.authn.TlsCheckRow;
import io.meshctl.core.manifest.Yaml;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generated mesh: S services x 2 ports in S/50 namespaces, one sidecar pod each, S DestinationRules
 * (60% exact short-name hosts, 20% namespace wildcards, 20% exportTo '.', '*' or a named namespace;
 * some with subsets and port-level settings), S/10 PeerAuthentications (mesh STRICT, namespace,
 * workload with portLevelMtls). Times, loading excluded: (1) index + full report for one pod,
 * (2) the mesh-wide report, at several sizes. Usage: java -cp ... TlsCheckBench.java [sizes...]
 */
public class TlsCheckBench {

  static final int RUNS = 7;

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1250, 2500, 5000, 10000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int size : sizes) {
      MeshSnapshot snap = generate(size);
      long[] one = new long[RUNS];
      long[] all = new long[RUNS];
      int rows = 0;
      int meshRows = 0;
      for (int r = 0; r < RUNS + 2; r++) { // two warm-up rounds
        long t0 = System.nanoTime();
        TlsCheck check = TlsCheck.of(snap, Reporter.SILENT);
        List<TlsCheckRow> report = check.forPod(check.pod("client", "ns-0"), null);
        long t1 = System.nanoTime();
        List<TlsCheckRow> mesh = TlsCheck.of(snap, Reporter.SILENT).meshWide(Reporter.SILENT);
        long t2 = System.nanoTime();
        if (r >= 2) {
          one[r - 2] = t1 - t0;
          all[r - 2] = t2 - t1;
        }
        rows = report.size();
        meshRows = mesh.size();
      }
      System.out.printf("services=%d drs=%d pas=%d pods=%d | one pod: %d rows, median %.1f ms | mesh-wide: %d rows,"
          + " median %.1f ms%n", size, snap.destinationRules().size(), snap.peerAuthentications().size(),
          snap.pods().size(), rows, median(one), meshRows, median(all));
    }
  }

  static double median(long[] ns) {
    long[] c = ns.clone();
    Arrays.sort(c);
    return c[c.length / 2] / 1e6;
  }

  static MeshSnapshot generate(int services) {
    return new SnapshotBuilder("default", "istio-system", null).addAll(objects(services)).build(false,
        new MeshSnapshot.ApiFlavours(false, true));
  }

  /** The generated objects, also for bench/analyze. */
  static List<JsonNode> objects(int services) {
    int namespaces = Math.max(1, services / 50);
    List<JsonNode> objects = new ArrayList<>();
    objects.add(obj("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"istio","namespace":"istio-system"},
         "data":{"mesh":"rootNamespace: istio-system\\nenableAutoMtls: true"}}"""));
    objects.add(obj("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"client","namespace":"ns-0","labels":{"app":"client"}},
         "spec":{"containers":[{"name":"app"},{"name":"istio-proxy"}]}}"""));
    objects.add(pa("istio-system", "default", null, "STRICT", null));
    for (int n = 0; n < namespaces; n++) {
      objects.add(pa("ns-" + n, "default", null, n % 3 == 0 ? "PERMISSIVE" : n % 3 == 1 ? "UNSET" : "STRICT", null));
    }
    int pas = services / 10 - namespaces - 1;
    for (int i = 0; i < services; i++) {
      String ns = "ns-" + (i % namespaces);
      String name = "svc-" + i;
      objects.add(obj("""
          {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"%s"},
           "spec":{"selector":{"app":"%s"},"ports":[{"name":"http","port":80,"targetPort":8080},
                                                  {"name":"tcp","port":9000}]}}""".formatted(name, ns, name)));
      objects.add(obj("""
          {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s-0","namespace":"%s","labels":{"app":"%s","version":"v1"}},
           "spec":{"containers":[{"name":"app","ports":[{"containerPort":8080}]},{"name":"istio-proxy"}]}}"""
          .formatted(name, ns, name)));
      if (i < pas) {
        objects.add(pa(ns, "wl-" + i, name, "STRICT", i % 2 == 0 ? "8080" : null));
      }
      String tls = i % 7 == 0 ? "DISABLE" : i % 11 == 0 ? "SIMPLE" : "ISTIO_MUTUAL";
      String host;
      String extra = "";
      switch (i % 10) {
        case 0, 1, 2, 3, 4, 5 -> host = name;
        case 6, 7 -> host = "*." + ns + ".svc.cluster.local";
        default -> {
          host = name;
          String[] export = {"\".\"", "\"*\"", "\"ns-" + ((i + 1) % namespaces) + "\""};
          extra = ",\"exportTo\":[" + export[i % 3] + "]";
        }
      }
      String subsets = i % 4 == 0 ? ",\"subsets\":[{\"name\":\"v1\",\"labels\":{\"version\":\"v1\"},"
          + "\"trafficPolicy\":{\"tls\":{\"mode\":\"ISTIO_MUTUAL\"}}}]" : "";
      String ports = i % 5 == 0 ? ",\"portLevelSettings\":[{\"port\":{\"number\":9000},\"tls\":{\"mode\":\"DISABLE\"}}]" : "";
      objects.add(obj("""
          {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"dr-%d","namespace":"%s"},
           "spec":{"host":"%s"%s,"trafficPolicy":{"tls":{"mode":"%s"}%s}%s}}"""
          .formatted(i, ns, host, extra, tls, ports, subsets)));
    }
    return objects;
  }

  static JsonNode pa(String ns, String name, String app, String mode, String port) {
    String selector = app == null ? "" : ",\"selector\":{\"matchLabels\":{\"app\":\"" + app + "\"}}";
    String plm = port == null ? "" : ",\"portLevelMtls\":{\"" + port + "\":{\"mode\":\"PERMISSIVE\"}}";
    return obj("""
        {"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"%s","namespace":"%s"},
         "spec":{"mtls":{"mode":"%s"}%s%s}}""".formatted(name, ns, mode, selector, plm));
  }

  static ObjectNode obj(String json) {
    try {
      return (ObjectNode) Yaml.jsonMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(json, e);
    }
  }
}
