package dev.rollout.inventory;

import java.nio.file.Path;

/**
 * Where a file named by a host setting (identity, known_hosts) is: {@code ~} is the home
 * directory, a relative path is taken from the inventory's directory.
 */
public final class HostFile {

  private HostFile() {}

  public static Path resolve(Path baseDir, String p) {
    if (p.equals("~") || p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), p.substring(1).replaceFirst("^/", ""));
    }
    return baseDir.resolve(p).normalize();
  }
}
