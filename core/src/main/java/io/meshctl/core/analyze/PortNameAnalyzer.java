package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import io.meshctl.core.mesh.PortProtocol;
import java.util.Set;

/**
 * {@code service.PortNameAnalyzer} (analyze.md §8.11): a Service port whose protocol Istio cannot
 * tell from {@code appProtocol} or the name's prefix (IST0118) is treated as opaque TCP; on an
 * ExternalName Service that also breaks forwarding (IST0150).
 */
final class PortNameAnalyzer implements Analyzer {

  private static final Set<String> MANAGED_GATEWAYS = Set.of("istio.io-gateway-controller",
      "istio.io-mesh-controller", "istio.io-eastwest-controller");

  @Override
  public String name() {
    return "service.PortNameAnalyzer";
  }

  @Override
  public String description() {
    return "Checks the port names associated with each service";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.PORT_NAME_IS_NOT_UNDER_NAMING_CONVENTION, Code.EXTERNAL_NAME_SERVICE_TYPE_INVALID_PORT_NAME);
  }

  @Override
  public Set<String> requires() {
    return Set.of(Kinds.SERVICE);
  }

  @Override
  public void analyze(Context ctx) {
    for (Resource svc : ctx.all(Kinds.SERVICE)) {
      if (Context.controlPlane(svc) || MANAGED_GATEWAYS.contains(String.valueOf(svc.label("gateway.istio.io/managed")))) {
        continue;
      }
      boolean externalName = "ExternalName".equals(Manifests.text(svc.spec(), "type"));
      JsonNode ports = svc.spec().path("ports");
      for (int i = 0; i < ports.size(); i++) {
        JsonNode p = ports.get(i);
        String name = Manifests.text(p, "name");
        if (PortProtocol.of(p).supported() && !(externalName && "tcp".equals(name))) {
          continue;
        }
        String field = "{.spec.ports[" + i + "].port}";
        if (externalName) {
          ctx.report(Code.EXTERNAL_NAME_SERVICE_TYPE_INVALID_PORT_NAME, svc, field);
        } else {
          String target = p.hasNonNull("targetPort") ? p.get("targetPort").asText() : "0";
          ctx.report(Code.PORT_NAME_IS_NOT_UNDER_NAMING_CONVENTION, svc, field, name == null ? "" : name,
              p.path("port").asInt(), target);
        }
      }
    }
  }
}
