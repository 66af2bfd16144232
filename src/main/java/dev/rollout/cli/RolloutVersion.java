package dev.rollout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code rollout --version}: the Maven project version, which the build writes into {@code
 * dev/rollout/version.properties}, so it is the same from the jar and from target/classes.
 */
final class RolloutVersion implements IVersionProvider {

  private static final String RESOURCE = "/dev/rollout/version.properties";
  private static final String UNKNOWN = "(version unknown)";

  @Override
  public String[] getVersion() {
    return new String[] {"rollout " + version()};
  }

  /** The project version, or {@code (version unknown)} when the build did not write it. */
  static String version() {
    try (InputStream in = RolloutVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", UNKNOWN);
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
