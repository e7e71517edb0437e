package io.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/**
 * FastPath must be invisible: every line it takes, picocli takes too and sets the same values; every
 * line it is unsure of (typos, bad values, repeats, help) it leaves to picocli. Checked on random
 * lines built from each command's options, valid and not.
 */
class FastPathTest {

  private static final List<String[]> COMMON = List.of(
      a("-v"), a("-q"), a("--verbose"), a("--quiet"), a("-vq"), a("--bogus"), a("--"), a("@args.txt"), a("-"),
      a("-h"), a("--help"), a("-f"), a("extra"), a("-v=true"));

  private static final List<String[]> KUBE = List.of(
      a("--kubeconfig", "kc.yaml"), a("--kubeconfig=other.yaml"), a("--context", "kind"), a("-n", "shop"),
      a("--namespace=web"), a("-i", "mesh"), a("--istio-namespace", "istio"), a("--request-timeout", "5s"),
      a("--request-timeout=1m30s"), a("--request-timeout", "soon"), a("-o", "json"), a("-o", "YAML"),
      a("--output=table"), a("-o", "xml"), a("-f", "k8s/"), a("--filename", "-"), a("-f=a.yaml"), a("-n"));

  @Test
  void injectLinesParseAsPicocliParsesThem() throws Exception {
    List<String[]> atoms = new ArrayList<>(COMMON);
    atoms.addAll(List.of(a("-f", "a.yaml"), a("--filename", "b"), a("-f=c"), a("--filename=d"), a("-f", "-"),
        a("--output-file", "o.yaml"), a("-o", "json"), a("-o", "JSON"), a("--output=yaml"), a("-o", "table"),
        a("--uninject"), a("--native-sidecar"), a("--istio-1.3"), a("--proxy-image", "p:1"),
        a("--init-image=i:1"), a("--hub", "h"), a("--tag", "t"), a("--injection-config", "cfg.yaml"),
        a("--report", "json"), a("--report", "NONE"), a("--report", "xml"), a("--strict"), a("--strict=true")));
    check(List.of("inject"), atoms, List.of(), a("-f", "a.yaml"));
  }

  @Test
  void routeShowLinesParseAsPicocliParsesThem() throws Exception {
    List<String[]> atoms = new ArrayList<>(COMMON);
    atoms.addAll(KUBE);
    atoms.add(a("--virtual-service", "wordpress"));
    atoms.add(a("--virtual-service=x"));
    check(List.of("route", "show"), atoms, List.of("wordpress", "reviews.shop.svc.cluster.local"), a("wordpress"));
  }

  @Test
  void tlsCheckLinesParseAsPicocliParsesThem() throws Exception {
    List<String[]> atoms = new ArrayList<>(COMMON);
    atoms.addAll(KUBE);
    atoms.add(a("-A"));
    atoms.add(a("--all"));
    check(List.of("authn", "tls-check"), atoms, List.of("wordpress-7d4b9c7f5-x2x9q", "mysql.default"),
        a("wordpress-7d4b9c7f5-x2x9q"));
  }

  @Test
  void leavesOtherCommandsAndLeadingOptionsToPicocli() {
    for (String[] line : List.of(a("version"), a("route", "wordpress", "v1=90"), a("route", "set-weight", "x"),
        a("-v", "inject", "-f", "a.yaml"), a("cert", "issue", "root-ca"), a("authn"), a())) {
      assertThat(FastPath.parse(new MeshctlCommand(), line)).as(String.join(" ", line)).isNull();
    }
  }

  /**
   * Random lines: the command, then up to five atoms (options with values, or stray tokens) and
   * positionals in random order. {@code plain} must be taken by the fast path, so the check is not vacuous.
   */
  private static void check(List<String> command, List<String[]> atoms, List<String> positionals, String[] plain)
      throws Exception {
    Random random = new Random(42);
    int taken = 0;
    int total = 1500;
    for (int n = 0; n <= total; n++) {
      List<String[]> parts = new ArrayList<>();
      if (n == 0) {
        parts.add(plain);
      } else {
        for (int k = random.nextInt(6); k > 0; k--) {
          parts.add(atoms.get(random.nextInt(atoms.size())));
        }
        for (String p : positionals) {
          if (random.nextInt(3) > 0) {
            parts.add(a(p));
          }
        }
        Collections.shuffle(parts, random);
      }
      List<String> line = new ArrayList<>(command);
      parts.forEach(p -> line.addAll(Arrays.asList(p)));
      String[] args = line.toArray(String[]::new);

      MeshctlCommand fastRoot = new MeshctlCommand();
      Callable<Integer> fast = FastPath.parse(fastRoot, args);
      if (n == 0) {
        assertThat(fast).as(String.join(" ", args)).isNotNull();
      }
      if (fast == null) {
        continue;
      }
      taken++;
      CommandLine picocli = Main.fullCommandLine();
      ParseResult result = picocli.parseArgs(args); // throws if picocli would refuse a line we took
      while (result.hasSubcommand()) {
        result = result.subcommand();
      }
      Object expected = result.commandSpec().userObject();
      assertThat(values(fast)).as(String.join(" ", args)).isEqualTo(values(expected));
      MeshctlCommand picocliRoot = picocli.getCommand();
      assertThat(fastRoot.verbosity().verbose()).isEqualTo(picocliRoot.verbosity().verbose());
      assertThat(fastRoot.verbosity().quiet()).isEqualTo(picocliRoot.verbosity().quiet());
    }
    assertThat(taken).as("lines the fast path took").isGreaterThan(total / 20);
  }

  /** Every option and parameter field, mixins' included, by name. */
  private static Map<String, Object> values(Object command) throws IllegalAccessException {
    Map<String, Object> out = new java.util.TreeMap<>();
    for (Field f : command.getClass().getDeclaredFields()) {
      f.setAccessible(true);
      if (f.isAnnotationPresent(Option.class) || f.isAnnotationPresent(Parameters.class)) {
        out.put(f.getName(), f.get(command));
      } else if (f.isAnnotationPresent(Mixin.class)) {
        values(f.get(command)).forEach((k, v) -> out.put(f.getName() + "." + k, v));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static String[] a(String... parts) {
    return parts;
  }
}
