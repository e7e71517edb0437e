package io.meshctl.core.inject;

import static io.meshctl.core.inject.Trees.F;
import static io.meshctl.core.inject.Trees.arr;
import static io.meshctl.core.inject.Trees.array;
import static io.meshctl.core.inject.Trees.obj;
import static io.meshctl.core.inject.Trees.object;
import static io.meshctl.core.manifest.Manifests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.TreeCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds the sidecar to one pod (a Pod, or a workload's pod template: an object with {@code metadata}
 * and {@code spec}), in place. What it adds is what Istio's default {@code sidecar} template renders
 * (reference §3) in the chosen {@link Shape}; user fields keep their values and their order, and
 * injected list entries are appended after the user's. {@code inject.istio.io/templates} may name
 * Istio's proxyless-gRPC templates instead: {@code grpc-agent} (an agent-only istio-proxy, nothing
 * intercepted) or {@code grpc-simple} (no proxy at all: an init container writes the xDS bootstrap).
 *
 * <p>The {@code sidecar.istio.io/status} annotation is written as Istio writes it, with exactly Istio's
 * keys ({@code initContainers}, {@code containers}, {@code volumes}, {@code imagePullSecrets},
 * {@code revision}): the names of the rendered templates' pod, in template order, each once. A gRPC
 * template has an entry per app container (to add env and mounts), so those app containers are listed
 * too, though they are the user's. What else {@link Uninjector} needs to remove exactly what was added
 * (the labels and annotations added, the fields created, named probe ports, user overrides, and per
 * app container the env and mounts added, which also says which listed containers are the user's) is
 * in meshctl's own {@code inject.meshctl.io/record} annotation.
 *
 * <p>Loops and small named classes rather than lambdas and streams: each lambda costs a CLI run a
 * class spun at start-up (~0.5 ms, bench/startup), and this is the path every {@code inject} takes.
 */
final class Injector {

  static final String STATUS = "sidecar.istio.io/status";
  /** meshctl's record for exact uninject: what Istio's status does not say. */
  static final String RECORD = "inject.meshctl.io/record";
  static final String TEMPLATES = "inject.istio.io/templates";
  /** Istio's built-in templates ({@code manifests/.../files/*.yaml}), the names {@link #TEMPLATES} may give. */
  static final List<String> BUILT_IN_TEMPLATES = List.of("sidecar", "grpc-agent", "grpc-simple");
  static final String PROXY = "istio-proxy";
  static final String INIT = "istio-init";
  static final String PROBERS = "ISTIO_KUBE_APP_PROBERS";
  static final String PROM_ENV = "ISTIO_PROMETHEUS_ANNOTATIONS";
  static final String OVERRIDES = "proxy.istio.io/overrides";
  /** The container lists Kubernetes merges by key rather than replaces ({@code core/v1} patch tags). */
  private static final Map<String, String> CONTAINER_MERGE_KEYS = Map.of("env", "name", "volumeMounts", "mountPath",
      "ports", "containerPort", "volumeDevices", "devicePath");
  private static final String[][] PROBES = {{"readinessProbe", "readyz"}, {"livenessProbe", "livez"}, {"startupProbe", "startupz"}};
  private static final String[][] HOOKS = {{"preStop", "prestopz"}, {"postStart", "poststartz"}};
  static final String[] PROMETHEUS = {"scrape", "port", "path"};

  private static final List<String> VOLUMES = List.of("workload-socket", "credential-socket", "workload-certs",
      "istio-envoy", "istio-data", "istio-podinfo", "istio-token", "istiod-ca-cert", "istio-ca-crl");

  /** The object whose pod is injected, for the identity env and labels Istio derives from it. */
  record Workload(String kind, String apiVersion, String name, String namespace) {
  }

  private final InjectionConfig cfg;
  private String legacyDigest; // the same for every pod: computed once, and only for the 1.3 shape

  Injector(InjectionConfig cfg) {
    this.cfg = cfg;
  }

  /** Injects {@code pod} in place; returns warnings about annotations that had no effect. */
  List<String> inject(ObjectNode pod, Workload w, Shape shape, String where) {
    List<String> created = new ArrayList<>();
    ObjectNode meta = object(pod, "metadata");
    if (meta == null) {
      meta = F.objectNode();
      Trees.putFirst(pod, "metadata", meta);
      created.add("metadata");
    }
    ObjectNode spec = (ObjectNode) pod.get("spec");
    PodSettings ps = PodSettings.resolve(cfg, meta.get("annotations"), where);
    ObjectNode labels = child(meta, "labels", created);
    ObjectNode annotations = child(meta, "annotations", created);
    List<String> addedLabels = new ArrayList<>();
    List<String> addedAnnotations = new ArrayList<>();
    ArrayNode containers = array(spec, "containers");

    boolean legacy = shape == Shape.ISTIO_1_3;
    List<String> templates = legacy ? List.of("sidecar") : templates(text(object(meta, "annotations"), TEMPLATES), where);
    boolean sidecar = templates.contains("sidecar");
    boolean agent = templates.contains("grpc-agent");
    boolean simple = templates.contains("grpc-simple");
    // The grpc-agent template has no native variant: its proxy is always a regular container.
    boolean nativeShape = sidecar && !legacy && (ps.nativeSidecar() != null ? ps.nativeSidecar() : shape == Shape.NATIVE);
    ObjectNode status = F.objectNode();
    if (legacy) {
      if (legacyDigest == null) {
        legacyDigest = cfg.digest();
      }
      status.put("version", legacyDigest);
    }

    // Rendered against the pod as the user wrote it: a user istio-proxy's ports are in POD_PORTS, as in Istio.
    ObjectNode init = !sidecar || ps.interceptionMode().equals("NONE") ? null : legacy ? legacyInit(ps, spec) : istioInit(ps);
    ObjectNode proxy = legacy ? legacyProxy(ps, pod, meta, spec, w) : sidecar ? istioProxy(ps, nativeShape, meta, spec, w)
        : agent ? grpcAgentProxy(ps, meta, spec, w) : null;
    List<Override> overrides = proxy == null ? List.of() : takeOverrides(spec, init != null);
    if (proxy != null) {
      applyOverrides(overrides, proxy, init, ps);
    }
    List<String> appNames = new ArrayList<>();
    for (JsonNode c : containers) {
      String name = text(c, "name");
      if (name != null && !PROXY.equals(name)) { // a user istio-proxy left here is not an app either (addToApps)
        appNames.add(name);
      }
    }

    ObjectNode probePorts = F.objectNode();
    ObjectNode replaced = F.objectNode();
    if (!legacy) {
      if (sidecar) {
        addLabels(labels, addedLabels, w);
      } else if (agent) {
        addCanonicalLabels(labels, addedLabels, w); // the grpc-agent template leaves tlsMode to the user
      }
      if (agent || simple) {
        // Both gRPC templates set it: proxyless gRPC serves its own probes, and grpc-simple has no agent to serve them.
        put(annotations, PodSettings.REWRITE, "false", addedAnnotations, replaced);
      }
      // No merged metrics without an agent to serve them: Istio would point Prometheus at an empty port.
      if (proxy != null && ps.prometheusMerge() && ps.agentPort() != 0) {
        prometheusMerge(annotations, addedAnnotations, proxy, ps);
      }
      if (sidecar && !agent && !simple && ps.rewriteProbes() && ps.agentPort() != 0) {
        rewriteProbes(spec, proxy, nativeShape, ps.agentPort(), probePorts, ps.warnings(), where);
      }
      if (sidecar) {
        addIfAbsent(annotations, "istio.io/rev", cfg.text("revision"), addedAnnotations);
      }
      if (proxy != null && !appNames.isEmpty()) {
        addIfAbsent(annotations, "kubectl.kubernetes.io/default-container", appNames.get(0), addedAnnotations);
        // A user's chosen default container is the better default for logs too.
        String logs = first(text(annotations, "kubectl.kubernetes.io/default-container"), appNames.get(0));
        addIfAbsent(annotations, "kubectl.kubernetes.io/default-logs-container", logs, addedAnnotations);
      }
    }
    if (!overrides.isEmpty()) {
      addIfAbsent(annotations, OVERRIDES, overridesAnnotation(overrides, nativeShape), addedAnnotations);
    }
    if (legacy) {
      addIfAbsent(annotations, "sidecar.istio.io/interceptionMode", ps.interceptionMode(), addedAnnotations);
      addIfAbsent(annotations, "traffic.sidecar.istio.io/includeOutboundIPRanges", ps.includeIPRanges(), addedAnnotations);
      addIfAbsent(annotations, "traffic.sidecar.istio.io/includeInboundPorts", legacyInboundPorts(ps, spec), addedAnnotations);
      addIfAbsent(annotations, "traffic.sidecar.istio.io/excludeInboundPorts", excludeInbound(ps), addedAnnotations);
    }

    // Containers: classic = proxy last (first when the app waits for it), istio-init after the user's
    // init containers; native = istio-init, istio-proxy, then the user's init containers.
    ArrayNode inits = array(spec, "initContainers");
    if (simple) {
      if (inits == null) {
        inits = spec.putArray("initContainers");
        created.add("initContainers");
      }
      // Before the user's init containers, as strategic merge puts a template's new entries.
      inits.insert(0, grpcBootstrapInit());
    }
    if (nativeShape) {
      ArrayNode front = F.arrayNode();
      if (init != null) {
        front.add(init);
      }
      front.add(proxy);
      if (inits == null) {
        inits = spec.putArray("initContainers");
        created.add("initContainers");
      }
      for (int i = front.size() - 1; i >= 0; i--) {
        inits.insert(0, front.get(i));
      }
    } else if (proxy != null) {
      if (init != null) {
        if (inits == null) {
          inits = spec.putArray("initContainers");
          created.add("initContainers");
        }
        // istio-init runs last so the user's init containers still have network; istio-validation first
        if (cfg.bool("cni") && !legacy) {
          inits.insert(0, init);
        } else {
          inits.add(init);
        }
      }
      if (ps.holdApplication() && !legacy) {
        containers.insert(0, proxy);
      } else {
        containers.add(proxy);
      }
    }
    ObjectNode app = F.objectNode();
    if (agent) {
      addToApps(containers, app, GRPC_AGENT_ENV, GRPC_AGENT_MOUNTS, "grpc-agent", ps.warnings());
    }
    if (simple) {
      addToApps(containers, app, GRPC_SIMPLE_ENV, GRPC_SIMPLE_MOUNTS, "grpc-simple", ps.warnings());
    }
    // Istio's strategic merge puts the injected volumes and pull secrets before the user's; 1.3 appended them.
    ArrayNode volumes = array(spec, "volumes");
    if (volumes == null) {
      volumes = spec.putArray("volumes");
      created.add("volumes");
    }
    List<String> volumeNames = new ArrayList<>();
    List<ObjectNode> added = new ArrayList<>();
    if (legacy) {
      added.addAll(legacyVolumes(spec));
    } else {
      for (String t : templates) {
        added.addAll(switch (t) {
          case "sidecar" -> volumes(ps);
          case "grpc-agent" -> grpcAgentVolumes();
          default -> List.of(obj("name", GRPC_BOOTSTRAP_VOLUME, "emptyDir", F.objectNode()));
        });
      }
    }
    for (int i = 0; i < added.size(); i++) {
      if (legacy) {
        volumes.add(added.get(i));
      } else {
        volumes.insert(i, added.get(i));
      }
      addOnce(volumeNames, text(added.get(i), "name"));
    }
    List<String> secretNames = new ArrayList<>();
    if (!legacy && proxy != null && !cfg.at("imagePullSecrets").isEmpty()) {
      ArrayNode secrets = array(spec, "imagePullSecrets");
      if (secrets == null) {
        secrets = spec.putArray("imagePullSecrets");
        created.add("imagePullSecrets");
      }
      int at = 0;
      for (JsonNode s : cfg.at("imagePullSecrets")) {
        String name = s.isTextual() ? s.asText() : text(s, "name");
        if (name != null && Trees.indexOfNamed(secrets, name) < 0) {
          secrets.insert(at++, obj("name", name));
          secretNames.add(name);
        }
      }
    }

    // Istio's status names the containers of the rendered templates, merged in template order: for a
    // gRPC template that includes the app containers it adds env to (record.app keeps them on uninject).
    List<String> initNames = new ArrayList<>();
    List<String> containerNames = new ArrayList<>();
    for (String t : templates) {
      switch (t) {
        case "sidecar" -> {
          if (init != null) {
            addOnce(initNames, text(init, "name"));
          }
          addOnce(nativeShape ? initNames : containerNames, PROXY);
        }
        case "grpc-agent" -> { // ranges over the app containers, then defines istio-proxy
          addAllOnce(containerNames, appNames);
          addOnce(containerNames, PROXY);
        }
        default -> { // grpc-simple: the bootstrap init container, then an entry per app container
          addOnce(initNames, GRPC_BOOTSTRAP_INIT);
          addAllOnce(containerNames, appNames);
        }
      }
    }
    status.set("initContainers", names(initNames));
    status.set("containers", names(containerNames));
    status.set("volumes", names(volumeNames));
    status.set("imagePullSecrets", names(secretNames));
    if (!legacy) {
      status.put("revision", cfg.text("revision"));
    }
    ObjectNode record = F.objectNode();
    record.set("labels", names(addedLabels));
    record.set("annotations", names(addedAnnotations));
    if (!created.isEmpty()) {
      record.set("created", names(created));
    }
    if (!probePorts.isEmpty()) {
      record.set("probePorts", probePorts);
    }
    if (!replaced.isEmpty()) {
      record.set("replaced", replaced);
    }
    if (!app.isEmpty()) {
      record.set("app", app);
    }
    if (!overrides.isEmpty()) {
      ArrayNode list = record.putArray("overrides");
      for (Override o : overrides) {
        list.add(obj("list", o.list(), "index", o.index(), "container", o.container()));
      }
    }
    annotations.put(STATUS, TreeCodec.json(status));
    annotations.put(RECORD, TreeCodec.json(record));
    return ps.warnings();
  }

  /**
   * The templates {@code inject.istio.io/templates} names, in order (default {@code sidecar}); a name
   * that is not one of Istio's built-in templates is an error naming them, as Istio fails on it.
   */
  static List<String> templates(String annotation, String where) {
    if (annotation == null || annotation.isBlank()) {
      return List.of("sidecar");
    }
    List<String> names = new ArrayList<>();
    for (String n : annotation.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!BUILT_IN_TEMPLATES.contains(name)) {
        throw new MeshctlException.InvalidInput(where + ": annotation " + TEMPLATES + " names template '" + name
            + "', which does not exist: the templates are " + String.join(", ", BUILT_IN_TEMPLATES));
      }
      if (!names.contains(name)) { // a template named twice merges into itself: once
        names.add(name);
      }
    }
    if (names.contains("sidecar") && names.contains("grpc-agent")) {
      throw new MeshctlException.InvalidInput(where + ": annotation " + TEMPLATES + "='" + annotation
          + "': templates sidecar and grpc-agent each define istio-proxy; name one of them");
    }
    if (names.contains("grpc-simple") && names.contains("grpc-agent")) {
      throw new MeshctlException.InvalidInput(where + ": annotation " + TEMPLATES + "='" + annotation
          + "': templates grpc-simple and grpc-agent each give the application its own gRPC bootstrap; name one of them");
    }
    return names.isEmpty() ? List.of("sidecar") : names;
  }

  // ---- user overrides of injected containers (reference §3.8) ----

  /** A user container named like an injected one, as written, and where it was. */
  record Override(String list, int index, ObjectNode container) {
  }

  /**
   * Removes the user's {@code istio-proxy} (and {@code istio-init} when one is injected) from either
   * container list. Istio looks in {@code containers} first; a second container of the same name stays.
   */
  private static List<Override> takeOverrides(ObjectNode spec, boolean withInit) {
    List<Override> found = new ArrayList<>();
    for (String name : withInit ? List.of(PROXY, INIT) : List.of(PROXY)) {
      for (String list : List.of("containers", "initContainers")) {
        ArrayNode a = array(spec, list);
        int i = Trees.indexOfNamed(a, name);
        if (i >= 0) {
          found.add(new Override(list, i, (ObjectNode) a.get(i)));
          break;
        }
      }
    }
    if (found.isEmpty()) {
      return found;
    }
    // Remove from the back so the recorded indices stay those of the user's lists.
    List<Override> backToFront = new ArrayList<>(found);
    backToFront.sort(new IndexDescending());
    for (Override o : backToFront) {
      array(spec, o.list()).remove(o.index());
    }
    found.sort(new ListThenIndex());
    return found;
  }

  private static final class IndexDescending implements Comparator<Override> {
    @java.lang.Override
    public int compare(Override x, Override y) {
      return Integer.compare(y.index(), x.index());
    }
  }

  /** The order the status records overrides in, which {@link Uninjector} reinserts them by. */
  private static final class ListThenIndex implements Comparator<Override> {
    @java.lang.Override
    public int compare(Override x, Override y) {
      return x.list().equals(y.list()) ? Integer.compare(x.index(), y.index()) : x.list().compareTo(y.list());
    }
  }

  /**
   * The user's fields win (strategic merge; {@code image: auto} keeps the injected image); the
   * injected container keeps its place. A proxy UID override moves istio-init's {@code -u} with it so
   * the proxy's own traffic still escapes capture; TPROXY needs the proxy to run as root regardless.
   */
  private static void applyOverrides(List<Override> overrides, ObjectNode proxy, ObjectNode init, PodSettings ps) {
    for (Override o : overrides) {
      ObjectNode target = PROXY.equals(text(o.container(), "name")) ? proxy : init;
      Trees.strategicMerge(target, overlay(o), CONTAINER_MERGE_KEYS);
    }
    ObjectNode sc = object(proxy, "securityContext");
    if (ps.interceptionMode().equals("TPROXY")) {
      if (sc != null && sc.has("runAsUser")) {
        sc.put("runAsUser", 0);
      }
      return;
    }
    JsonNode uid = null;
    for (Override o : overrides) {
      if (PROXY.equals(text(o.container(), "name"))) {
        ObjectNode userSc = object(o.container(), "securityContext");
        uid = userSc == null ? null : userSc.get("runAsUser");
        break;
      }
    }
    ArrayNode args = init == null ? null : array(init, "args");
    if (uid != null && uid.canConvertToLong() && uid.asLong() != 0 && args != null) {
      for (int i = 0; i + 1 < args.size(); i++) {
        if ("-u".equals(args.get(i).asText())) {
          args.set(i + 1, F.textNode(uid.asText()));
        }
      }
    }
  }

  private static ObjectNode overlay(Override o) {
    ObjectNode overlay = o.container().deepCopy();
    if ("auto".equals(text(overlay, "image"))) {
      overlay.remove("image");
    }
    return overlay;
  }

  /** Istio's record of the overrides, keyed by the list the injected container is in. */
  private static String overridesAnnotation(List<Override> overrides, boolean nativeShape) {
    ObjectNode json = F.objectNode();
    for (Override o : overrides) {
      boolean inContainers = PROXY.equals(text(o.container(), "name")) && !nativeShape;
      ArrayNode list = json.withArray(inContainers ? "containers" : "initContainers");
      list.add(overlay(o));
    }
    ObjectNode ordered = F.objectNode();
    for (String k : List.of("containers", "initContainers")) {
      if (json.has(k)) {
        ordered.set(k, json.get(k));
      }
    }
    return TreeCodec.json(ordered);
  }

  private static JsonNode names(List<String> names) {
    return names.isEmpty() ? F.nullNode() : arr(names.toArray());
  }

  /** Merged templates name a container once, where it first appears. */
  private static void addOnce(List<String> names, String name) {
    if (!names.contains(name)) {
      names.add(name);
    }
  }

  private static void addAllOnce(List<String> names, List<String> more) {
    for (String n : more) {
      addOnce(names, n);
    }
  }

  private static ObjectNode child(ObjectNode meta, String key, List<String> created) {
    ObjectNode o = object(meta, key);
    if (o == null) {
      o = meta.putObject(key);
      created.add(key);
    }
    return o;
  }

  private static void addIfAbsent(ObjectNode map, String key, String value, List<String> added) {
    if (!map.has(key)) {
      map.put(key, value);
      added.add(key);
    }
  }

  /** Sets {@code key} as a template does, over the user's value, which {@code replaced} keeps for uninject. */
  private static void put(ObjectNode map, String key, String value, List<String> added, ObjectNode replaced) {
    String old = text(map, key);
    if (old == null) {
      added.add(key);
    } else if (!old.equals(value)) {
      replaced.put(key, old);
    }
    map.put(key, value);
  }

  // ---- labels and annotations (reference §3.4, §3.5) ----

  private void addLabels(ObjectNode labels, List<String> added, Workload w) {
    addIfAbsent(labels, "security.istio.io/tlsMode", "istio", added);
    addCanonicalLabels(labels, added, w);
    if (!cfg.text("network").isEmpty()) {
      addIfAbsent(labels, "topology.istio.io/network", cfg.text("network"), added);
    }
  }

  private static void addCanonicalLabels(ObjectNode labels, List<String> added, Workload w) {
    String name = first(text(labels, "app.kubernetes.io/name"), text(labels, "app"), w.name());
    addIfAbsent(labels, "service.istio.io/canonical-name", canonical(name), added);
    String rev = first(text(labels, "app.kubernetes.io/version"), text(labels, "version"), "latest");
    addIfAbsent(labels, "service.istio.io/canonical-revision", rev, added);
  }

  /** Label values are at most 63 characters and start and end alphanumeric. */
  static String canonical(String name) {
    String s = name.length() > 63 ? name.substring(0, 63) : name;
    int b = 0;
    int e = s.length();
    while (b < e && "-_.".indexOf(s.charAt(b)) >= 0) {
      b++;
    }
    while (e > b && "-_.".indexOf(s.charAt(e - 1)) >= 0) {
      e--;
    }
    return s.substring(b, e); // not replaceAll: a regex compiled on every run costs start-up
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  /**
   * The agent scrapes the app and serves merged metrics on the status port. The app's own
   * {@code prometheus.io/*} values move to {@code ISTIO_PROMETHEUS_ANNOTATIONS} (Istio's contract with
   * the agent) and are overwritten in place; an explicit {@code prometheus.io/scrape: false} opts out.
   */
  private static void prometheusMerge(ObjectNode annotations, List<String> added, ObjectNode proxy, PodSettings ps) {
    String scrape = text(annotations, "prometheus.io/scrape");
    if (scrape != null) {
      switch (scrape.toLowerCase(Locale.ROOT)) {
        case "false", "0", "f":
          return;
        default:
          break;
      }
    }
    ObjectNode original = F.objectNode();
    for (String k : PROMETHEUS) {
      String v = text(annotations, "prometheus.io/" + k);
      if (v != null) {
        original.put(k, v);
      }
    }
    String[] values = {"true", Integer.toString(ps.agentPort()), "/stats/prometheus"};
    for (int i = 0; i < PROMETHEUS.length; i++) {
      String key = "prometheus.io/" + PROMETHEUS[i];
      if (!annotations.has(key)) {
        added.add(key);
      }
      annotations.put(key, values[i]);
    }
    if (!original.isEmpty()) {
      proxy.withArray("env").add(obj("name", PROM_ENV, "value", TreeCodec.json(original)));
    }
  }

  // ---- application probe rewriting (reference §3.7) ----

  private static void rewriteProbes(ObjectNode spec, ObjectNode proxy, boolean nativeShape, int statusPort,
      ObjectNode probePorts, List<String> warnings, String where) {
    Map<String, JsonNode> probers = new TreeMap<>();
    // Istio also rewrites init containers' probes, but in the classic shape the agent starts only after
    // every init container: a user's native sidecar probed through it would never become ready.
    for (Handler h : handlers(spec, nativeShape ? List.of("containers", "initContainers") : List.of("containers"))) {
      if (!PROXY.equals(text(h.container(), "name"))) {
        rewrite(h, statusPort, probers, probePorts, warnings, where);
      }
    }
    if (!probers.isEmpty()) {
      ObjectNode json = F.objectNode();
      json.setAll(probers);
      proxy.withArray("env").add(obj("name", PROBERS, "value", TreeCodec.json(json)));
    }
  }

  /** A probe or lifecycle hook of a container, with the agent path it is served on once rewritten. */
  record Handler(ObjectNode container, ObjectNode handler, String field, String path) {
  }

  /**
   * Every probe and lifecycle hook of the named containers of {@code lists}, with its agent path:
   * {@code /app-health/<container>/readyz}, {@code /app-lifecycle/<container>/prestopz}, ...
   * Injection and {@link Uninjector} both walk pods through this, so they agree on the paths.
   */
  static List<Handler> handlers(ObjectNode spec, List<String> lists) {
    List<Handler> found = new ArrayList<>();
    for (String list : lists) {
      ArrayNode cs = array(spec, list);
      if (cs == null) {
        continue;
      }
      for (JsonNode c : cs) {
        String name = text(c, "name");
        if (!(c instanceof ObjectNode container) || name == null) {
          continue;
        }
        for (String[] p : PROBES) {
          add(found, container, object(container, p[0]), p[0], "/app-health/" + name + "/" + p[1]);
        }
        ObjectNode lifecycle = object(container, "lifecycle");
        for (String[] h : HOOKS) {
          add(found, container, object(lifecycle, h[0]), "lifecycle." + h[0], "/app-lifecycle/" + name + "/" + h[1]);
        }
      }
    }
    return found;
  }

  private static void add(List<Handler> found, ObjectNode container, ObjectNode handler, String field, String path) {
    if (handler != null) {
      found.add(new Handler(container, handler, field, path));
    }
  }

  /** The handler's action that probe rewriting covers ({@code httpGet}, {@code tcpSocket}, {@code grpc}), or null. */
  static String actionType(ObjectNode handler) {
    String type = handler.has("httpGet") ? "httpGet" : handler.has("tcpSocket") ? "tcpSocket" : handler.has("grpc") ? "grpc" : null;
    return type != null && handler.get(type) instanceof ObjectNode ? type : null;
  }

  private static void rewrite(Handler h, int statusPort, Map<String, JsonNode> probers, ObjectNode probePorts,
      List<String> warnings, String where) {
    ObjectNode handler = h.handler();
    ObjectNode container = h.container();
    String path = h.path();
    String type = actionType(handler);
    if (type == null) {
      return; // exec probes run in the app container and need no rewriting
    }
    ObjectNode action = (ObjectNode) handler.get(type);
    JsonNode port = action.get("port");
    Integer number = resolvePort(port, container, where + ": container " + text(container, "name") + ": "
        + h.field() + "." + type + ".port");
    if (number == null) {
      // Istio rewrites it anyway and the probe then fails at runtime; leaving it is the safer choice.
      warnings.add("probe " + path + " not rewritten: its named port '" + (port == null ? "" : port.asText())
          + "' is not a port of container " + text(container, "name"));
      return;
    }
    if (number == statusPort) {
      return; // already pointing at the agent
    }
    ObjectNode original = action.deepCopy();
    original.put("port", number);
    ObjectNode prober = obj(type, original);
    if (handler.has("timeoutSeconds")) {
      prober.set("timeoutSeconds", handler.get("timeoutSeconds"));
    }
    probers.put(path, prober);
    if (port != null && port.isTextual()) {
      probePorts.put(path, port.asText());
    }
    if (type.equals("httpGet")) {
      action.put("path", path);
      action.put("port", statusPort);
      if ("HTTPS".equals(text(action, "scheme"))) {
        action.put("scheme", "HTTP");
      }
    } else {
      Trees.replaceKey(handler, type, "httpGet", obj("path", path, "port", statusPort));
    }
  }

  /** The port number, or null for a name that is not a port of the container; a number out of range is an error. */
  private static Integer resolvePort(JsonNode port, JsonNode container, String field) {
    if (port == null) {
      return null;
    }
    String s = port.asText();
    if (port.isIntegralNumber() || digits(s)) {
      // Kubernetes takes 1-65535; a bigger one would overflow the rewritten probe's int.
      if (s.length() > 5 || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 65535) {
        throw new MeshctlException.InvalidInput(field + ": " + s
            + " is not a port number (use 1-65535 or the name of a container port)");
      }
      return Integer.parseInt(s);
    }
    ArrayNode ports = array(container, "ports");
    if (ports != null) {
      for (JsonNode p : ports) {
        if (s.equals(text(p, "name")) && p.has("containerPort")) {
          return p.get("containerPort").asInt();
        }
      }
    }
    return null;
  }

  // ---- the classic and native containers (reference §3.1, §3.2, §3.3) ----

  private ObjectNode istioInit(PodSettings ps) {
    boolean cni = cfg.bool("cni");
    ArrayNode args = arr("istio-iptables", "-p", cfg.text("proxyListenPort"), "-z", cfg.text("proxyInboundListenPort"),
        "-u", cfg.text("proxyUID"), "-m", ps.interceptionMode(), "-i", ps.includeIPRanges(), "-x", ps.excludeIPRanges(),
        "-b", ps.includeInboundPorts(), "-d", join("15090,15021", excludeInbound(ps)));
    iptablesOptions(ps, args);
    args.add("--log_output_level=" + ps.agentLogLevel());
    ObjectNode sc;
    if (cni) {
      // with istio-cni the rules are already there: only check them, unprivileged
      args.add("--run-validation").add("--skip-rule-apply");
      sc = obj("allowPrivilegeEscalation", false, "capabilities", obj("drop", arr("ALL")), "privileged", false,
          "readOnlyRootFilesystem", true, "runAsGroup", cfg.integer("proxyUID"), "runAsNonRoot", true, "runAsUser", cfg.integer("proxyUID"));
    } else {
      boolean privileged = cfg.bool("privileged");
      sc = obj("allowPrivilegeEscalation", privileged,
          "capabilities", obj("add", arr("NET_ADMIN", "NET_RAW"), "drop", arr("ALL")),
          "privileged", privileged, "readOnlyRootFilesystem", false, "runAsGroup", 0, "runAsNonRoot", false, "runAsUser", 0);
    }
    ObjectNode init = obj("name", cni ? "istio-validation" : INIT, "image", ps.initImage(), "args", args);
    ObjectNode metadata = object(ps.proxyConfig(), "proxyMetadata");
    if (metadata != null && !metadata.isEmpty()) {
      init.set("env", metadataEnv(metadata));
    }
    if (!cfg.text("imagePullPolicy").isEmpty()) {
      init.put("imagePullPolicy", cfg.text("imagePullPolicy"));
    }
    init.set("resources", ps.resources().deepCopy());
    init.set("securityContext", sc);
    return init;
  }

  /** One env entry per proxyMetadata key, in key order: Go's template ranges over a map sorted. */
  private static ArrayNode metadataEnv(ObjectNode metadata) {
    ArrayNode env = F.arrayNode();
    for (String k : new java.util.TreeSet<>(iterable(metadata.fieldNames()))) {
      env.add(value(k, metadata.get(k).asText()));
    }
    return env;
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static void iptablesOptions(PodSettings ps, ArrayNode args) {
    if (ps.includeOutboundPorts() != null) {
      args.add("-q").add(ps.includeOutboundPorts());
    }
    if (ps.excludeOutboundPorts() != null) {
      args.add("-o").add(ps.excludeOutboundPorts());
    }
    if (ps.rerouteInterfaces() != null) {
      args.add("-k").add(ps.rerouteInterfaces());
    }
    if (ps.excludeInterfaces() != null) {
      args.add("-c").add(ps.excludeInterfaces());
    }
  }

  /** Istio's {@code excludeInboundPort}: the user's excludes with the status port appended if missing. */
  static String excludeInbound(PodSettings ps) {
    String excluded = ps.excludeInboundPorts().trim();
    if (ps.statusPort() == 0) {
      return excluded;
    }
    String port = Integer.toString(ps.statusPort());
    for (String p : excluded.split(",")) {
      if (p.trim().equals(port)) {
        return excluded;
      }
    }
    return join(excluded, port);
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "," + b;
  }

  private ObjectNode istioProxy(PodSettings ps, boolean nativeShape, ObjectNode meta, ObjectNode spec, Workload w) {
    ObjectNode proxy = obj("name", PROXY, "image", ps.proxyImage());
    if (nativeShape) {
      proxy.put("restartPolicy", "Always");
    }
    proxy.set("args", agentArgs(ps));
    ArrayNode env = proxy.putArray("env");
    addAgentIdentityEnv(env);
    env.add(obj("name", "ISTIO_CPU_LIMIT", "valueFrom", obj("resourceFieldRef", obj("divisor", "1", "resource", "limits.cpu"))));
    env.add(value("PROXY_CONFIG", ProxyConfigJson.of(ps.proxyConfig()) + "\n"));
    env.add(value("ISTIO_META_POD_PORTS", podPorts(spec)));
    env.add(value("ISTIO_META_APP_CONTAINERS", appContainers(spec)));
    env.add(obj("name", "GOMEMLIMIT", "valueFrom", obj("resourceFieldRef", obj("resource", "limits.memory"))));
    env.add(value("ISTIO_META_CLUSTER_ID", cfg.text("clusterName")));
    env.add(fieldRef("ISTIO_META_NODE_NAME", "spec.nodeName"));
    env.add(value("ISTIO_META_INTERCEPTION_MODE", ps.interceptionMode()));
    addWorkloadEnv(env, ps, meta, w);
    if (!cfg.text("imagePullPolicy").isEmpty()) {
      proxy.put("imagePullPolicy", cfg.text("imagePullPolicy"));
    }
    if (ps.holdApplication() && !nativeShape) {
      proxy.set("lifecycle", obj("postStart", obj("exec", obj("command", arr("pilot-agent", "wait")))));
    } else if (nativeShape) {
      proxy.set("lifecycle", obj("preStop", obj("exec", obj("command",
          arr("pilot-agent", "request", "--debug-port=" + ps.statusPort(), "POST", "drain")))));
    }
    proxy.set("ports", arr(obj("containerPort", 15090, "name", "http-envoy-prom", "protocol", "TCP")));
    if (ps.statusPort() != 0) {
      proxy.set("readinessProbe", readiness(ps, health()));
      if (cfg.bool("startupProbe.enabled")) {
        proxy.set("startupProbe", obj("failureThreshold", cfg.integer("startupProbe.failureThreshold"), "httpGet", health(),
            "periodSeconds", 1, "timeoutSeconds", 3));
      }
    }
    proxy.set("resources", ps.resources().deepCopy());
    boolean tproxy = ps.interceptionMode().equals("TPROXY");
    boolean privileged = cfg.bool("privileged");
    if (tproxy || ps.capNetBindService()) {
      ArrayNode add = F.arrayNode();
      if (tproxy) {
        add.add("NET_ADMIN");
      }
      if (ps.capNetBindService()) {
        add.add("NET_BIND_SERVICE");
      }
      proxy.set("securityContext", obj("allowPrivilegeEscalation", privileged, "capabilities", obj("add", add, "drop", arr("ALL")),
          "privileged", privileged, "readOnlyRootFilesystem", true, "runAsGroup", 1337, "runAsNonRoot", false, "runAsUser", 0));
    } else {
      proxy.set("securityContext", obj("allowPrivilegeEscalation", privileged, "capabilities", obj("drop", arr("ALL")),
          "privileged", privileged, "readOnlyRootFilesystem", true, "runAsGroup", cfg.integer("proxyUID"), "runAsNonRoot", true,
          "runAsUser", cfg.integer("proxyUID")));
    }
    ArrayNode mounts = proxy.putArray("volumeMounts");
    mounts.add(mount("workload-socket", "/var/run/secrets/workload-spiffe-uds"));
    mounts.add(mount("credential-socket", "/var/run/secrets/credential-uds"));
    mounts.add(mount("workload-certs", "/var/run/secrets/workload-spiffe-credentials"));
    mounts.add(mount("istiod-ca-cert", "/var/run/secrets/istio"));
    mounts.add(mount("istio-ca-crl", "/var/run/secrets/istio/crl"));
    mounts.add(mount("istio-data", "/var/lib/istio/data"));
    mounts.add(mount("istio-envoy", "/etc/istio/proxy"));
    mounts.add(mount("istio-token", "/var/run/secrets/tokens"));
    mounts.add(mount("istio-podinfo", "/etc/istio/pod"));
    return proxy;
  }

  private List<ObjectNode> volumes(PodSettings ps) {
    List<ObjectNode> v = new ArrayList<>();
    // Istio's template writes these three with a null emptyDir, so they come out with no source at all;
    // the API server defaults them to emptyDir. Written as Istio writes them.
    v.add(obj("name", VOLUMES.get(0)));
    v.add(obj("name", VOLUMES.get(1)));
    v.add(obj("name", VOLUMES.get(2)));
    v.add(obj("name", "istio-envoy", "emptyDir", obj("medium", "Memory")));
    v.add(obj("name", "istio-data", "emptyDir", F.objectNode()));
    v.add(obj("name", "istio-podinfo", "downwardAPI", obj("items", arr(
        obj("path", "labels", "fieldRef", obj("fieldPath", "metadata.labels")),
        obj("path", "annotations", "fieldRef", obj("fieldPath", "metadata.annotations"))))));
    v.add(obj("name", "istio-token", "projected", obj("sources", arr(obj("serviceAccountToken",
        obj("audience", cfg.text("tokenAudience"), "expirationSeconds", 43200, "path", "istio-token"))))));
    v.add(obj("name", "istiod-ca-cert", "configMap", obj("name", "istio-ca-root-cert")));
    v.add(obj("name", "istio-ca-crl", "configMap", obj("name", "istio-ca-crl", "optional", true)));
    return v;
  }

  private static ObjectNode health() {
    return obj("path", "/healthz/ready", "port", 15021);
  }

  private static ObjectNode mount(String name, String path) {
    return obj("name", name, "mountPath", path);
  }

  private static ObjectNode value(String name, String value) {
    return obj("name", name, "value", value);
  }

  private static ObjectNode fieldRef(String name, String path) {
    return obj("name", name, "valueFrom", obj("fieldRef", obj("apiVersion", "v1", "fieldPath", path)));
  }

  /** Istio's template output: one Go-ordered JSON object per line, continuation lines led by a comma. */
  static String podPorts(ObjectNode spec) {
    StringBuilder sb = new StringBuilder("[");
    boolean firstPort = true;
    for (JsonNode c : array(spec, "containers")) {
      ArrayNode ports = array(c, "ports");
      if (ports == null) {
        continue;
      }
      for (JsonNode p : ports) {
        ObjectNode o = F.objectNode();
        for (String k : new String[] {"name", "hostPort", "containerPort", "protocol", "hostIP"}) {
          if (p.hasNonNull(k)) {
            o.set(k, p.get(k));
          }
        }
        sb.append("\n    ").append(firstPort ? "" : ",").append(TreeCodec.json(o));
        firstPort = false;
      }
    }
    return sb.append("\n]").toString();
  }

  private static String appContainers(ObjectNode spec) {
    List<String> names = new ArrayList<>();
    for (JsonNode c : array(spec, "containers")) {
      String n = text(c, "name");
      if (n != null && !n.equals(PROXY)) {
        names.add(n);
      }
    }
    return String.join(",", names);
  }

  private static List<String> containerPorts(ObjectNode spec) {
    List<String> ports = new ArrayList<>();
    for (JsonNode c : array(spec, "containers")) {
      ArrayNode ps = array(c, "ports");
      if (ps != null) {
        for (JsonNode p : ps) {
          if (p.hasNonNull("containerPort")) {
            ports.add(p.get("containerPort").asText());
          }
        }
      }
    }
    return ports;
  }

  // ---- Istio's gRPC templates (files/grpc-simple.yaml, files/grpc-agent.yaml) ----
  // Written from Istio 1.27's charts; where a detail was not certain, the sidecar template's
  // convention was followed (each such place says so).

  static final String GRPC_BOOTSTRAP_INIT = "grpc-bootstrap-init";
  static final String GRPC_BOOTSTRAP_VOLUME = "grpc-io-proxyless-bootstrap";
  private static final String[][] GRPC_SIMPLE_ENV = {{"GRPC_XDS_BOOTSTRAP", "/var/lib/grpc/data/bootstrap.json"},
      {"GRPC_GO_LOG_VERBOSITY_LEVEL", "99"}, {"GRPC_GO_LOG_SEVERITY_LEVEL", "info"}};
  private static final String[][] GRPC_SIMPLE_MOUNTS = {{GRPC_BOOTSTRAP_VOLUME, "/var/lib/grpc/data/"}};
  private static final String[][] GRPC_AGENT_ENV = {{"GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT", "true"},
      {"GRPC_XDS_BOOTSTRAP", "/etc/istio/proxy/grpc-bootstrap.json"}};
  private static final String[][] GRPC_AGENT_MOUNTS = {{"istio-data", "/var/lib/istio/data"}, {"istio-xds", "/etc/istio/proxy"}};

  /** grpc-simple writes the xDS bootstrap itself, with no agent: plaintext xDS straight to istiod. */
  private ObjectNode grpcBootstrapInit() {
    String script = String.join("\n",
        "NODE_ID=\"sidecar~${INSTANCE_IP}~${POD_NAME}.${POD_NAMESPACE}~cluster.local\"",
        "SERVER_URI=\"dns:///istiod.${ISTIO_NAMESPACE}.svc:15010\"",
        "echo '",
        "{",
        "  \"xds_servers\": [",
        "    {",
        "      \"server_uri\": \"'${SERVER_URI}'\",",
        "      \"channel_creds\": [{\"type\": \"insecure\"}],",
        "      \"server_features\" : [\"xds_v3\"]",
        "    }",
        "  ],",
        "  \"node\": {",
        "    \"id\": \"'${NODE_ID}'\",",
        "    \"metadata\": {",
        "      \"GENERATOR\": \"grpc\"",
        "    }",
        "  }",
        "}' > /var/lib/grpc/data/bootstrap.json");
    return obj("name", GRPC_BOOTSTRAP_INIT, "image", "busybox:1.28", "command", arr("sh", "-c", script),
        "env", arr(fieldRef("INSTANCE_IP", "status.podIP"), fieldRef("POD_NAME", "metadata.name"),
            fieldRef("POD_NAMESPACE", "metadata.namespace"), value("ISTIO_NAMESPACE", cfg.text("istioNamespace"))),
        "volumeMounts", arr(mount(GRPC_BOOTSTRAP_VOLUME, "/var/lib/grpc/data/")));
  }

  /**
   * The template's per-container env and mounts, on every app container (not the injected proxy).
   * Entries go first, as strategic merge puts new ones; a name or path the user already has keeps the
   * user's entry. What was added is recorded per container, so uninject takes exactly that away.
   */
  private static void addToApps(ArrayNode containers, ObjectNode record, String[][] env, String[][] mounts, String template,
      List<String> warnings) {
    for (JsonNode c : containers) {
      String name = text(c, "name");
      if (!(c instanceof ObjectNode container) || name == null || PROXY.equals(name)) {
        continue;
      }
      ObjectNode r = record.has(name) ? (ObjectNode) record.get(name) : F.objectNode();
      ArrayNode created = F.arrayNode();
      ArrayNode envList = listOf(container, "env", created);
      ArrayNode addedEnv = F.arrayNode();
      int at = 0;
      for (String[] e : env) {
        if (Trees.indexOfNamed(envList, e[0]) < 0) {
          envList.insert(at++, value(e[0], e[1]));
          addedEnv.add(e[0]);
        } else if (!e[1].equals(text(Trees.findNamed(envList, e[0]), "value"))) {
          // Istio's merge would overwrite it; the user's own setting is taken to be deliberate.
          warnings.add("container " + name + " keeps its own " + e[0] + "; the " + template + " template's '" + e[1]
              + "' was not set");
        }
      }
      ArrayNode mountList = listOf(container, "volumeMounts", created);
      ArrayNode addedMounts = F.arrayNode();
      at = 0;
      for (String[] m : mounts) {
        if (!hasMountPath(mountList, m[1])) {
          mountList.insert(at++, mount(m[0], m[1]));
          addedMounts.add(m[1]);
        } else if (!isMount(mountList, m[0], m[1])) {
          warnings.add("container " + name + " mounts its own volume at " + m[1] + "; the " + template
              + " template's volume " + m[0] + " is not mounted there");
        }
      }
      r.set("env", addedEnv);
      r.set("volumeMounts", addedMounts);
      if (!created.isEmpty()) {
        r.set("created", created);
      }
      record.set(name, r);
    }
  }

  /** Kubernetes' Container fields in its own order, which a list the template creates takes its place in. */
  private static final List<String> CONTAINER_FIELDS = List.of("name", "image", "command", "args", "workingDir", "ports",
      "envFrom", "env", "resources", "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe",
      "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
      "securityContext", "stdin", "stdinOnce", "tty");

  /**
   * For a pod injected by Istio, which keeps no record: per app container, the env entries and mounts
   * that are exactly a gRPC template's (name and value, volume and path), which uninject removes.
   */
  static ObjectNode grpcAppRecord(ArrayNode containers) {
    ObjectNode record = F.objectNode();
    if (containers == null) {
      return record;
    }
    for (JsonNode c : containers) {
      String name = text(c, "name");
      if (name == null || PROXY.equals(name)) {
        continue;
      }
      ArrayNode env = F.arrayNode();
      ArrayNode mounts = F.arrayNode();
      for (String[][] list : new String[][][] {GRPC_AGENT_ENV, GRPC_SIMPLE_ENV}) {
        for (String[] e : list) {
          if (e[1].equals(text(Trees.findNamed(array(c, "env"), e[0]), "value"))) {
            env.add(e[0]);
          }
        }
      }
      ArrayNode userMounts = array(c, "volumeMounts");
      for (String[][] list : new String[][][] {GRPC_AGENT_MOUNTS, GRPC_SIMPLE_MOUNTS}) {
        for (String[] m : list) {
          if (userMounts != null && isMount(userMounts, m[0], m[1])) {
            mounts.add(m[1]);
          }
        }
      }
      if (!env.isEmpty() || !mounts.isEmpty()) {
        record.set(name, obj("env", env, "volumeMounts", mounts, "created", arr("env", "volumeMounts")));
      }
    }
    return record;
  }

  private static ArrayNode listOf(ObjectNode container, String key, ArrayNode created) {
    ArrayNode a = array(container, key);
    if (a != null) {
      return a;
    }
    a = F.arrayNode();
    created.add(key);
    // Placed where Istio's output (a Go struct) has it: before the first field that follows it there.
    int rank = CONTAINER_FIELDS.indexOf(key);
    Map<String, JsonNode> copy = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = container.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int r = CONTAINER_FIELDS.indexOf(e.getKey());
      if (!copy.containsKey(key) && r > rank) {
        copy.put(key, a);
      }
      copy.put(e.getKey(), e.getValue());
    }
    copy.putIfAbsent(key, a);
    container.removeAll();
    container.setAll(copy);
    return a;
  }

  private static boolean isMount(ArrayNode mounts, String volume, String path) {
    for (JsonNode m : mounts) {
      if (path.equals(text(m, "mountPath")) && volume.equals(text(m, "name"))) {
        return true;
      }
    }
    return false;
  }

  static boolean hasMountPath(ArrayNode mounts, String path) {
    for (JsonNode m : mounts) {
      if (path.equals(text(m, "mountPath"))) {
        return true;
      }
    }
    return false;
  }

  /** The pilot-agent arguments both the sidecar and the grpc-agent templates give istio-proxy. */
  private ArrayNode agentArgs(PodSettings ps) {
    return arr("proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc." + cfg.text("clusterDomain"),
        "--proxyLogLevel=" + ps.logLevel(), "--proxyComponentLogLevel=" + ps.componentLogLevel(),
        "--log_output_level=" + ps.agentLogLevel());
  }

  /** What the agent needs to get its certificate: the CA and the pod's identity (same order in both templates). */
  private void addAgentIdentityEnv(ArrayNode env) {
    String rev = cfg.text("revision");
    if (cfg.bool("inboundLocalhost")) {
      env.add(value("REWRITE_PROBE_LEGACY_LOCALHOST_DESTINATION", "true"));
    }
    env.add(value("PILOT_CERT_PROVIDER", cfg.text("pilotCertProvider")));
    env.add(value("CA_ADDR", !cfg.text("caAddress").isEmpty() ? cfg.text("caAddress")
        : "istiod" + (rev.equals("default") ? "" : "-" + rev) + "." + cfg.text("istioNamespace") + ".svc:15012"));
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    env.add(fieldRef("INSTANCE_IP", "status.podIP"));
    env.add(fieldRef("SERVICE_ACCOUNT", "spec.serviceAccountName"));
    env.add(fieldRef("HOST_IP", "status.hostIP"));
  }

  /** The workload's metadata for istiod, then the ProxyConfig's proxyMetadata (same order in both templates). */
  private void addWorkloadEnv(ArrayNode env, PodSettings ps, ObjectNode meta, Workload w) {
    if (!cfg.text("network").isEmpty()) {
      env.add(value("ISTIO_META_NETWORK", cfg.text("network")));
    }
    env.add(value("ISTIO_META_WORKLOAD_NAME", first(text(object(meta, "labels"), "service.istio.io/workload-name"), w.name())));
    env.add(value("ISTIO_META_OWNER", "kubernetes://apis/" + w.apiVersion() + "/namespaces/" + first(w.namespace(), "default")
        + "/" + w.kind().toLowerCase(Locale.ROOT) + "s/" + w.name()));
    env.add(value("ISTIO_META_MESH_ID", first(cfg.text("meshID"), cfg.text("trustDomain"))));
    env.add(value("TRUST_DOMAIN", cfg.text("trustDomain")));
    ObjectNode metadata = object(ps.proxyConfig(), "proxyMetadata");
    if (metadata != null) {
      env.addAll(metadataEnv(metadata));
    }
  }

  /** istio-proxy's readiness probe, polling {@code httpGet}. */
  private static ObjectNode readiness(PodSettings ps, ObjectNode httpGet) {
    ObjectNode ready = obj("failureThreshold", ps.readinessFailureThreshold(), "httpGet", httpGet);
    if (ps.readinessInitialDelay() != 0) {
      ready.put("initialDelaySeconds", ps.readinessInitialDelay());
    }
    ready.put("periodSeconds", ps.readinessPeriod());
    ready.put("timeoutSeconds", 3);
    return ready;
  }

  /**
   * grpc-agent's istio-proxy: the agent alone ({@code DISABLE_ENVOY}), serving xDS and certificates to
   * the app over the istio-xds volume; nothing is intercepted, so there is no istio-init.
   */
  private ObjectNode grpcAgentProxy(PodSettings ps, ObjectNode meta, ObjectNode spec, Workload w) {
    ObjectNode proxy = obj("name", PROXY, "image", ps.proxyImage());
    proxy.set("args", agentArgs(ps));
    ArrayNode env = proxy.putArray("env");
    env.add(value("ISTIO_META_GENERATOR", "grpc"));
    env.add(value("OUTPUT_CERTS", "/var/lib/istio/data"));
    addAgentIdentityEnv(env);
    env.add(value("PROXY_CONFIG", ProxyConfigJson.of(ps.proxyConfig()) + "\n"));
    env.add(value("ISTIO_META_POD_PORTS", podPorts(spec)));
    env.add(value("ISTIO_META_APP_CONTAINERS", appContainers(spec)));
    env.add(value("ISTIO_META_CLUSTER_ID", cfg.text("clusterName")));
    env.add(fieldRef("ISTIO_META_NODE_NAME", "spec.nodeName"));
    addWorkloadEnv(env, ps, meta, w);
    // gRPC resolves xds:/// names itself: no DNS capture, and no Envoy to start.
    env.add(value("ISTIO_META_DNS_CAPTURE", "false"));
    env.add(value("DISABLE_ENVOY", "true"));
    if (!cfg.text("imagePullPolicy").isEmpty()) {
      proxy.put("imagePullPolicy", cfg.text("imagePullPolicy"));
    }
    // The agent itself answers readiness (no Envoy on 15021), on the template's status port.
    proxy.set("lifecycle", obj("postStart", obj("exec", obj("command",
        arr("pilot-agent", "wait", "--url=http://localhost:" + ps.statusPort() + "/healthz/ready")))));
    if (ps.statusPort() != 0) {
      proxy.set("readinessProbe", readiness(ps, obj("path", "/healthz/ready", "port", ps.statusPort())));
    }
    proxy.set("resources", ps.resources().deepCopy());
    // Assumed as the sidecar template's non-capturing proxy: unprivileged, as the proxy UID.
    boolean privileged = cfg.bool("privileged");
    proxy.set("securityContext", obj("allowPrivilegeEscalation", privileged, "capabilities", obj("drop", arr("ALL")),
        "privileged", privileged, "readOnlyRootFilesystem", true, "runAsGroup", cfg.integer("proxyUID"), "runAsNonRoot", true,
        "runAsUser", cfg.integer("proxyUID")));
    ArrayNode mounts = proxy.putArray("volumeMounts");
    mounts.add(mount("workload-socket", "/var/run/secrets/workload-spiffe-uds"));
    if (cfg.text("pilotCertProvider").equals("istiod")) {
      mounts.add(mount("istiod-ca-cert", "/var/run/secrets/istio"));
    }
    mounts.add(mount("istio-data", "/var/lib/istio/data"));
    mounts.add(mount("istio-xds", "/etc/istio/proxy"));
    mounts.add(mount("istio-token", "/var/run/secrets/tokens"));
    mounts.add(mount("istio-podinfo", "/etc/istio/pod"));
    return proxy;
  }

  private List<ObjectNode> grpcAgentVolumes() {
    List<ObjectNode> v = new ArrayList<>();
    v.add(obj("name", "workload-socket")); // a null emptyDir in the template, as in the sidecar's
    v.add(obj("name", "istio-xds", "emptyDir", obj("medium", "Memory")));
    v.add(obj("name", "istio-data", "emptyDir", F.objectNode()));
    v.add(obj("name", "istio-podinfo", "downwardAPI", obj("items", arr(
        obj("path", "labels", "fieldRef", obj("fieldPath", "metadata.labels")),
        obj("path", "annotations", "fieldRef", obj("fieldPath", "metadata.annotations"))))));
    v.add(obj("name", "istio-token", "projected", obj("sources", arr(obj("serviceAccountToken",
        obj("audience", cfg.text("tokenAudience"), "expirationSeconds", 43200, "path", "istio-token"))))));
    if (cfg.text("pilotCertProvider").equals("istiod")) {
      v.add(obj("name", "istiod-ca-cert", "configMap", obj("name", "istio-ca-root-cert")));
    }
    return v;
  }

  // ---- the Istio 1.3 shape (reference §7) ----

  /** 1.0–1.2 captured the pod's own container ports by default, which is what the seed article ran. */
  private static String legacyInboundPorts(PodSettings ps, ObjectNode spec) {
    String annotated = ps.includeInboundPorts();
    return annotated.equals("*") ? String.join(",", containerPorts(spec)) : annotated;
  }

  private ObjectNode legacyInit(PodSettings ps, ObjectNode spec) {
    ArrayNode args = arr("-p", cfg.text("proxyListenPort"), "-z", cfg.text("proxyInboundListenPort"), "-u", cfg.text("proxyUID"),
        "-m", ps.interceptionMode(), "-i", ps.includeIPRanges(), "-x", ps.excludeIPRanges(),
        "-b", legacyInboundPorts(ps, spec), "-d", excludeInbound(ps));
    if (ps.excludeOutboundPorts() != null) {
      args.add("-o").add(ps.excludeOutboundPorts());
    }
    if (ps.rerouteInterfaces() != null) {
      args.add("-k").add(ps.rerouteInterfaces());
    }
    return obj("name", INIT, "image", cfg.legacyInitImage(),
        "args", args, "imagePullPolicy", cfg.text("legacy.imagePullPolicy"), "resources", cfg.at("legacy.initResources").deepCopy(),
        "securityContext", obj("runAsUser", 0, "runAsNonRoot", false, "capabilities", obj("add", arr("NET_ADMIN"))));
  }

  private ObjectNode legacyProxy(PodSettings ps, ObjectNode pod, ObjectNode meta, ObjectNode spec, Workload w) {
    String app = text(object(meta, "labels"), "app");
    String cluster = app != null && !app.isEmpty() ? app + ".$(POD_NAMESPACE)"
        : first(w.name(), "istio-proxy") + "." + first(w.namespace(), "default");
    String ports = String.join(",", containerPorts(spec));
    ArrayNode args = arr("proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc." + cfg.text("clusterDomain"),
        "--configPath", "/etc/istio/proxy", "--binaryPath", "/usr/local/bin/envoy", "--serviceCluster", cluster,
        "--drainDuration", cfg.text("legacy.drainDuration"), "--parentShutdownDuration", cfg.text("legacy.parentShutdownDuration"),
        "--discoveryAddress", cfg.text("legacy.discoveryAddress"), "--dnsRefreshRate", cfg.text("legacy.dnsRefreshRate"),
        "--connectTimeout", cfg.text("legacy.connectTimeout"), "--proxyAdminPort", cfg.text("legacy.proxyAdminPort"),
        "--controlPlaneAuthPolicy", cfg.text("legacy.controlPlaneAuthPolicy"), "--statusPort", Integer.toString(ps.statusPort()));
    if (!ports.isEmpty()) {
      args.add("--applicationPorts").add(ports);
    }
    args.add("--concurrency").add(cfg.text("legacy.concurrency"));
    ArrayNode env = F.arrayNode();
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    env.add(fieldRef("INSTANCE_IP", "status.podIP"));
    env.add(fieldRef("SERVICE_ACCOUNT", "spec.serviceAccountName"));
    env.add(value("ISTIO_META_POD_PORTS", podPorts(spec)));
    env.add(value("ISTIO_META_CLUSTER_ID", cfg.text("clusterName")));
    env.add(fieldRef("ISTIO_META_POD_NAME", "metadata.name"));
    env.add(fieldRef("ISTIO_META_CONFIG_NAMESPACE", "metadata.namespace"));
    env.add(value("SDS_ENABLED", "false"));
    env.add(value("ISTIO_META_INTERCEPTION_MODE", ps.interceptionMode()));
    env.add(value("ISTIO_META_INCLUDE_INBOUND_PORTS", legacyInboundPorts(ps, spec)));
    ObjectNode labels = object(meta, "labels");
    if (labels != null && !labels.isEmpty()) {
      env.add(value("ISTIO_METAJSON_LABELS", TreeCodec.json(labels)));
    }
    env.add(value("ISTIO_META_WORKLOAD_NAME", w.name()));
    env.add(value("ISTIO_META_OWNER", "kubernetes://api/" + w.apiVersion() + "/namespaces/" + first(w.namespace(), "default")
        + "/" + w.kind().toLowerCase(Locale.ROOT) + "s/" + w.name()));
    ObjectNode proxy = obj("name", PROXY, "image", ps.proxyImage().equals(cfg.proxyImage()) ? cfg.legacyProxyImage() : ps.proxyImage(),
        "args", args, "env", env, "imagePullPolicy", cfg.text("legacy.imagePullPolicy"),
        "ports", arr(obj("containerPort", 15090, "name", "http-envoy-prom", "protocol", "TCP")),
        "readinessProbe", obj("httpGet", obj("path", "/healthz/ready", "port", ps.statusPort()),
            "initialDelaySeconds", 1, "periodSeconds", 2, "failureThreshold", 30),
        "resources", ps.resources().deepCopy(),
        "securityContext", obj("readOnlyRootFilesystem", true, "runAsUser", cfg.integer("proxyUID")),
        "volumeMounts", arr(obj("mountPath", "/etc/istio/proxy", "name", "istio-envoy"),
            obj("mountPath", "/etc/certs/", "name", "istio-certs", "readOnly", true)));
    return proxy;
  }

  private static List<ObjectNode> legacyVolumes(ObjectNode spec) {
    String sa = first(text(spec, "serviceAccountName"), text(spec, "serviceAccount"), "default");
    return List.of(obj("name", "istio-envoy", "emptyDir", obj("medium", "Memory")),
        obj("name", "istio-certs", "secret", obj("optional", true, "secretName", "istio." + sa)));
  }
}
