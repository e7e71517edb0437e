package io.meshctl.cli.render;

import io.meshctl.core.dataplane.ProxyStatus;
import io.meshctl.core.inject.InjectionCheck;
import java.util.List;

/** The tables of proxy-status and check-inject. */
public final class DataPlaneTables {

  private DataPlaneTables() {
  }

  public static String proxyStatus(ProxyStatus.Report report) {
    Table t = new Table("NAME", "WORKLOAD", "READY", "PROXY", "RESTARTS", "VERSION", "REVISION", "SIDECAR", "IMAGE");
    for (ProxyStatus.Row r : report.proxies()) {
      t.row(r.pod() + "." + r.namespace(), r.workload(), r.ready(), r.proxyState() + (r.proxyReady() ? "" : " (not ready)"),
          r.restarts(), r.version(), r.revision(), r.sidecar(), r.image());
    }
    StringBuilder sb = new StringBuilder(report.proxies().isEmpty() ? "" : t.render());
    if (report.withoutSidecar() != null && !report.withoutSidecar().isEmpty()) {
      Table bare = new Table("NAME", "WORKLOAD", "READY", "PHASE");
      for (ProxyStatus.Bare b : report.withoutSidecar()) {
        bare.row(b.pod() + "." + b.namespace(), b.workload(), b.ready(), b.phase());
      }
      sb.append(sb.isEmpty() ? "" : "\n").append("Pods without a sidecar:\n").append(bare.render());
    }
    return sb.toString();
  }

  public static String checkInject(List<InjectionCheck.Verdict> verdicts) {
    Table t = new Table("NAME", "WORKLOAD", "SIDECAR", "INJECTED-ON-RESTART", "REVISION", "WHY", "ACTION");
    for (InjectionCheck.Verdict v : verdicts) {
      t.row(v.pod() + "." + v.namespace(), v.workload(), v.sidecar() ? "yes (" + nz(v.proxyVersion()) + ")" : "no",
          v.injectOnRestart() ? "yes" : "no", v.revision(), v.why(), v.action() == null ? "-"
              : v.action() + ": " + v.actionReason());
    }
    return verdicts.isEmpty() ? "" : t.render();
  }

  private static String nz(String s) {
    return s == null ? "untagged" : s;
  }
}
