package io.meshctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version stamped into the jar by the build (resource filtering), for --version and 'version'. */
public final class VersionProvider implements IVersionProvider {

  public static String version() {
    // From the jar's manifest, which the class loader has already read: opening a resource instead
    // starts the jar: URL machinery, milliseconds of every run. The resource serves class directories.
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"meshctl " + version()};
  }
}
