package io.meshctl.cli.command.cert;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.KeySpec;
import io.meshctl.core.cert.Profile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Key type, validity, overwrite and key-encryption options that every {@code cert issue} profile shares. */
public final class IssueOptions {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(y|d|h|m|s)");

  @Option(names = "--kty", paramLabel = "TYPE", defaultValue = "EC",
      description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; ED25519 only for root-ca).")
  KeySpec.Kty kty;

  @Option(names = {"--curve", "--crv"}, paramLabel = "CURVE", description = "EC curve: P-256 (default) or P-384.")
  String curve;

  @Option(names = "--size", paramLabel = "BITS", description = "RSA key size: 2048 (default), 3072 or 4096.")
  Integer size;

  @Option(names = "--not-before", paramLabel = "TIME",
      description = "Start of validity, RFC 3339 (2025-01-31T00:00:00Z) (default: now).")
  String notBefore;

  @Option(names = "--not-after", paramLabel = "TIME|DURATION",
      description = "End of validity: RFC 3339, or a lifetime after --not-before such as 90d, 5y, 720h "
          + "(default: root 10y, intermediate 5y, leaf 90d).")
  String notAfter;

  @Option(names = {"-f", "--force"}, description = "Overwrite existing output files.")
  boolean force;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Encrypt the new key (PKCS#8, AES-256) with the password in FILE (first line).")
  Path passwordFile;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Encrypt the new key with the password in environment variable VAR.")
  String passwordEnv;

  KeySpec keySpec(boolean ed25519Allowed, String why) {
    if (kty == KeySpec.Kty.ED25519 && !ed25519Allowed) {
      throw new MeshctlException.Usage("--kty ED25519 is not valid here: " + why + "; use --kty EC or --kty RSA");
    }
    return KeySpec.of(kty, curve, size);
  }

  Instant notBefore(Instant now) {
    return notBefore == null ? now : instant(notBefore, "--not-before");
  }

  Instant notAfter(Instant start, Profile profile) {
    if (notAfter == null) {
      return start.plus(profile.defaultLifetime);
    }
    Duration d = duration(notAfter);
    return d != null ? start.plus(d) : instant(notAfter, "--not-after");
  }

  private static Instant instant(String value, String flag) {
    try {
      return Instant.parse(value).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      throw new MeshctlException.Usage(flag + " '" + value + "' is neither an RFC 3339 time (2025-01-31T00:00:00Z)"
          + (flag.equals("--not-after") ? " nor a lifetime (90d, 5y, 720h)" : ""));
    }
  }

  /** 90d, 5y, 720h, 1y30d; a year is 365 days. Null when the value is not a duration. */
  static Duration duration(String value) {
    Matcher m = DURATION.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "y" -> Duration.ofDays(365 * n);
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      });
      end = m.end();
    }
    return end > 0 && end == value.length() ? total : null;
  }

  /** The password for the new key, from a file or the environment (never argv), or null for a plain key. */
  char[] password(java.util.Map<String, String> env) {
    return Passwords.read(passwordFile, "--password-file", passwordEnv, "--password-env", env);
  }
}
