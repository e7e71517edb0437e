package io.meshctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version stamped into the jar by the build (resource filtering), for --version and 'version'. */
public final class VersionProvider implements IVersionProvider {

  public static String version() {
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
