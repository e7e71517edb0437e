package io.meshctl.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshctl.core.cluster.ResourceType;
import io.meshctl.core.manifest.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's CRUD dispatcher plus three things a real API server does that the mock does not, so
 * that kubectl can be pointed at it as an independent checker and server-side dry runs can be
 * tested: discovery documents at {@code /api}, {@code /api/v1} and {@code /apis}; {@code ?dryRun=All}
 * on a write runs the whole request (404, 409 on a stale resourceVersion...) and answers with the
 * result, but nothing is stored; and a Secret whose {@code data} is not base64 is refused with 400.
 */
final class ApiServerDispatcher extends KubernetesCrudDispatcher {

  private final Collection<ResourceType> types;
  private final Map<ServerRequest, Queue<ServerResponse>> expectations;

  /** {@code expectations}: the server's {@code expect()} answers, which win over CRUD, as in fabric8's mixed mode. */
  ApiServerDispatcher(List<CustomResourceDefinitionContext> crds, Collection<ResourceType> types,
      Map<ServerRequest, Queue<ServerResponse>> expectations) {
    super(crds);
    this.types = types;
    this.expectations = expectations;
  }

  // One request at a time: a dry run's undo must not lose a concurrent real write.
  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    Queue<ServerResponse> expected = expectations.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), path));
    if (expected == null) {
      expected = expectations.get(new SimpleRequest(path));
    }
    if (expected != null && !expected.isEmpty()) {
      ServerResponse answer = expected.peek().isRepeatable() ? expected.peek() : expected.poll();
      return answer.toMockResponse(request);
    }
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    String query = q < 0 ? "" : path.substring(q + 1);
    boolean write = !"GET".equals(request.getMethod());
    if (!write) {
      switch (bare) {
        case "/api":
          return json(200, JsonNodeFactory.instance.objectNode().put("kind", "APIVersions")
              .set("versions", JsonNodeFactory.instance.arrayNode().add("v1")));
        case "/api/v1":
          return json(200, resourceList("v1"));
        case "/apis":
          return json(200, groupList());
        default:
          String[] parts = bare.split("/");
          if (parts.length == 4 && parts[1].equals("apis")) {
            String groupVersion = parts[2] + "/" + parts[3];
            if (types.stream().anyMatch(t -> t.apiVersion().equals(groupVersion))) {
              return json(200, resourceList(groupVersion));
            }
          }
          break;
      }
    }
    if (write && bare.startsWith("/api/v1/") && bare.contains("/secrets") && request.getBody() != null) {
      String invalid = invalidSecretData(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
      if (invalid != null) {
        return json(400, JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1")
            .put("status", "Failure").put("reason", "BadRequest").put("code", 400)
            .put("message", "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data in "
                + "data[" + invalid + "]"));
      }
    }
    if (write && List.of(query.split("&")).contains("dryRun=All")) {
      Map<AttributeSet, String> before = new HashMap<>(getMap());
      try {
        return super.dispatch(request);
      } finally {
        getMap().clear();
        getMap().putAll(before);
      }
    }
    return super.dispatch(request);
  }

  /** The first data key whose value the server could not decode, or null. */
  private static String invalidSecretData(String body) {
    JsonNode secret;
    try {
      secret = Yaml.jsonMapper().readTree(body);
    } catch (IOException e) {
      return null; // the CRUD dispatcher answers malformed bodies itself
    }
    var fields = secret.path("data").fields();
    while (fields.hasNext()) {
      var e = fields.next();
      try {
        Base64.getDecoder().decode(e.getValue().asText());
      } catch (IllegalArgumentException bad) {
        return e.getKey();
      }
    }
    return null;
  }

  private ObjectNode resourceList(String groupVersion) {
    ObjectNode list = JsonNodeFactory.instance.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType t : types) {
      if (t.apiVersion().equals(groupVersion)) {
        resources.addObject().put("name", t.plural()).put("singularName", "").put("namespaced", t.namespaced())
            .put("kind", t.kind()).set("verbs", JsonNodeFactory.instance.arrayNode()
                .add("create").add("delete").add("get").add("list").add("patch").add("update").add("watch"));
      }
    }
    return list;
  }

  private ObjectNode groupList() {
    Map<String, ArrayNode> groups = new LinkedHashMap<>();
    for (ResourceType t : types) {
      if (!t.group().isEmpty()) {
        ArrayNode versions = groups.computeIfAbsent(t.group(), g -> JsonNodeFactory.instance.arrayNode());
        boolean listed = false;
        for (JsonNode v : versions) {
          listed |= v.path("version").asText().equals(t.version());
        }
        if (!listed) {
          versions.addObject().put("groupVersion", t.apiVersion()).put("version", t.version());
        }
      }
    }
    ObjectNode list = JsonNodeFactory.instance.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode out = list.putArray("groups");
    groups.forEach((name, versions) -> {
      ObjectNode g = out.addObject().put("name", name);
      g.set("versions", versions);
      g.set("preferredVersion", versions.get(0));
    });
    return list;
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).addHeader("Content-Type: application/json")
        .setBody(body.toString());
  }
}
