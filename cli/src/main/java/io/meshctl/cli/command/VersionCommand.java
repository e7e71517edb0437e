package io.meshctl.cli.command;

import io.meshctl.cli.VersionProvider;
import io.meshctl.cli.options.OutputOptions;
import io.meshctl.cli.render.Renderer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", description = "Print the meshctl version and the Java runtime it runs on.")
public final class VersionCommand implements Callable<Integer> {

  /** What {@code meshctl version -o json} prints. */
  public record VersionInfo(String version, String java, String javaVendor, String platform) {
  }

  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(' ', '-');
    String arch = System.getProperty("os.arch").replace("x86_64", "amd64");
    VersionInfo info = new VersionInfo(VersionProvider.version(), Runtime.version().toString(),
        System.getProperty("java.vendor"), os + "/" + arch);
    Renderer.render(spec.commandLine().getOut(), output.format(), info,
        v -> "meshctl version " + v.version() + "\n" + "java " + v.java() + " (" + v.javaVendor() + ")\n"
            + "platform " + v.platform() + "\n");
    return 0;
  }
}
