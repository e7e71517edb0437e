package io.meshctl.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshctl.core.cluster.ClusterOptions;
import io.meshctl.core.cluster.IstioKind;
import io.meshctl.core.cluster.Kube;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode with the Istio CRDs of one API flavour registered, seeded
 * from YAML, with a kubeconfig a CLI process can use. The mock serves each registered group/version
 * at {@code /apis/<group>/<version>} (what discovery reads) and does not convert between versions,
 * so a flavour is exactly what an Istio release of that era served. Discovery, server-side dry runs
 * and Secret data checks are a real API server's (see {@link ApiServerDispatcher}), so kubectl works
 * against it too.
 */
public final class MockCluster implements AutoCloseable {

  /** Which Istio APIs the cluster serves. */
  public enum Flavour {
    /** Istio 1.1–1.4: networking v1alpha3 only, authentication v1alpha1 MeshPolicy/Policy. */
    LEGACY(List.of(
        IstioKind.VIRTUAL_SERVICE.at("v1alpha3"), IstioKind.DESTINATION_RULE.at("v1alpha3"),
        IstioKind.GATEWAY.at("v1alpha3"), IstioKind.SERVICE_ENTRY.at("v1alpha3"),
        IstioKind.MESH_POLICY.at("v1alpha1"), IstioKind.POLICY.at("v1alpha1"))),
    /** Istio 1.22+: networking and security v1. */
    CURRENT(List.of(
        IstioKind.VIRTUAL_SERVICE.at("v1"), IstioKind.DESTINATION_RULE.at("v1"),
        IstioKind.GATEWAY.at("v1"), IstioKind.SERVICE_ENTRY.at("v1"),
        IstioKind.PEER_AUTHENTICATION.at("v1")));

    public final List<ResourceType> istioTypes;

    Flavour(List<ResourceType> istioTypes) {
      this.istioTypes = istioTypes;
    }

    /** The docs/examples folder with this flavour's mesh configuration. */
    public String examples() {
      return this == LEGACY ? "mesh-legacy" : "mesh-current";
    }
  }

  private static final Map<String, ResourceType> BUILT_IN = new HashMap<>();

  static {
    for (ResourceType t : List.of(ResourceType.POD, ResourceType.SERVICE, ResourceType.NAMESPACE,
        ResourceType.CONFIG_MAP, ResourceType.SECRET,
        new ResourceType("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
        new ResourceType("", "v1", "ServiceAccount", "serviceaccounts", true),
        new ResourceType("apps", "v1", "Deployment", "deployments", true),
        new ResourceType("apps", "v1", "StatefulSet", "statefulsets", true),
        new ResourceType("apps", "v1", "DaemonSet", "daemonsets", true),
        new ResourceType("apps", "v1", "ReplicaSet", "replicasets", true),
        new ResourceType("batch", "v1", "Job", "jobs", true),
        new ResourceType("batch", "v1", "CronJob", "cronjobs", true),
        new ResourceType("", "v1", "ReplicationController", "replicationcontrollers", true),
        new ResourceType("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
            "mutatingwebhookconfigurations", false))) {
      BUILT_IN.put(t.apiVersion() + "/" + t.kind(), t);
    }
  }

  private final Flavour flavour;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockCluster(Flavour flavour) {
    this.flavour = flavour;
    List<CustomResourceDefinitionContext> crds = new ArrayList<>();
    for (ResourceType t : flavour.istioTypes) {
      crds.add(new CustomResourceDefinitionContext.Builder()
          .withGroup(t.group()).withVersion(t.version()).withKind(t.kind()).withPlural(t.plural())
          .withScope(t.namespaced() ? "Namespaced" : "Cluster").build());
    }
    Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses = new HashMap<>();
    List<ResourceType> served = new ArrayList<>(BUILT_IN.values());
    served.addAll(flavour.istioTypes);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new ApiServerDispatcher(crds, served, responses), false);
    server.init();
    client = server.createClient();
  }

  public static MockCluster start(Flavour flavour) {
    return new MockCluster(flavour);
  }

  public Flavour flavour() {
    return flavour;
  }

  public KubernetesClient client() {
    return client;
  }

  /** {@code http://localhost:PORT}. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** Writes a kubeconfig with one context {@code mock} whose namespace is {@code namespace}. */
  public Path writeKubeconfig(Path dir, String namespace) {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context:
            cluster: mock
            user: mock
            namespace: %s
        current-context: mock
        users:
        - name: mock
          user:
            token: mock-token
        """.formatted(url(), namespace);
    try {
      Path f = dir.resolve("kubeconfig-" + server.getPort() + ".yaml");
      Files.writeString(f, yaml);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path writeKubeconfig(Path dir) {
    return writeKubeconfig(dir, "default");
  }

  /** Our own client on this server, as a command would build it from the kubeconfig. */
  public Kube kube(Path dir) {
    return Kube.connect(new ClusterOptions(writeKubeconfig(dir), null, null, null, null), Map.of());
  }

  /** Creates every object of the YAML text; objects without a namespace go to {@code default}. */
  public MockCluster seed(String yaml) {
    for (Document d : ManifestReader.parse(yaml, "seed.yaml")) {
      if (!d.isEmpty()) {
        Manifests.forEachObject(d.tree(), o -> create((ObjectNode) o));
      }
    }
    return this;
  }

  /** Seeds a file or directory, e.g. {@code docs/examples/wordpress}. */
  public MockCluster seed(Path fileOrDir) {
    try (ManifestReader r = ManifestReader.open(List.of(fileOrDir.toString()), null)) {
      for (Document d : r) {
        if (!d.isEmpty()) {
          Manifests.forEachObject(d.tree(), o -> create((ObjectNode) o));
        }
      }
    }
    return this;
  }

  /**
   * Creates the object as {@code kubectl create} would. A Pod without a {@code status} gets the one
   * the kubelet reports once it runs (see {@link #runningStatus}): the mock has no kubelet, and
   * READY, restarts and the sidecar's state are real data only if the stored pod carries them.
   */
  public ObjectNode create(ObjectNode object) {
    if ("Pod".equals(Manifests.text(object, "kind")) && !object.has("status")) {
      object = object.deepCopy();
      object.set("status", runningStatus(object));
    }
    ResourceType type = typeOf(object);
    String ns = type.namespaced() ? Optional.ofNullable(Manifests.text(object.path("metadata"), "namespace"))
        .orElse("default") : null;
    if (type.namespaced()) {
      ((ObjectNode) object.with("metadata")).put("namespace", ns);
    }
    try {
      String body = client.raw(type.path(ns), "POST", Yaml.jsonMapper().writeValueAsString(object));
      return (ObjectNode) Yaml.jsonMapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The status a kubelet reports for a started pod: phase Running, every container ready, running
   * and never restarted; a classic init container terminated (Completed); a native sidecar (init
   * container with {@code restartPolicy: Always}) started, running and ready.
   */
  public static ObjectNode runningStatus(JsonNode pod) {
    ObjectNode status = Yaml.jsonMapper().createObjectNode();
    status.put("phase", "Running");
    status.put("podIP", "10.244.0." + (1 + Math.floorMod(Manifests.text(pod.path("metadata"), "name").hashCode(), 250)));
    status.put("startTime", "2026-11-24T02:00:00Z");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    for (JsonNode c : pod.path("spec").path("initContainers")) {
      boolean sidecar = "Always".equals(Manifests.text(c, "restartPolicy"));
      ObjectNode s = containerStatus(c, sidecar);
      if (!sidecar) {
        s.putObject("state").putObject("terminated").put("exitCode", 0).put("reason", "Completed");
      }
      ((com.fasterxml.jackson.databind.node.ArrayNode) status.withArray("initContainerStatuses")).add(s);
    }
    for (JsonNode c : pod.path("spec").path("containers")) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) status.withArray("containerStatuses")).add(containerStatus(c, true));
    }
    return status;
  }

  private static ObjectNode containerStatus(JsonNode container, boolean running) {
    ObjectNode s = Yaml.jsonMapper().createObjectNode();
    s.put("name", Manifests.text(container, "name"));
    s.put("image", Manifests.text(container, "image"));
    s.put("ready", running);
    s.put("restartCount", 0);
    s.put("started", running);
    if (running) {
      s.putObject("state").putObject("running").put("startedAt", "2026-11-24T02:00:05Z");
    }
    return s;
  }

  /** The stored object, as {@code kubectl get -o json} would show it; empty if absent. */
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    String body = client.raw(type.path(namespace) + "/" + name);
    try {
      return body == null ? Optional.empty() : Optional.of((ObjectNode) Yaml.jsonMapper().readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The type an Istio kind is served at in this flavour. */
  public ResourceType type(IstioKind kind) {
    return flavour.istioTypes.stream().filter(t -> t.kind().equals(kind.kind)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(kind + " is not served in " + flavour));
  }

  /**
   * Every GET of {@code path} (exactly, without query) answers {@code code} with a Status body from
   * now on: 403 is what RBAC says to a list it forbids, 404 what a server says for an API it does not serve.
   */
  public void answer(String path, int code) {
    String reason = code == 403 ? "Forbidden" : code == 404 ? "NotFound" : "Error";
    server.expect().get().withPath(path).andReturn(code, """
        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"%s","code":%d,
         "message":"%s is %s for user \\"mock\\""}""".formatted(reason, code, path,
        code == 403 ? "forbidden" : "not found")).always();
  }

  /** Forgets the requests recorded so far; call before the step whose writes you count. */
  public void clearRequests() {
    drainRequests();
  }

  /** Requests that changed something (POST, PUT, PATCH, DELETE) since the last drain, as "METHOD path". */
  public List<String> writes() {
    return drainRequests().stream().filter(r -> !r.startsWith("GET ")).toList();
  }

  /** Paths read (GET) since the last drain: which lists a command asked for. */
  public List<String> reads() {
    return drainRequests().stream().filter(r -> r.startsWith("GET ")).map(r -> r.substring(4)).toList();
  }

  private List<String> drainRequests() {
    List<String> seen = new ArrayList<>();
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        seen.add(r.getMethod() + " " + r.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seen;
  }

  private ResourceType typeOf(JsonNode object) {
    String apiVersion = Manifests.text(object, "apiVersion");
    String kind = Manifests.text(object, "kind");
    ResourceType builtIn = BUILT_IN.get(apiVersion + "/" + kind);
    if (builtIn != null) {
      return builtIn;
    }
    IstioKind istio = IstioKind.of(apiVersion, kind);
    if (istio == null) {
      throw new IllegalArgumentException("the mock cluster does not know " + apiVersion + " " + kind);
    }
    ResourceType t = istio.at(apiVersion.substring(apiVersion.indexOf('/') + 1));
    if (!flavour.istioTypes.contains(t)) {
      throw new IllegalArgumentException(apiVersion + " " + kind + " is not served by a " + flavour
          + " cluster; seed " + type(istio).apiVersion() + " instead");
    }
    return t;
  }

  /** Whether the flavour's cluster serves this exact type. */
  public boolean serves(ResourceType t) {
    return flavour.istioTypes.contains(t) || BUILT_IN.containsValue(t);
  }

  public Set<String> builtInKinds() {
    return BUILT_IN.keySet();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
