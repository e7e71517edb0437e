package io.meshctl.cli.testing;

import io.meshctl.cli.Env;
import io.meshctl.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs meshctl in-process through the real root command line, capturing stdout, stderr and the
 * exit code. The environment is only what the test passes (no KUBECONFIG leaks in from the machine).
 */
public final class Cli {

  private Cli() {
  }

  public static CommandRun run(String... args) {
    return run("", Map.of(), args);
  }

  public static CommandRun runWithStdin(String stdin, String... args) {
    return run(stdin, Map.of(), args);
  }

  public static CommandRun run(String stdin, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> vars = new HashMap<>(env);
    vars.putIfAbsent("NO_COLOR", "1");
    int code = Main.run(new Env(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), vars),
        new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CommandRun(code, out.toString(), err.toString());
  }
}
