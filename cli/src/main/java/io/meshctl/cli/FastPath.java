package io.meshctl.cli;

import io.meshctl.cli.command.InjectCommand;
import io.meshctl.cli.command.authn.AuthnTlsCheckCommand;
import io.meshctl.cli.command.route.RouteShowCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The command lines scripts run hundreds of times ({@code inject}, {@code route show},
 * {@code authn tls-check}) parsed without picocli: building its model reflects over the annotated
 * classes, about 35 ms of a 110 ms {@code inject} (bench/startup). Only a line {@link FastArgs}
 * fully understands runs here; help, typos and anything unusual go to picocli, so usage errors and
 * help read the same either way. FastPathTest checks that both parsers set the same values.
 */
final class FastPath {

  private FastPath() {
  }

  /** The exit code, or null when picocli must take the line. */
  static Integer run(Env env, PrintWriter out, PrintWriter err, String[] args) {
    MeshctlCommand root = new MeshctlCommand().env(env).streams(out, err);
    Callable<Integer> command = parse(root, args);
    if (command == null) {
      return null;
    }
    try {
      return command.call();
    } catch (Exception e) {
      return ErrorHandler.report(e, root, err);
    }
  }

  /** The command with its options set, or null; visible for FastPathTest. */
  static Callable<Integer> parse(MeshctlCommand root, String[] args) {
    // the command first: options before it (meshctl -v inject ...) are left to picocli
    String group = args.length > 0 ? args[0] : "";
    String sub = args.length > 1 ? args[1] : "";
    try {
      if (group.equals("inject")) {
        return InjectCommand.fast(root, args, 1);
      } else if (group.equals("route") && sub.equals("show")) {
        return RouteShowCommand.fast(root, args, 2);
      } else if (group.equals("authn") && sub.equals("tls-check")) {
        return AuthnTlsCheckCommand.fast(root, args, 2);
      }
      return null;
    } catch (FastArgs.Refused e) {
      return null;
    }
  }
}
