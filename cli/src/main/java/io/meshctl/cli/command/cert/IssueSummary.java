package io.meshctl.cli.command.cert;

import io.meshctl.core.Reporter;
import io.meshctl.core.cert.CertInfo;
import io.meshctl.core.cert.CertIssuer;
import java.time.Instant;

/** The stderr summary after {@code cert issue}: what was written, for whom, by whom, until when. */
final class IssueSummary {

  private IssueSummary() {
  }

  static void report(Reporter reporter, String headline, CertIssuer.Result result) {
    result.warnings().forEach(reporter::warn);
    CertInfo info = CertInfo.of(result.issued().cert(), Instant.now());
    reporter.info(headline);
    reporter.info("  subject:  " + info.subject());
    reporter.info("  SANs:     " + info.sanSummary());
    reporter.info("  issuer:   " + info.issuer() + (info.selfSigned() ? " (self-signed)" : ""));
    reporter.info("  key:      " + info.publicKey());
    reporter.info("  expires:  " + info.notAfter() + " (in " + info.daysRemaining() + " days)");
  }
}
