package io.meshctl.core.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.SnapshotBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario = a small mesh (YAML) + the rows tls-check must print for pod {@code client} in
 * {@code default}, written "host:port STATUS SERVER CLIENT AUTHN DR" with the host's
 * {@code .svc.cluster.local} dropped. The section of mesh-policy.md each one pins is in its name.
 */
class TlsCheckScenariosTest {

  /** Client pod (sidecar) in default, service svc (80 -> 8080) with one sidecar pod; ns other has svc2. */
  static final String MESH = """
      apiVersion: v1
      kind: Pod
      metadata: {name: client, namespace: default, labels: {app: client}}
      spec: {containers: [{name: app, image: x}, {name: istio-proxy, image: proxyv2}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: svc, namespace: default}
      spec: {selector: {app: svc}, ports: [{name: http, port: 80, targetPort: 8080}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: svc-1, namespace: default, labels: {app: svc, version: v1}}
      spec: {containers: [{name: app, image: x, ports: [{containerPort: 8080}]}, {name: istio-proxy, image: proxyv2}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: svc2, namespace: other}
      spec: {selector: {app: svc2}, ports: [{name: tcp, port: 9000}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: svc2-1, namespace: other, labels: {app: svc2}, annotations: {sidecar.istio.io/status: '{}'}}
      spec: {containers: [{name: app, image: x}]}
      """;

  static final String AUTO_OFF = config(false);
  static final String AUTO_ON = config(true);

  static String config(boolean auto) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: istio, namespace: istio-system}
        data: {mesh: "rootNamespace: istio-system\\nenableAutoMtls: %s"}
        """.formatted(auto);
  }

  static final String MESH_STRICT = """
      apiVersion: authentication.istio.io/v1alpha1
      kind: MeshPolicy
      metadata: {name: default}
      spec: {peers: [{mtls: {}}]}
      """;

  /** A Policy that applies to nothing here: makes a mesh without MeshPolicy a legacy one. */
  static final String LEGACY = """
      apiVersion: authentication.istio.io/v1alpha1
      kind: Policy
      metadata: {name: default, namespace: unrelated}
      spec: {peers: [{mtls: {}}]}
      """;

  static final String PA_STRICT = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: default, namespace: istio-system}
      spec: {mtls: {mode: STRICT}}
      """;

  static String dr(String ns, String name, String host, String tls) {
    return """
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata: {name: %s, namespace: %s}
        spec: {host: "%s", trafficPolicy: {tls: {mode: %s}}}
        """.formatted(name, ns, host, tls);
  }

  /** A rule for svc whose port-80 entry sets no tls (so, for that port, replaces the rule's {@code tls}). */
  static String portEntryWithoutTls(String apiVersion, String ruleTls) {
    return """
        apiVersion: %s
        kind: DestinationRule
        metadata: {name: svc, namespace: default}
        spec:
          host: svc
          trafficPolicy:
            tls: {mode: %s}
            portLevelSettings: [{port: {number: 80}, connectionPool: {tcp: {maxConnections: 1}}}]
        """.formatted(apiVersion, ruleTls);
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        // ---- legacy: server side (§1.1-1.3) ----
        Arguments.of("1.2 no policy: plaintext only, auto off", List.of(AUTO_OFF, LEGACY),
            List.of("svc.default:80 OK DISABLE - - -", "svc2.other:9000 OK DISABLE - - -")),
        Arguments.of("1.7/2.7 STRICT MeshPolicy, no DR, auto off: effective CONFLICT", List.of(AUTO_OFF, MESH_STRICT),
            List.of("svc.default:80 CONFLICT STRICT - /default -", "svc2.other:9000 CONFLICT STRICT - /default -")),
        Arguments.of("seed: STRICT MeshPolicy + DR DISABLE", List.of(AUTO_OFF, MESH_STRICT,
            dr("default", "svc", "svc", "DISABLE"), dr("other", "svc2", "svc2", "ISTIO_MUTUAL")),
            List.of("svc.default:80 CONFLICT STRICT DISABLE /default default/svc",
                "svc2.other:9000 OK STRICT ISTIO_MUTUAL /default other/svc2")),
        Arguments.of("1.2 PERMISSIVE accepts both; SIMPLE conflicts", List.of(AUTO_OFF, """
            apiVersion: authentication.istio.io/v1alpha1
            kind: MeshPolicy
            metadata: {name: default}
            spec: {peers: [{mtls: {mode: PERMISSIVE}}]}
            """, dr("default", "svc", "svc", "DISABLE"), dr("other", "svc2", "svc2", "SIMPLE")),
            List.of("svc.default:80 OK PERMISSIVE DISABLE /default default/svc",
                "svc2.other:9000 CONFLICT PERMISSIVE SIMPLE /default other/svc2")),
        Arguments.of("1.2 policies do not merge: namespace Policy without peers turns mTLS off", List.of(AUTO_OFF,
            MESH_STRICT, """
            apiVersion: authentication.istio.io/v1alpha1
            kind: Policy
            metadata: {name: default, namespace: other}
            spec: {origins: [{jwt: {issuer: x}}]}
            """, dr("other", "svc2", "svc2", "ISTIO_MUTUAL")),
            List.of("svc.default:80 CONFLICT STRICT - /default -",
                "svc2.other:9000 CONFLICT DISABLE ISTIO_MUTUAL other/default other/svc2")),
        Arguments.of("1.3 service-targeted Policy by service port number and by name", List.of(AUTO_OFF, MESH_STRICT, """
            apiVersion: authentication.istio.io/v1alpha1
            kind: Policy
            metadata: {name: by-port, namespace: default}
            spec: {targets: [{name: svc, ports: [{number: 8080}]}], peers: [{mtls: {mode: PERMISSIVE}}]}
            ---
            apiVersion: authentication.istio.io/v1alpha1
            kind: Policy
            metadata: {name: by-name, namespace: other}
            spec: {targets: [{name: svc2, ports: [{name: tcp}]}], peers: [{mtls: {mode: PERMISSIVE}}]}
            """),
            List.of("svc.default:80 CONFLICT STRICT - /default -",
                "svc2.other:9000 OK PERMISSIVE - other/by-name -")),
        Arguments.of("1.7 auto mTLS on (1.4): AUTO", List.of(AUTO_ON, MESH_STRICT),
            List.of("svc.default:80 AUTO STRICT - /default -", "svc2.other:9000 AUTO STRICT - /default -")),
        // ---- legacy: DestinationRule selection (§1.5/1.6) ----
        Arguments.of("1.5 client-namespace wildcard beats exact rule in the service namespace", List.of(AUTO_OFF,
            MESH_STRICT, dr("default", "all", "*.local", "DISABLE"), dr("other", "svc2", "svc2", "ISTIO_MUTUAL")),
            List.of("svc.default:80 CONFLICT STRICT DISABLE /default default/all",
                "svc2.other:9000 CONFLICT STRICT DISABLE /default default/all")),
        Arguments.of("1.5 private rule of another namespace is not seen; root exported rule is", List.of(AUTO_OFF,
            MESH_STRICT, """
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: svc2, namespace: other}
            spec: {host: svc2, exportTo: ["."], trafficPolicy: {tls: {mode: DISABLE}}}
            """, dr("istio-system", "default", "*.local", "ISTIO_MUTUAL"), dr("third", "x", "*.local", "DISABLE")),
            List.of("svc.default:80 OK STRICT ISTIO_MUTUAL /default istio-system/default",
                "svc2.other:9000 OK STRICT ISTIO_MUTUAL /default istio-system/default")),
        Arguments.of("1.4 a name with a dot is verbatim and never matches the FQDN", List.of(AUTO_OFF, LEGACY,
            dr("default", "svc", "svc.default", "ISTIO_MUTUAL")),
            List.of("svc.default:80 OK DISABLE - - -", "svc2.other:9000 OK DISABLE - - -")),
        Arguments.of("1.5 same host twice: merged into the oldest, its policy and name win", List.of(AUTO_OFF, LEGACY, """
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: newer, namespace: default, creationTimestamp: "2020-02-01T00:00:00Z"}
            spec: {host: svc, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}
            ---
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: older, namespace: default, creationTimestamp: "2020-01-01T00:00:00Z"}
            spec: {host: svc, trafficPolicy: {tls: {mode: DISABLE}}}
            """), List.of("svc.default:80 OK DISABLE DISABLE - default/older", "svc2.other:9000 OK DISABLE - - -")),
        Arguments.of("1.6 a port entry replaces everything: no tls there means none", List.of(AUTO_OFF, MESH_STRICT,
            portEntryWithoutTls("networking.istio.io/v1alpha3", "ISTIO_MUTUAL")),
            List.of("svc.default:80 CONFLICT STRICT - /default default/svc",
                "svc2.other:9000 CONFLICT STRICT - /default -")),
        Arguments.of("1.6 subset with its own tls: an extra host|subset row", List.of(AUTO_OFF, MESH_STRICT, """
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: svc, namespace: default}
            spec:
              host: svc
              trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: v2}, trafficPolicy: {tls: {mode: DISABLE}}}
            """), List.of("svc.default:80 OK STRICT ISTIO_MUTUAL /default default/svc",
                "svc.default|v2:80 CONFLICT STRICT DISABLE /default default/svc",
                "svc2.other:9000 CONFLICT STRICT - /default -")),
        // ---- current: PeerAuthentication (§2.1) ----
        Arguments.of("2.1 no PeerAuthentication: PERMISSIVE, auto mTLS", List.of(AUTO_ON, """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: unset, namespace: other}
            spec: {}
            """), List.of("svc.default:80 AUTO PERMISSIVE - - -", "svc2.other:9000 AUTO PERMISSIVE - - -")),
        Arguments.of("seed current: mesh STRICT + DR DISABLE / ISTIO_MUTUAL", List.of(AUTO_ON, PA_STRICT,
            dr("default", "svc", "svc", "DISABLE"), dr("other", "svc2", "svc2", "ISTIO_MUTUAL")),
            List.of("svc.default:80 CONFLICT STRICT DISABLE istio-system/default default/svc",
                "svc2.other:9000 OK STRICT ISTIO_MUTUAL istio-system/default other/svc2")),
        Arguments.of("2.1 namespace over mesh, workload over namespace, UNSET inherits", List.of(AUTO_OFF, PA_STRICT, """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: ns, namespace: other}
            spec: {mtls: {mode: PERMISSIVE}}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: wl, namespace: default}
            spec: {selector: {matchLabels: {app: svc}}, mtls: {mode: UNSET}}
            """), List.of("svc.default:80 CONFLICT STRICT - istio-system/default -",
                "svc2.other:9000 OK PERMISSIVE - other/ns -")),
        Arguments.of("2.1 portLevelMtls keys are target ports (8080), not service ports", List.of(AUTO_OFF, PA_STRICT, """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: wl, namespace: default}
            spec: {selector: {matchLabels: {app: svc}}, portLevelMtls: {"8080": {mode: DISABLE}}}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: wl2, namespace: other}
            spec: {selector: {matchLabels: {app: svc2}}, portLevelMtls: {"80": {mode: DISABLE}}}
            """), List.of("svc.default:80 OK DISABLE - default/wl -",
                "svc2.other:9000 CONFLICT STRICT - istio-system/default -")),
        Arguments.of("2.1 a selector PA in the root namespace is ignored", List.of(AUTO_OFF, """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: sel, namespace: istio-system}
            spec: {selector: {matchLabels: {app: svc}}, mtls: {mode: STRICT}}
            """), List.of("svc.default:80 OK PERMISSIVE - - -", "svc2.other:9000 OK PERMISSIVE - - -")),
        // ---- current: auto mTLS and the truth table (§2.4/2.5) ----
        Arguments.of("2.5 recipe 4: namespace DISABLE + workload STRICT, auto picks plaintext", List.of(AUTO_ON, """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: ns, namespace: default}
            spec: {mtls: {mode: DISABLE}}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: wl, namespace: default}
            spec: {selector: {matchLabels: {app: svc}}, mtls: {mode: STRICT}}
            """), List.of("svc.default:80 CONFLICT STRICT - default/wl -", "svc2.other:9000 AUTO PERMISSIVE - - -")),
        Arguments.of("2.4 endpoint stage: a port entry without tls falls to the rule's DISABLE", List.of(AUTO_ON,
            PA_STRICT, portEntryWithoutTls("networking.istio.io/v1", "DISABLE")),
            List.of("svc.default:80 CONFLICT STRICT - istio-system/default default/svc",
                "svc2.other:9000 AUTO STRICT - istio-system/default -")),
        // ---- current: DestinationRule selection (§2.2) ----
        Arguments.of("2.2 exportTo a named namespace: visible there only", List.of(AUTO_ON, PA_STRICT, """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: to-default, namespace: other}
            spec: {host: svc2, exportTo: [default], trafficPolicy: {tls: {mode: DISABLE}}}
            """), List.of("svc.default:80 AUTO STRICT - istio-system/default -",
                "svc2.other:9000 CONFLICT STRICT DISABLE istio-system/default other/to-default")),
        Arguments.of("2.2 filtered most specific host: search moves to the root namespace", List.of(AUTO_ON, PA_STRICT, """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: elsewhere, namespace: other}
            spec: {host: svc2, exportTo: [third], trafficPolicy: {tls: {mode: SIMPLE}}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: wide, namespace: other}
            spec: {host: "*.other.svc.cluster.local", trafficPolicy: {tls: {mode: DISABLE}}}
            """, dr("istio-system", "mesh", "*.local", "ISTIO_MUTUAL")),
            List.of("svc.default:80 OK STRICT ISTIO_MUTUAL istio-system/default istio-system/mesh",
                "svc2.other:9000 OK STRICT ISTIO_MUTUAL istio-system/default istio-system/mesh")),
        Arguments.of("2.2 workloadSelector rule applies to the pods it selects", List.of(AUTO_ON, PA_STRICT, """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: for-client, namespace: default}
            spec: {host: svc2.other.svc.cluster.local, workloadSelector: {matchLabels: {app: client}},
                   trafficPolicy: {tls: {mode: DISABLE}}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: for-others, namespace: default}
            spec: {host: svc.default.svc.cluster.local, workloadSelector: {matchLabels: {app: nobody}},
                   trafficPolicy: {tls: {mode: DISABLE}}}
            """), List.of("svc.default:80 AUTO STRICT - istio-system/default -",
                "svc2.other:9000 CONFLICT STRICT DISABLE istio-system/default default/for-client")),
        Arguments.of("2.5 ISTIO_MUTUAL to a server without sidecar; SIMPLE to one is fine", List.of(AUTO_ON, """
            apiVersion: v1
            kind: Pod
            metadata: {name: svc2-1, namespace: other, labels: {app: svc2}, annotations: {sidecar.istio.io/inject: "false"}}
            spec: {containers: [{name: app, image: x}]}
            """, dr("other", "svc2", "svc2", "ISTIO_MUTUAL"), dr("default", "svc", "svc", "SIMPLE")),
            List.of("svc.default:80 CONFLICT PERMISSIVE SIMPLE - default/svc",
                "svc2.other:9000 CONFLICT NO-SIDECAR ISTIO_MUTUAL - other/svc2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(String name, List<String> extra, List<String> expected) {
    assertThat(rows(forClient(extra, null))).as(name).containsExactlyElementsOf(expected);
  }

  @Test
  void conflictRowsSayWhyAndHowToFix() {
    List<String> mesh = List.of(AUTO_OFF, MESH_STRICT, dr("default", "svc", "svc", "DISABLE"));
    TlsCheckRow row = forClient(mesh, "svc").get(0);
    assertThat(row.reason()).isEqualTo("DestinationRule default/svc sets DISABLE but MeshPolicy default requires mTLS");
    assertThat(row.fix()).isEqualTo("set tls.mode ISTIO_MUTUAL in DestinationRule default/svc or remove the override");
  }

  @Test
  void clientWithoutSidecarSendsPlaintext() {
    List<String> mesh = List.of(AUTO_ON, PA_STRICT, """
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: default, labels: {app: client, sidecar.istio.io/inject: "false"}}
        spec: {containers: [{name: app, image: x}]}
        """);
    assertThat(rows(forClient(mesh, "svc")))
        .containsExactly("svc.default:80 CONFLICT STRICT NO-SIDECAR istio-system/default -");
  }

  @Test
  void rootNamespaceClientsUseTheRootsPrivateRules() {
    List<String> mesh = List.of(AUTO_ON, PA_STRICT, """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: private, namespace: istio-system}
        spec: {host: "*.local", exportTo: ["."], trafficPolicy: {tls: {mode: DISABLE}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: gw, namespace: istio-system, labels: {app: gw}}
        spec: {containers: [{name: istio-proxy, image: proxyv2}]}
        """);
    TlsCheck check = check(mesh);
    assertThat(rows(check.forPod(check.pod("gw", "istio-system"), "svc.default")))
        .containsExactly("svc.default:80 CONFLICT STRICT DISABLE istio-system/default istio-system/private");
    assertThat(rows(check.forPod(client(check), "svc"))).containsExactly("svc.default:80 AUTO STRICT - istio-system/default -");
  }

  @Test
  void serviceFilterTakesShortNameOrFqdnAndUnknownIs66() {
    List<String> mesh = List.of(AUTO_ON);
    TlsCheck check = check(mesh);
    assertThat(rows(check.forPod(client(check), "svc2.other.svc.cluster.local"))).hasSize(1);
    assertThat(rows(check.forPod(client(check), "svc2"))).containsExactly("svc2.other:9000 AUTO PERMISSIVE - - -");
    assertThatThrownBy(() -> check.forPod(client(check), "nope")).isInstanceOf(MeshctlException.NotFound.class)
        .hasMessageContaining("service nope not found");
  }

  @Test
  void podNotFoundNamesPodAndNamespace() {
    assertThatThrownBy(() -> check(List.of()).pod("ghost", "prod")).isInstanceOf(MeshctlException.NotFound.class)
        .hasMessageContaining("pod \"ghost\" not found in namespace \"prod\"");
  }

  @Test
  void bothFlavoursPresentPeerAuthenticationDecidesAndSaysSo() {
    List<String> warnings = new ArrayList<>();
    Reporter r = new Reporter() {
      public void info(String m) { }
      public void warn(String m) { warnings.add(m); }
      public void debug(String m) { }
      public boolean isDebugEnabled() { return false; }
    };
    TlsCheck check = TlsCheck.of(snapshot(List.of(AUTO_ON, MESH_STRICT, """
        apiVersion: security.istio.io/v1beta1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: PERMISSIVE}}
        """)), r);
    assertThat(check.flavour()).isEqualTo(TlsCheck.Flavour.CURRENT);
    assertThat(warnings).singleElement().asString().contains("PeerAuthentication decides");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("""
            apiVersion: authentication.istio.io/v1alpha1
            kind: MeshPolicy
            metadata: {name: strict}
            spec: {peers: [{mtls: {}}]}
            """, "MeshPolicy strict: metadata.name"),
        Arguments.of("""
            apiVersion: authentication.istio.io/v1alpha1
            kind: Policy
            metadata: {name: default, namespace: default}
            spec: {targets: [{name: svc}]}
            """, "Policy default/default: spec.targets"),
        Arguments.of("""
            apiVersion: authentication.istio.io/v1alpha1
            kind: Policy
            metadata: {name: p, namespace: default}
            spec: {targets: [{name: svc.default}], peers: [{mtls: {mode: STRICT}}]}
            """, "Policy default/p: spec.targets[0].name"),
        Arguments.of("""
            apiVersion: authentication.istio.io/v1alpha1
            kind: MeshPolicy
            metadata: {name: default}
            spec: {peers: [{mtls: {mode: STRICTLY}}]}
            """, "MeshPolicy default: spec.peers[0].mtls.mode"),
        Arguments.of("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: ns, namespace: default}
            spec: {portLevelMtls: {"8080": {mode: DISABLE}}}
            """, "PeerAuthentication default/ns: spec.portLevelMtls: mesh/namespace peer authentication cannot have"),
        Arguments.of("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: ns, namespace: default}
            spec: {mtls: {mode: ON}}
            """, "PeerAuthentication default/ns: spec.mtls.mode"),
        Arguments.of("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: d, namespace: default}
            spec: {host: svc, trafficPolicy: {portLevelSettings: [{port: {number: 80}, tls: {mode: MTLS}}]}}
            """, "DestinationRule default/d: spec.trafficPolicy.portLevelSettings[0].tls.mode"),
        Arguments.of("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: d, namespace: default}
            spec: {trafficPolicy: {tls: {mode: DISABLE}}}
            """, "DestinationRule default/d: spec.host"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedPolicyIs65NamingObjectAndField(String yaml, String message) {
    assertThatThrownBy(() -> check(List.of(yaml))).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void meshWidePrintsSharedRowsOnceAndNamespaceOverridesSeparately() {
    List<String> mesh = List.of(AUTO_ON, PA_STRICT, """
        apiVersion: v1
        kind: Pod
        metadata: {name: other-client, namespace: third, labels: {app: c3}}
        spec: {containers: [{name: istio-proxy, image: proxyv2}]}
        """, dr("third", "local", "svc.default.svc.cluster.local", "DISABLE"));
    List<TlsCheckRow> rows = check(mesh).meshWide(Reporter.SILENT);
    assertThat(rows).extracting(r -> r.source() + " " + r.host().replace(".svc.cluster.local", "") + " " + r.status())
        .containsExactly("* svc.default AUTO", "* svc2.other AUTO", "third svc.default CONFLICT");
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** MESH plus the scenario's objects; a scenario object replaces MESH's of the same kind, namespace and name. */
  static MeshSnapshot snapshot(List<String> extra) {
    Map<String, JsonNode> objects = new LinkedHashMap<>();
    for (String yaml : Stream.concat(Stream.of(MESH), extra.stream()).toList()) {
      for (JsonNode o : Manifests.objects(ManifestReader.parse(yaml, "scenario.yaml"))) {
        objects.put(Manifests.describe(o), o);
      }
    }
    return new SnapshotBuilder("default", "istio-system", null).addAll(objects.values()).build(true, null);
  }

  static TlsCheck check(List<String> extra) {
    return TlsCheck.of(snapshot(extra), Reporter.SILENT);
  }

  static MeshSnapshot.Pod client(TlsCheck check) {
    return check.pod("client", "default");
  }

  /** The rows for the scenario's client pod, optionally only for {@code service}. */
  static List<TlsCheckRow> forClient(List<String> extra, String service) {
    TlsCheck check = check(extra);
    return check.forPod(client(check), service);
  }

  static List<String> rows(List<TlsCheckRow> rows) {
    return rows.stream().map(r -> r.host().replace(".svc.cluster.local", "") + ":" + r.port() + " " + r.status() + " "
        + r.server() + " " + r.client() + " " + r.authnPolicy() + " " + r.destinationRule()).toList();
  }
}
