package io.meshctl.core.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.Reporter;
import io.meshctl.core.analyze.Analyzer;
import io.meshctl.core.analyze.Analyzers;
import io.meshctl.core.analyze.Code;
import io.meshctl.core.analyze.Level;
import io.meshctl.core.analyze.Message;
import io.meshctl.core.authn.DestinationRules;
import io.meshctl.core.authn.TlsCheck;
import io.meshctl.core.authn.TlsCheckRow;
import io.meshctl.core.cert.CertInfo;
import io.meshctl.core.cert.GatewayTls;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.describe.PodDescription.Finding;
import io.meshctl.core.describe.PodDescription.GatewayView;
import io.meshctl.core.describe.PodDescription.MtlsView;
import io.meshctl.core.describe.PodDescription.PortView;
import io.meshctl.core.describe.PodDescription.RouteView;
import io.meshctl.core.describe.PodDescription.RuleView;
import io.meshctl.core.describe.PodDescription.ServerView;
import io.meshctl.core.describe.PodDescription.ServiceView;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.Hosts;
import io.meshctl.core.mesh.MeshSnapshot;
import io.meshctl.core.mesh.PortProtocol;
import io.meshctl.core.mesh.MeshSnapshot.Pod;
import io.meshctl.core.mesh.MeshSnapshot.Service;
import io.meshctl.core.mesh.MeshSnapshot.ServicePort;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link PodDescription} from one {@link DescribeInput}. Pure; the Services, rules and
 * verdicts are those tls-check and route decide with, so describe never disagrees with them.
 */
public final class PodDescriber {

  private final DescribeInput input;
  private final MeshSnapshot snapshot;
  private final PodFacts facts;
  private final Pod pod;
  private final TlsCheck check;
  private final boolean legacy;
  private final List<Service> services = new ArrayList<>();
  /** Service host → the rule that applies and the subsets the pod falls in. */
  private final Map<String, RuleView> rules = new LinkedHashMap<>();
  private final List<RouteView> routes = new ArrayList<>();
  /** {@code namespace/name} of each Gateway the routes name, in order. */
  private final Set<String> gatewayNames = new LinkedHashSet<>();

  private PodDescriber(DescribeInput input, Reporter reporter) {
    this.input = input;
    this.snapshot = input.snapshot();
    this.facts = PodFacts.of(input.pod());
    this.pod = snapshot.pod(facts.name(), facts.namespace()).orElseThrow(() -> new MeshctlException.NotFound(
        "pod \"" + facts.name() + "\" not found in namespace \"" + facts.namespace() + "\""));
    this.check = TlsCheck.of(snapshot, reporter);
    this.legacy = check.flavour() == TlsCheck.Flavour.LEGACY;
    for (Service s : snapshot.services()) {
      if (s.namespace().equals(pod.namespace()) && MeshSnapshot.selects(s.selector(), pod.labels())) {
        services.add(s);
      }
    }
    for (Service s : services) {
      DestinationRules.select(snapshot, legacy, pod.namespace(), pod.labels(), s.host(), s.namespace())
          .ifPresent(r -> rules.put(s.host(), rule(r, s)));
    }
    for (JsonNode vs : snapshot.virtualServices()) {
      routesOf(vs);
    }
  }

  public static PodDescriber of(DescribeInput input, Reporter reporter) {
    return new PodDescriber(input, reporter);
  }

  /**
   * The certificate secrets the Gateways present, as {@code namespace/name}: what a loader reads after
   * the snapshot and passes back in {@link DescribeInput#secrets}.
   */
  public Set<String> secretsToRead() {
    Set<String> out = new LinkedHashSet<>();
    for (String g : gatewayNames) {
      JsonNode gw = gateway(g);
      if (gw != null) {
        for (JsonNode server : gw.path("spec").path("servers")) {
          String secret = secretOf(gw, server);
          if (secret != null) {
            out.add(secret);
          }
        }
      }
    }
    return out;
  }

  public PodDescription describe(Instant now) {
    List<ServiceView> serviceViews = new ArrayList<>();
    for (Service s : services) {
      List<PortView> ports = new ArrayList<>();
      for (ServicePort p : s.ports()) {
        PortProtocol proto = p.istioProtocol();
        ports.add(new PortView(p.name(), p.port(), String.valueOf(p.targetPortFor(pod)), proto.protocol(),
            proto.from()));
      }
      serviceViews.add(new ServiceView(s.name(), s.host(), ports));
    }
    List<GatewayView> gateways = new ArrayList<>();
    for (String g : gatewayNames) {
      gateways.add(gatewayView(g, now));
    }
    List<MtlsView> mtls = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (Service s : services) {
      List<TlsCheckRow> rows = check.forPod(pod, s.host());
      for (ServicePort port : s.ports()) {
        TlsCheck.ServerSide server = check.serverSide(pod, s, port);
        for (TlsCheckRow r : rows) {
          if (r.port() != port.port()) {
            continue;
          }
          String subset = r.host().contains("|") ? r.host().substring(r.host().indexOf('|') + 1) : null;
          mtls.add(new MtlsView(s.host(), port.port(), subset, server.mode() == null ? "NO-SIDECAR" : server.mode(),
              server.policy(), r.status().name(), r.client(), r.destinationRule(), r.reason(), r.fix()));
        }
      }
    }
    findings(mtls, findings, now);
    // what RBAC kept from being read is the reader's note (DescribeInput#notes), said on stderr
    List<String> notes = new ArrayList<>();
    if (services.isEmpty()) {
      notes.add("no Service in namespace " + pod.namespace() + " selects the pod: nothing in the mesh routes to it");
    }
    return new PodDescription(facts.name(), facts.namespace(), facts.workload(), facts.phase(), facts.readyText(),
        facts.proxy(), serviceViews, List.copyOf(rules.values()), routes, gateways, mtls, findings, notes);
  }

  /**
   * Analyzers that judge objects describe does not read (the ingress gateway's Services,
   * RequestAuthentications): over its narrower load they would report what is not wrong.
   */
  private static final Set<String> NEEDS_MORE_THAN_DESCRIBE_READS = Set.of("gateway.IngressGatewayPortAnalyzer",
      "virtualservice.JWTClaimRouteAnalyzer");

  /**
   * What is wrong with the pod: its sidecar, every tls-check CONFLICT on its ports, and the
   * analyzer's messages on the objects this description shows (the pod, its workload, its
   * namespace, its Services, rules, routes, gateways and peer policies), judged over the same load.
   */
  private void findings(List<MtlsView> mtls, List<Finding> out, Instant now) {
    PodFacts.Proxy proxy = facts.proxy();
    if (proxy == null) {
      out.add(new Finding(Level.WARNING.label, "sidecar", null, "the pod has no istio-proxy sidecar: it is not part "
          + "of the mesh (see meshctl check-inject " + facts.name() + " -n " + facts.namespace() + ")"));
    } else if (!proxy.ready()) {
      out.add(new Finding(Level.WARNING.label, "sidecar", null, "the istio-proxy container is not ready (state "
          + (proxy.state() == null ? "unknown" : proxy.state()) + ", " + proxy.restarts() + " restarts)"));
    }
    List<String> conflicts = new ArrayList<>();
    for (MtlsView m : mtls) {
      if ("CONFLICT".equals(m.status())) {
        String where = m.host() + ":" + m.port() + (m.subset() == null ? "" : " subset " + m.subset());
        conflicts.add("mTLS conflict for " + where);
        out.add(new Finding(Level.ERROR.label, "tls-check", null, "CONFLICT " + where + ": " + m.reason()
            + (m.fix() == null ? "" : "; fix: " + m.fix())));
      }
    }
    List<Analyzer> analyzers = Analyzers.all().stream()
        .filter(a -> !NEEDS_MORE_THAN_DESCRIBE_READS.contains(a.name())).toList();
    Set<String> concerned = concerned(mtls);
    for (Message m : Analyzers.run(input.objects(), analyzers, now).messages()) {
      if (m.resource() == null || !concerned.contains(m.origin()) || !withinLoad(m)) {
        continue;
      }
      // the same fact as a line above, which also says what to do
      boolean sameAsConflict = m.code() == Code.MTLS_CONFLICT
          && conflicts.stream().anyMatch(c -> m.text().startsWith(c + ":") || m.text().startsWith(c + " "));
      boolean sameAsNoSidecar = m.code() == Code.POD_MISSING_PROXY && proxy == null;
      if (!sameAsConflict && !sameAsNoSidecar) {
        out.add(new Finding(m.level().label, m.code().code, m.origin(), m.text()));
      }
    }
  }

  /** {@code Kind namespace/name} of every object this description shows, as analyzer messages name them. */
  private Set<String> concerned(List<MtlsView> mtls) {
    Set<String> out = new LinkedHashSet<>();
    String ns = pod.namespace();
    out.add("Pod " + ns + "/" + pod.name());
    out.add("Namespace " + ns);
    for (JsonNode owner : input.pod().path("metadata").path("ownerReferences")) {
      out.add(Manifests.text(owner, "kind") + " " + ns + "/" + Manifests.text(owner, "name"));
    }
    if (facts.workload() != null) {
      out.add(facts.workload().replaceFirst("/", " " + ns + "/"));
    }
    services.forEach(s -> out.add("Service " + s.namespace() + "/" + s.name()));
    rules.values().forEach(r -> out.add("DestinationRule " + r.name()));
    routes.forEach(r -> out.add("VirtualService " + r.virtualService()));
    gatewayNames.forEach(g -> out.add("Gateway " + g));
    for (MtlsView m : mtls) {
      String policy = m.serverPolicy();
      if (policy != null) {
        out.add(!legacy ? "PeerAuthentication " + policy
            : policy.startsWith("/") ? "MeshPolicy " + policy.substring(1) : "Policy " + policy);
      }
    }
    return out;
  }

  /**
   * Whether describe read what the message is judged against: a VirtualService destination outside
   * the pod's namespace is checked against Services and DestinationRules it did not read.
   */
  private boolean withinLoad(Message m) {
    String field = m.field();
    if (!m.resource().kind().equals("VirtualService") || field == null || !field.endsWith("host}")) {
      return true;
    }
    JsonNode host = m.resource().tree().at(pointer(field));
    if (host.isMissingNode()) {
      // istioctl's key for mirrors[] lacks ".destination"
      host = m.resource().tree().at(pointer(field.replace(".host}", ".destination.host}")));
    }
    if (!host.isTextual()) {
      return true;
    }
    String[] svc = Hosts.service(Hosts.resolve(host.asText(), m.resource().namespace(), snapshot.domain()));
    return svc != null && svc[1].equals(pod.namespace());
  }

  /** istioctl's field key {@code {.spec.http[0].route[1].destination.host}} as a JSON pointer. */
  private static String pointer(String field) {
    return field.substring(1, field.length() - 1).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
  }

  // ---- DestinationRules ------------------------------------------------------------------------

  private RuleView rule(DestinationRules.Selected r, Service s) {
    List<String> subsets = new ArrayList<>();
    List<String> subsetModes = new ArrayList<>();
    for (JsonNode subset : r.subsets()) {
      Map<String, String> labels = MeshSnapshot.stringMap(subset.path("labels"));
      if (labels.isEmpty() || MeshSnapshot.selects(labels, pod.labels())) {
        String name = Manifests.text(subset, "name");
        subsets.add(name);
        String mode = tlsMode(subset.get("trafficPolicy"));
        if (mode != null) {
          subsetModes.add(name + "=" + mode);
        }
      }
    }
    return new RuleView(r.id(), s.host(), subsets, tlsMode(r.trafficPolicy()), subsetModes.isEmpty() ? null
        : subsetModes);
  }

  /** {@code tls: {}} is DISABLE (the enum's zero); no tls is unset. */
  private static String tlsMode(JsonNode trafficPolicy) {
    if (trafficPolicy == null || trafficPolicy.isNull() || !trafficPolicy.has("tls")
        || trafficPolicy.get("tls").isNull()) {
      return null;
    }
    return Optional.ofNullable(Manifests.text(trafficPolicy.get("tls"), "mode")).orElse("DISABLE");
  }

  // ---- VirtualServices -------------------------------------------------------------------------

  private void routesOf(JsonNode vs) {
    String vsNs = snapshot.namespaceOf(vs);
    String id = vsNs + "/" + Manifests.text(vs.path("metadata"), "name");
    List<String> hosts = texts(vs.path("spec").path("hosts"));
    List<String> gws = texts(vs.path("spec").path("gateways"));
    boolean matched = false;
    for (String section : List.of("http", "tcp", "tls")) {
      int i = 0;
      for (JsonNode route : vs.path("spec").path(section)) {
        JsonNode dests = route.path("route");
        int sum = 0;
        for (JsonNode d : dests) {
          sum += dests.size() == 1 ? 100 : d.path("weight").asInt(0);
        }
        for (JsonNode d : dests) {
          String host = Hosts.resolve(Manifests.text(d.path("destination"), "host"), vsNs, snapshot.domain());
          String subset = Manifests.text(d.path("destination"), "subset");
          RuleView rule = rules.get(host);
          boolean ours = services.stream().anyMatch(s -> s.host().equals(host))
              && (subset == null || rule != null && rule.subsets().contains(subset));
          if (ours) {
            int weight = dests.size() == 1 ? 100 : d.path("weight").asInt(0);
            routes.add(new RouteView(id, hosts, gws.isEmpty() ? List.of("mesh") : gws, section + "[" + i + "]", host,
                subset, weight, sum == 0 ? 0 : Math.round(weight * 1000.0 / sum) / 10.0));
            matched = true;
          }
        }
        i++;
      }
    }
    if (matched) {
      for (String g : gws) {
        if (!g.equals("mesh")) {
          gatewayNames.add(g.contains("/") ? g : vsNs + "/" + g);
        }
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---- Gateways --------------------------------------------------------------------------------

  private JsonNode gateway(String nsName) {
    for (JsonNode g : input.gateways()) {
      if (nsName.equals(snapshot.namespaceOf(g) + "/" + Manifests.text(g.path("metadata"), "name"))) {
        return g;
      }
    }
    return null;
  }

  /**
   * The secret a server presents, as {@code namespace/name}: a {@code credentialName} (or the legacy
   * file mount of {@code istio-ingressgateway-certs}) is read in the namespace of the gateway's pods
   * (mesh-policy.md §4.4); null for a server without its own certificate.
   */
  private String secretOf(JsonNode gw, JsonNode server) {
    JsonNode tls = server.path("tls");
    String name = Manifests.text(tls, "credentialName");
    String file = Manifests.text(tls, "serverCertificate");
    if (name == null && file != null && file.startsWith(GatewayTls.LEGACY_MOUNT)) {
      name = "istio-ingressgateway-certs";
    }
    if (name == null) {
      return null;
    }
    Map<String, String> selector = MeshSnapshot.stringMap(gw.path("spec").path("selector"));
    String ns = snapshot.pods().stream().filter(p -> MeshSnapshot.selects(selector, p.labels()))
        .map(Pod::namespace).findFirst().orElse(snapshot.namespaceOf(gw));
    return ns + "/" + name;
  }

  private GatewayView gatewayView(String nsName, Instant now) {
    JsonNode gw = gateway(nsName);
    if (gw == null) {
      return new GatewayView(nsName, List.of(), "not found: a VirtualService names it, but no such Gateway exists");
    }
    List<ServerView> servers = new ArrayList<>();
    for (JsonNode s : gw.path("spec").path("servers")) {
      JsonNode port = s.path("port");
      String portText = port.path("number").asText("?") + (port.has("name") ? " (" + port.path("name").asText() + ")"
          : "");
      JsonNode tls = s.path("tls");
      String mode = tls.isObject() ? Optional.ofNullable(Manifests.text(tls, "mode")).orElse("PASSTHROUGH") : null;
      String credential = Optional.ofNullable(Manifests.text(tls, "credentialName"))
          .orElse(Manifests.text(tls, "serverCertificate"));
      String secret = secretOf(gw, s);
      String notAfter = null;
      Long days = null;
      List<String> sans = null;
      String note = null;
      if (secret != null) {
        if (!input.secrets().containsKey(secret)) {
          note = "secret " + secret + " was not read";
        } else if (input.secrets().get(secret) == null) {
          note = "secret " + secret + " does not exist: the gateway cannot serve TLS on this port";
        } else {
          try {
            X509Certificate leaf = leaf(input.secrets().get(secret), secret);
            notAfter = leaf.getNotAfter().toInstant().toString();
            // rounded as cert inspect rounds, so both say the same number of days
            days = Math.floorDiv(Duration.between(now, leaf.getNotAfter().toInstant()).getSeconds() + 43_200, 86_400);
            sans = CertInfo.hostNames(leaf);
          } catch (MeshctlException.InvalidInput e) {
            note = e.getMessage();
          }
        }
      }
      servers.add(new ServerView(portText, Manifests.text(port, "protocol"), texts(s.path("hosts")), mode, credential,
          secret, notAfter, days, sans, note));
    }
    return new GatewayView(nsName, servers, null);
  }

  /** The first certificate of {@code tls.crt} (or {@code cert}, the generic SDS layout). */
  private static X509Certificate leaf(JsonNode secret, String id) {
    JsonNode data = secret.path("data");
    String key = data.has("tls.crt") ? "tls.crt" : data.has("cert") ? "cert" : null;
    if (key == null) {
      throw new MeshctlException.InvalidInput("secret " + id + " has neither tls.crt nor cert");
    }
    String pem;
    try {
      pem = new String(Base64.getMimeDecoder().decode(data.path(key).asText()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MeshctlException.InvalidInput("secret " + id + " " + key + " is not base64", e);
    }
    return Pem.certificates(pem, "secret " + id + " " + key).get(0);
  }
}
