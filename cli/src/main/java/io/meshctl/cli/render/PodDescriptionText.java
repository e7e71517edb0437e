package io.meshctl.cli.render;

import io.meshctl.core.dataplane.PodFacts;
import io.meshctl.core.describe.PodDescription;
import java.util.List;

/** {@code describe pod} for people: one section per stage a request passes, in that order. */
public final class PodDescriptionText {

  private PodDescriptionText() {
  }

  public static String render(PodDescription d) {
    StringBuilder sb = new StringBuilder();
    sb.append("Pod:      ").append(d.pod()).append('.').append(d.namespace())
        .append(d.workload() == null ? "" : " (" + d.workload() + ")").append(", ")
        .append(d.phase() == null ? "phase unknown" : d.phase()).append(", ").append(d.ready()).append(" ready\n");
    PodFacts.Proxy p = d.sidecar();
    if (p == null) {
      sb.append("Sidecar:  none\n");
    } else {
      sb.append("Sidecar:  ").append(p.nativeSidecar() ? "native" : "classic").append(", ")
          .append(p.state() == null ? "state unknown" : p.state()).append(", ").append(p.ready() ? "ready" : "NOT ready")
          .append(", ").append(p.restarts()).append(" restarts\n")
          .append("          ").append(p.image()).append(" (version ").append(p.version() == null ? "-" : p.version())
          .append(", revision ").append(p.revision() == null ? "-" : p.revision()).append(")\n");
    }
    section(sb, "Services", d.services().isEmpty());
    for (PodDescription.ServiceView s : d.services()) {
      sb.append("  ").append(s.name()).append(" (").append(s.host()).append(")\n");
      for (PodDescription.PortView port : s.ports()) {
        sb.append("    port ").append(port.port()).append(port.name() == null ? "" : "/" + port.name())
            .append(" -> ").append(port.targetPort()).append("   ")
            .append(port.protocol() == null ? "protocol sniffed" : port.protocol()).append(" (")
            .append(port.detectedFrom()).append(")\n");
      }
    }
    section(sb, "DestinationRules", d.destinationRules().isEmpty());
    for (PodDescription.RuleView r : d.destinationRules()) {
      sb.append("  ").append(r.name()).append(" for ").append(r.host()).append(": ")
          .append(r.subsets().isEmpty() ? "in no subset" : "subset " + String.join(", ", r.subsets()))
          .append(", TLS ").append(r.tlsMode() == null ? "unset (auto mTLS decides)" : r.tlsMode())
          .append(r.subsetTlsModes() == null ? "" : ", subset TLS " + String.join(", ", r.subsetTlsModes()))
          .append('\n');
    }
    section(sb, "VirtualServices", d.virtualServices().isEmpty());
    for (PodDescription.RouteView r : d.virtualServices()) {
      sb.append("  ").append(r.virtualService()).append(" ").append(r.route()).append(" -> ")
          .append(r.subset() == null ? "all pods" : "subset " + r.subset()).append(", weight ").append(r.weight())
          .append(" (").append(r.share()).append("%)").append(", hosts ").append(String.join(",", r.hosts()))
          .append(", gateways ").append(String.join(",", r.gateways())).append('\n');
    }
    section(sb, "Gateways", d.gateways().isEmpty());
    for (PodDescription.GatewayView g : d.gateways()) {
      sb.append("  ").append(g.name()).append(g.note() == null ? "" : ": " + g.note()).append('\n');
      for (PodDescription.ServerView s : g.servers()) {
        sb.append("    port ").append(s.port()).append(" ").append(s.protocol() == null ? "" : s.protocol())
            .append(", hosts ").append(String.join(",", s.hosts()));
        if (s.tlsMode() != null) {
          sb.append(", TLS ").append(s.tlsMode());
        }
        if (s.credential() != null) {
          sb.append(", certificate from ").append(s.credential());
        }
        sb.append('\n');
        if (s.notAfter() != null) {
          sb.append("      secret ").append(s.secret()).append(": expires ").append(s.notAfter()).append(" (")
              .append(s.daysLeft()).append(" days), SANs ").append(s.sans().isEmpty() ? "(none)"
                  : String.join(", ", s.sans())).append('\n');
        } else if (s.note() != null) {
          sb.append("      ").append(s.note()).append('\n');
        }
      }
    }
    section(sb, "mTLS (server side on this pod; verdict as a client sidecar in " + d.namespace() + " sees it)",
        d.mtls().isEmpty());
    if (!d.mtls().isEmpty()) {
      Table t = new Table("HOST:PORT", "SERVER", "AUTHN POLICY", "STATUS", "CLIENT", "DESTINATION RULE");
      for (PodDescription.MtlsView m : d.mtls()) {
        t.row(m.host() + (m.subset() == null ? "" : "|" + m.subset()) + ":" + m.port(), m.serverMode(),
            m.serverPolicy(), m.status(), m.client(), m.destinationRule());
      }
      t.render().lines().forEach(l -> sb.append("  ").append(l).append('\n'));
    }
    section(sb, "Findings", d.findings().isEmpty());
    for (PodDescription.Finding f : d.findings()) {
      sb.append("  ").append(f.level()).append(" [").append(f.source()).append("] ")
          .append(f.origin() == null ? "" : "(" + f.origin() + ") ").append(f.message()).append('\n');
    }
    if (!d.notes().isEmpty()) {
      list(sb, "Notes", d.notes());
    }
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, boolean empty) {
    sb.append('\n').append(title).append(":\n");
    if (empty) {
      sb.append("  none\n");
    }
  }

  private static void list(StringBuilder sb, String title, List<String> lines) {
    sb.append('\n').append(title).append(":\n");
    lines.forEach(l -> sb.append("  ").append(l).append('\n'));
  }
}
