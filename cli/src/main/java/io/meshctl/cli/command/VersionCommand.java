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

    /** This build on this JVM. */
    public static VersionInfo current() {
      String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(' ', '-');
      String arch = System.getProperty("os.arch").replace("x86_64", "amd64");
      return new VersionInfo(VersionProvider.version(), Runtime.version().toString(),
          System.getProperty("java.vendor"), os + "/" + arch);
    }

    /** The default (table) form; {@code Main} prints it without picocli for a plain {@code meshctl version}. */
    public String text() {
      return "meshctl version " + version + "\n" + "java " + java + " (" + javaVendor + ")\n"
          + "platform " + platform + "\n";
    }
  }

  @Mixin
  OutputOptions output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Renderer.render(spec.commandLine().getOut(), output.format(), VersionInfo.current(), VersionInfo::text);
    return 0;
  }
}
