import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.analyze.Analyzers;
import io.meshctl.core.analyze.Kinds;
import io.meshctl.core.analyze.MeshObjects;
import io.meshctl.core.mesh.MeshSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * meshctl analyze's analysis time (loading excluded) over bench/authn's generated mesh, plus one
 * VirtualService per service (every fourth routing to the subset its DestinationRule defines, every
 * tenth to a subset none defines) and an ingress Gateway per namespace. Every analyzer registered
 * runs; median of 7 runs after 2 warm-ups. Usage: bench/analyze/run.sh [sizes...]
 */
public class AnalyzeBench {

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1000, 5000, 10000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int size : sizes) {
      List<JsonNode> objects = new ArrayList<>(TlsCheckBench.objects(size));
      int namespaces = Math.max(1, size / 50);
      for (int n = 0; n < namespaces; n++) {
        objects.add(TlsCheckBench.obj("""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns-%d","labels":{"istio-injection":"enabled"}}}"""
            .formatted(n)));
        objects.add(TlsCheckBench.obj("""
            {"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"gw","namespace":"ns-%d"},
             "spec":{"selector":{"istio":"ingressgateway"},"servers":[{"port":{"number":80,"name":"http",
             "protocol":"HTTP"},"hosts":["*.ns-%d.example.com"]}]}}""".formatted(n, n)));
      }
      for (int i = 0; i < size; i++) {
        String ns = "ns-" + (i % namespaces);
        String subset = i % 10 == 1 ? ",\"subset\":\"v9\"" : i % 4 == 0 ? ",\"subset\":\"v1\"" : "";
        objects.add(TlsCheckBench.obj("""
            {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"vs-%d","namespace":"%s"},
             "spec":{"hosts":["svc-%d"],"http":[{"route":[{"destination":{"host":"svc-%d","port":{"number":80}%s}}]}]}}"""
            .formatted(i, ns, i, i, subset)));
      }
      MeshObjects.Builder b = MeshObjects.builder("default", "istio-system");
      for (String kind : List.of(Kinds.POD, Kinds.SERVICE, Kinds.NAMESPACE, Kinds.SECRET, Kinds.NODE)) {
        b.addCluster(kind, List.of());
      }
      objects.forEach(o -> b.add(o, null));
      MeshObjects mesh = b.apis(new MeshSnapshot.ApiFlavours(false, true)).build();
      long[] times = new long[TlsCheckBench.RUNS];
      // the analysis is one thread: its CPU time says what the code costs on a loaded machine, where
      // wall time also counts waiting for a core
      long[] cpu = new long[TlsCheckBench.RUNS];
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      int messages = 0;
      for (int r = 0; r < TlsCheckBench.RUNS + 2; r++) {
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        messages = Analyzers.run(mesh, Analyzers.all(), Instant.now()).messages().size();
        if (r >= 2) {
          times[r - 2] = System.nanoTime() - t0;
          cpu[r - 2] = threads.getCurrentThreadCpuTime() - c0;
        }
      }
      if (System.getenv("PER_ANALYZER") != null) {
        for (var a : Analyzers.all()) {
          long t0 = System.nanoTime();
          Analyzers.run(mesh, List.of(a), Instant.now());
          System.out.printf("  %s %.1f ms%n", a.name(), (System.nanoTime() - t0) / 1e6);
        }
      }
      System.out.printf("services=%d objects=%d analyzers=%d messages=%d | analysis median %.1f ms (CPU %.1f ms)%n",
          size, mesh.size(), Analyzers.all().size(), messages, TlsCheckBench.median(times), TlsCheckBench.median(cpu));
    }
  }
}
