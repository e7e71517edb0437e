package io.meshctl.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.manifest.TreeCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code sidecar.istio.io/status} annotation lists what Istio's {@code getInjectionStatus} lists:
 * every container, volume and pull secret the rendered templates name, in template order, each once;
 * for the gRPC templates that includes the app containers they add env to. Those stay the user's:
 * uninject keeps them and re-injection changes nothing.
 */
class InjectorStatusTest {

  private static final String POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: echo
        annotations:
          inject.istio.io/templates: %s
      spec:
        initContainers:
        - name: migrate
          image: example.com/migrate:1
        containers:
        - name: echo
          image: example.com/echo:1
        - name: metrics
          image: example.com/metrics:1
      """;

  private static JsonNode run(InjectionService.Mode mode, Shape shape, String yaml) {
    InjectionService service = new InjectionService(InjectionConfig.defaults(), mode, shape, false);
    Document d = ManifestReader.parse(yaml, "pod.yaml").get(0);
    service.process(d);
    return d.tree();
  }

  private static JsonNode status(JsonNode pod) throws Exception {
    return TreeCodec.parseJson(Manifests.text(pod.path("metadata").path("annotations"), Injector.STATUS));
  }

  private static List<String> names(JsonNode pod, String list) {
    List<String> out = new ArrayList<>();
    pod.path("spec").path(list).forEach(c -> out.add(Manifests.text(c, "name")));
    return out;
  }

  @Test
  void grpcSimpleListsEveryAppContainerItMergesInto() throws Exception {
    JsonNode pod = run(InjectionService.Mode.INJECT, Shape.CLASSIC, POD.formatted("grpc-simple"));
    assertThat(TreeCodec.json(status(pod))).isEqualTo("{\"initContainers\":[\"grpc-bootstrap-init\"],"
        + "\"containers\":[\"echo\",\"metrics\"],\"volumes\":[\"grpc-io-proxyless-bootstrap\"],"
        + "\"imagePullSecrets\":null,\"revision\":\"default\"}");
    assertRoundTrip(pod, POD.formatted("grpc-simple"), Shape.CLASSIC);
  }

  @Test
  void grpcAgentListsTheAppContainersThenIstioProxy() throws Exception {
    JsonNode pod = run(InjectionService.Mode.INJECT, Shape.CLASSIC, POD.formatted("grpc-agent"));
    assertThat(TreeCodec.json(status(pod))).isEqualTo("{\"initContainers\":null,"
        + "\"containers\":[\"echo\",\"metrics\",\"istio-proxy\"],"
        + "\"volumes\":[\"workload-socket\",\"istio-xds\",\"istio-data\",\"istio-podinfo\",\"istio-token\",\"istiod-ca-cert\"],"
        + "\"imagePullSecrets\":null,\"revision\":\"default\"}");
    assertRoundTrip(pod, POD.formatted("grpc-agent"), Shape.CLASSIC);
  }

  @Test
  void combinedTemplatesListNamesOnceInTemplateOrder() throws Exception {
    JsonNode after = run(InjectionService.Mode.INJECT, Shape.CLASSIC, POD.formatted("sidecar,grpc-simple"));
    assertThat(status(after).get("initContainers").toString()).isEqualTo("[\"istio-init\",\"grpc-bootstrap-init\"]");
    assertThat(status(after).get("containers").toString()).isEqualTo("[\"istio-proxy\",\"echo\",\"metrics\"]");
    assertRoundTrip(after, POD.formatted("sidecar,grpc-simple"), Shape.CLASSIC);

    JsonNode before = run(InjectionService.Mode.INJECT, Shape.NATIVE, POD.formatted("grpc-simple,sidecar"));
    assertThat(status(before).get("initContainers").toString())
        .isEqualTo("[\"grpc-bootstrap-init\",\"istio-init\",\"istio-proxy\"]");
    assertThat(status(before).get("containers").toString()).isEqualTo("[\"echo\",\"metrics\"]");
    assertThat(status(before).get("volumes").get(0).asText()).isEqualTo("grpc-io-proxyless-bootstrap");
    assertRoundTrip(before, POD.formatted("grpc-simple,sidecar"), Shape.NATIVE);
  }

  /** Re-injecting changes nothing; uninjecting gives the input back, app containers and all. */
  private static void assertRoundTrip(JsonNode injected, String input, Shape shape) {
    String text = TreeCodec.json(injected);
    assertThat(run(InjectionService.Mode.INJECT, shape, text)).isEqualTo(injected);
    JsonNode uninjected = run(InjectionService.Mode.UNINJECT, shape, text);
    assertThat(uninjected).isEqualTo(ManifestReader.parse(input, "pod.yaml").get(0).tree());
    assertThat(names(uninjected, "containers")).containsExactly("echo", "metrics");
    assertThat(names(uninjected, "initContainers")).containsExactly("migrate");
  }
}
