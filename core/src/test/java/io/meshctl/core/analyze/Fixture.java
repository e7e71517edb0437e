package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.cert.CertIssuer;
import io.meshctl.core.cert.IssueRequest;
import io.meshctl.core.cert.Issued;
import io.meshctl.core.cert.KeySpec;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cert.Profile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Analyzer tests over YAML: {@link #live} treats the YAML as what the cluster holds (every common
 * kind counts as read, so "no pods" is a fact), {@link #files} as {@code --use-kube=false} files
 * named {@code test.yaml} (field lines recorded).
 */
public final class Fixture {

  public static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  /** The kinds a live run always reads. */
  static final Set<String> LIVE_KINDS = Set.of(Kinds.POD, Kinds.SERVICE, Kinds.NAMESPACE, Kinds.NODE, Kinds.SECRET,
      Kinds.CONFIG_MAP, Kinds.DEPLOYMENT, Kinds.MUTATING_WEBHOOK, Kinds.VIRTUAL_SERVICE, Kinds.DESTINATION_RULE,
      Kinds.GATEWAY, Kinds.SERVICE_ENTRY, Kinds.SIDECAR, Kinds.PEER_AUTHENTICATION, Kinds.REQUEST_AUTHENTICATION,
      Kinds.AUTHORIZATION_POLICY, Kinds.ENVOY_FILTER, Kinds.TELEMETRY, Kinds.K8S_GATEWAY);

  private Fixture() {
  }

  public static MeshObjects files(String yaml) {
    MeshObjects.Builder b = MeshObjects.builder("default", "istio-system");
    for (Document d : ManifestReader.parse(yaml, "test.yaml", true)) {
      b.addDocument(d, false);
    }
    return b.build();
  }

  public static MeshObjects live(String yaml) {
    MeshObjects.Builder b = MeshObjects.builder("default", "istio-system");
    for (JsonNode o : Manifests.objects(ManifestReader.parse(yaml, "cluster.yaml"))) {
      b.add(o, null);
    }
    LIVE_KINDS.forEach(k -> b.addCluster(k, List.of()));
    return b.apis(new MeshSnapshot.ApiFlavours(false, true)).build();
  }

  /** A kubernetes.io/tls Secret whose certificate names {@code dns}, valid in [notBefore, notAfter]. */
  public static String tlsSecret(String name, String ns, List<String> dns, Instant notBefore, Instant notAfter) {
    Issued issued = new CertIssuer().issue(new IssueRequest(Profile.SERVER, dns.get(0), null, dns, List.of(),
        List.of(), notBefore, notAfter, KeySpec.DEFAULT, null, null)).issued();
    Base64.Encoder b64 = Base64.getEncoder();
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n"
        + "type: kubernetes.io/tls\ndata:\n"
        + "  tls.crt: " + b64.encodeToString(Pem.certificate(issued.cert()).getBytes(StandardCharsets.UTF_8)) + "\n"
        + "  tls.key: " + b64.encodeToString(Pem.privateKey(issued.key(), null).getBytes(StandardCharsets.UTF_8))
        + "\n";
  }

  /** The messages of one analyzer, sorted as the command prints them. */
  public static List<Message> run(Analyzer a, MeshObjects objects) {
    return Analyzers.run(objects, List.of(a), NOW).messages();
  }

  /** The messages as log lines, for compact assertions. */
  public static List<String> lines(Analyzer a, MeshObjects objects) {
    return run(a, objects).stream().map(Message::line).toList();
  }
}
