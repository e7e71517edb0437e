package io.meshctl.cli.command.cert;

import io.meshctl.cli.MeshctlCommand;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.cert.CaMaterial;
import io.meshctl.core.cert.CertFiles;
import io.meshctl.core.cert.CertIssuer;
import io.meshctl.core.cert.IssueRequest;
import io.meshctl.core.cert.Issued;
import io.meshctl.core.cert.KeySpec;
import io.meshctl.core.cert.Pem;
import io.meshctl.core.cert.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Key type, validity, overwrite and key-encryption options that every {@code cert issue} profile
 * shares, and the flow they share: each command adds only its subject and its output files.
 */
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

  @Option(names = {"-f", "--force"}, description = "Overwrite existing output files (without it, an existing file "
      + "is exit 73). A symbolic link is written through to its file; a directory, device or FIFO is refused.")
  boolean force;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Encrypt the new key (PKCS#8, AES-256) with the password in FILE (first line).")
  Path passwordFile;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "Encrypt the new key with the password in environment variable VAR.")
  String passwordEnv;

  /** What a command decides about its certificate; the shared flags add key, validity and issuer. */
  record Subject(String commonName, String organization, List<String> dnsNames, List<String> ipAddresses,
      List<String> uris, Integer pathLen) {

    static Subject ca(String commonName, String organization, Integer pathLen) {
      return new Subject(commonName, organization, List.of(), List.of(), List.of(), pathLen);
    }
  }

  /**
   * Where a run writes: each certificate file with the part of the result it holds, then the key
   * (0600). {@code newDir}, when not null, is created if missing, so its files cannot exist yet.
   */
  record Outputs(Map<Path, Function<Issued, List<X509Certificate>>> certs, Path key, Path newDir) {

    /** One file for what a server presents (the certificate and its intermediates), one for the key. */
    static Outputs pair(Path cert, Path key) {
      return new Outputs(Map.of(cert, Issued::presented), key, null);
    }
  }

  /**
   * The flow of every profile, ordered so that a refused run does no work and writes nothing: the
   * key-type and password flags, then whether every output may be written (exit 73 before the CA is
   * read or a key is made), then the CA, the certificate, and all files at once.
   *
   * @param ed25519Refusal why this profile cannot have an Ed25519 key, or null when it can
   * @param ca the issuing CA's flags, or null for a profile that is always self-signed
   */
  CertIssuer.Result issue(MeshctlCommand root, Profile profile, String ed25519Refusal, CaOptions ca,
      Subject subject, Outputs out) {
    Map<String, String> env = root.env().variables();
    if (kty == KeySpec.Kty.ED25519 && ed25519Refusal != null) {
      throw new MeshctlException.Usage("--kty ED25519 is not valid here: " + ed25519Refusal
          + "; use --kty EC or --kty RSA");
    }
    KeySpec keySpec = KeySpec.of(kty, curve, size);
    char[] password = password(env);
    if (out.newDir() == null || Files.isDirectory(out.newDir())) {
      CertFiles targets = new CertFiles();
      out.certs().keySet().forEach(p -> targets.add(p, ""));
      targets.addPrivate(out.key(), "").check(force);
    }
    CaMaterial signer = ca != null && ca.given() ? ca.load(env) : null;
    Instant start = notBefore(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    CertIssuer.Result result = new CertIssuer().issue(new IssueRequest(profile, subject.commonName(),
        subject.organization(), subject.dnsNames(), subject.ipAddresses(), subject.uris(), start,
        notAfter(start, profile), keySpec, signer, subject.pathLen()));
    if (out.newDir() != null) {
      try {
        Files.createDirectories(out.newDir());
      } catch (IOException e) {
        throw new MeshctlException.CannotWrite("cannot create --out-dir " + out.newDir() + ": " + e.getMessage(), e);
      }
    }
    CertFiles files = new CertFiles();
    out.certs().forEach((p, part) -> files.add(p, Pem.certificates(part.apply(result.issued()))));
    files.addPrivate(out.key(), Pem.privateKey(result.issued().key(), password)).write(force);
    return result;
  }

  private Instant notBefore(Instant now) {
    return notBefore == null ? now : instant(notBefore, "--not-before");
  }

  private Instant notAfter(Instant start, Profile profile) {
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
  private char[] password(Map<String, String> env) {
    return Passwords.read(passwordFile, "--password-file", passwordEnv, "--password-env", env);
  }
}
