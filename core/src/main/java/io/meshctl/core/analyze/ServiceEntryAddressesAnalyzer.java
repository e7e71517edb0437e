package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.Locale;
import java.util.Set;

/**
 * {@code serviceentry.Analyzer} (analyze.md §8.12, IST0134): a TCP port of a ServiceEntry without
 * addresses cannot be told apart from other TCP traffic on that port, unless the proxies' DNS
 * capture allocates addresses automatically.
 */
final class ServiceEntryAddressesAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "serviceentry.Analyzer";
  }

  @Override
  public String description() {
    return "Checks the validity of ServiceEntry";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.SERVICE_ENTRY_ADDRESSES_REQUIRED);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    JsonNode meta = ctx.meshConfig().path("defaultConfig").path("proxyMetadata");
    if ("true".equals(Manifests.text(meta, "ISTIO_META_DNS_CAPTURE"))
        && ("true".equals(Manifests.text(meta, "ISTIO_META_DNS_AUTO_ALLOCATE"))
            || "true".equals(Manifests.text(meta, "PILOT_ENABLE_IP_AUTOALLOCATE")))) {
      return;
    }
    for (Resource se : ctx.all(Kinds.SERVICE_ENTRY)) {
      if (!se.spec().path("addresses").isEmpty() || !se.tree().path("status").path("addresses").isEmpty()) {
        continue;
      }
      JsonNode ports = se.spec().path("ports");
      for (int i = 0; i < ports.size(); i++) {
        String protocol = Manifests.text(ports.get(i), "protocol");
        if (protocol == null || protocol.isEmpty() || protocol.toUpperCase(Locale.ROOT).equals("TCP")) {
          ctx.report(Code.SERVICE_ENTRY_ADDRESSES_REQUIRED, se, "{.spec.ports[" + i + "].name}");
        }
      }
    }
  }
}
