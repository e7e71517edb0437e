package io.meshctl.cli.command.cert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The independent checker: the openssl binary, run as a process. */
final class OpenSsl {

  record Result(int exit, String output) {
  }

  private OpenSsl() {
  }

  static Result run(Path dir, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result run(Path dir, String... args) {
    return run(dir, Map.of(), args);
  }

  /** {@code openssl x509 -text -noout}, which must succeed. */
  static String text(Path dir, String cert) {
    Result r = run(dir, "x509", "-in", cert, "-noout", "-text");
    if (r.exit() != 0) {
      throw new AssertionError("openssl cannot read " + cert + ": " + r.output());
    }
    return r.output();
  }

  /** The public key of a certificate and of a private key, as openssl derives them; equal when they match. */
  static String certPublicKey(Path dir, String cert) {
    return run(dir, "x509", "-in", cert, "-noout", "-pubkey").output();
  }

  static String keyPublicKey(Path dir, String key, String... extra) {
    List<String> args = new ArrayList<>(List.of("pkey", "-in", key, "-pubout"));
    args.addAll(List.of(extra));
    return run(dir, args.toArray(String[]::new)).output();
  }
}
