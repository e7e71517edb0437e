package io.meshctl.core.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameworkTest {

  private static final String VS = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: reviews
        annotations:
          galley.istio.io/analyze-suppress: "IST0132, IST0101"
      spec:
        hosts: [reviews]
        gateways:
        - mesh
        - missing
      ---
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-system
      """;

  /** Reports on the gateways[1] field of the VS. */
  private static final Analyzer PROBE = new Analyzer() {
    public String name() {
      return "test.Probe";
    }

    public String description() {
      return "";
    }

    public Set<Code> codes() {
      return Set.of(Code.REFERENCED_RESOURCE_NOT_FOUND);
    }

    public Set<String> requires() {
      return Set.of();
    }

    public void analyze(Context ctx) {
      for (Resource r : ctx.all(Kinds.VIRTUAL_SERVICE)) {
        ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, r, "{.spec.gateways[1]}", "gateway", "missing");
        ctx.report(Code.REFERENCED_RESOURCE_NOT_FOUND, r, "{.spec.gateways[1]}", "gateway", "missing");
        ctx.report(Code.VIRTUAL_SERVICE_HOST_NOT_FOUND_IN_GATEWAY, r, "{.no.such}", List.of("a", "b"), r.ref(), "x");
      }
      ctx.report(Code.DEPRECATED, ctx.get(Kinds.NAMESPACE, "", "prod").orElseThrow(), null, "ns");
    }
  };

  @Test
  void linesPointAtTheFieldElseTheDocumentAndDuplicatesCollapse() {
    List<String> lines = Fixture.lines(PROBE, Fixture.files(VS));
    assertEquals(List.of(
        "Error [IST0101] (VirtualService default/reviews test.yaml:11) Referenced gateway not found: \"missing\"",
        "Warning [IST0002] (Namespace prod test.yaml:16) Deprecated: ns",
        "Warning [IST0132] (VirtualService default/reviews test.yaml:1) one or more host [a b] defined in "
            + "VirtualService default/reviews not found in Gateway x."), lines);
  }

  @Test
  void systemNamespacesAreLeftOutAndClusterObjectsHaveNoReference() {
    MeshObjects live = Fixture.live(VS);
    assertEquals(1, live.all(Kinds.NAMESPACE).size());
    assertNull(Fixture.run(PROBE, live).get(0).reference());
  }

  @Test
  void filesOverrideTheClusterCopy() {
    MeshObjects.Builder b = MeshObjects.builder("default", "istio-system");
    Fixture.files(VS).all(Kinds.VIRTUAL_SERVICE).forEach(r -> b.add(r.tree(), r.location()));
    Fixture.live(VS.replace("reviews", "ratings")).all(Kinds.VIRTUAL_SERVICE).forEach(r -> b.add(r.tree(), null));
    Fixture.live(VS).all(Kinds.VIRTUAL_SERVICE).forEach(r -> b.add(r.tree(), null));
    List<Resource> vss = b.build().all(Kinds.VIRTUAL_SERVICE);
    assertEquals(2, vss.size());
    assertTrue(vss.stream().anyMatch(r -> r.name().equals("reviews") && r.location() != null));
  }

  @Test
  void suppressionByFlagGlobAndAnnotationWithoutTrimming() {
    List<Message> ms = Fixture.run(PROBE, Fixture.files(VS));
    Message missing = ms.get(0);
    Message host = ms.get(2);
    assertTrue(Suppression.parse("IST0101=VirtualService *").matches(missing));
    assertTrue(Suppression.parse("IST0101=*/reviews").matches(missing));
    assertFalse(Suppression.parse("IST0101=virtualservice *").matches(missing));
    assertFalse(Suppression.parse("IST0101=VirtualService default/rev").matches(missing));
    assertNull(Suppression.parse("IST0101"));
    assertNull(Suppression.parse("a=b=c"));
    // the annotation "IST0132, IST0101" names IST0132 and " IST0101": only the first counts
    assertTrue(Suppression.suppressed(host, List.of()));
    assertFalse(Suppression.suppressed(missing, List.of()));
  }

  @Test
  void templatesRenderGoVerbs() {
    assertEquals("Referenced host not found: \"a\\\"b\"", Code.REFERENCED_RESOURCE_NOT_FOUND.format("host", "a\"b"));
    assertEquals(Code.REFERENCED_RESOURCE_NOT_FOUND, Code.of("IST0101"));
    assertEquals("https://istio.io/latest/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze",
        Code.REFERENCED_RESOURCE_NOT_FOUND.documentationUrl());
  }
}
