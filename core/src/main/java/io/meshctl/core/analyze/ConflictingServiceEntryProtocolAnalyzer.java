package io.meshctl.core.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code serviceentry.ConflictingServiceEntryProtocolAnalyzer} (analyze.md §8.12, IST0177):
 * ServiceEntries visible in one scope that give one host and port different protocols; the proxy
 * keeps one of them. Each ServiceEntry is reported once; keys are walked in sorted order so the
 * report does not depend on map order (istioctl's does).
 */
final class ConflictingServiceEntryProtocolAnalyzer implements Analyzer {

  private record Entry(Resource se, String protocol) {
  }

  @Override
  public String name() {
    return "serviceentry.ConflictingServiceEntryProtocolAnalyzer";
  }

  @Override
  public String description() {
    return "Checks that ServiceEntries defining the same host and port agree on the protocol";
  }

  @Override
  public Set<Code> codes() {
    return Set.of(Code.CONFLICTING_SERVICE_ENTRY_PROTOCOL);
  }

  @Override
  public Set<String> requires() {
    return Set.of();
  }

  @Override
  public void analyze(Context ctx) {
    // scope -> "host:port" -> entries
    Map<String, Map<String, List<Entry>>> byScope = new TreeMap<>();
    for (Resource se : ctx.all(Kinds.SERVICE_ENTRY)) {
      for (String scope : scopes(se)) {
        for (JsonNode host : se.spec().path("hosts")) {
          for (JsonNode port : se.spec().path("ports")) {
            String protocol = Manifests.text(port, "protocol");
            byScope.computeIfAbsent(scope, k -> new TreeMap<>())
                .computeIfAbsent(host.asText() + "\u0000" + port.path("number").asInt(), k -> new ArrayList<>())
                .add(new Entry(se, protocol == null ? "" : protocol.toUpperCase(Locale.ROOT)));
          }
        }
      }
    }
    Map<String, List<Entry>> global = byScope.getOrDefault("*", Map.of());
    Set<Resource> reported = new HashSet<>();
    byScope.forEach((scope, keys) -> keys.forEach((key, entries) -> {
      Set<Entry> all = new LinkedHashSet<>(entries);
      if (!scope.equals("*")) {
        all.addAll(global.getOrDefault(key, List.of()));
      }
      Set<String> protocols = new TreeSet<>();
      Set<String> names = new TreeSet<>();
      all.forEach(e -> {
        protocols.add(e.protocol());
        names.add(e.se().ref());
      });
      if (protocols.size() < 2) {
        return;
      }
      String[] hostPort = key.split("\u0000");
      for (Entry e : all) {
        if (reported.add(e.se())) {
          ctx.report(Code.CONFLICTING_SERVICE_ENTRY_PROTOCOL, e.se(), "{.metadata.name}", String.join(", ", names),
              hostPort[0], Integer.parseInt(hostPort[1]), String.join(", ", protocols));
        }
      }
    }));
  }

  /** {@code *} when exported everywhere, else the namespaces named ({@code .} is its own). */
  private static Set<String> scopes(Resource se) {
    Set<String> out = new TreeSet<>();
    JsonNode export = se.spec().path("exportTo");
    for (JsonNode e : export) {
      out.add(e.asText().equals(".") ? se.namespace() : e.asText());
    }
    return out.isEmpty() || out.contains("*") ? Set.of("*") : out;
  }
}
