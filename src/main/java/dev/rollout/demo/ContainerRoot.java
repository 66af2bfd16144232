package dev.rollout.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The root filesystem of a demo container: {@code etc/docker/daemon.json} (the configured storage
 * driver), {@code run/docker.driver} (the driver the daemon runs with, written by the demo's
 * {@code systemctl restart docker}), and the demo's {@code docker} and {@code systemctl} in
 * {@code bin/}.
 */
final class ContainerRoot {

  private static final Pattern DRIVER = Pattern.compile("\"storage-driver\":\\s*\"([^\"]*)\"");

  private final Path root;

  ContainerRoot(Path root) {
    this.root = root;
  }

  /** Lays the container out as it starts: Docker on vfs. */
  void create() throws IOException {
    install(root.resolve("bin"), "docker", "systemctl", "fuse-overlayfs");
    Files.createDirectories(root.resolve("etc/docker"));
    Files.createDirectories(root.resolve("run"));
    reset();
  }

  /** Back as it started: the original daemon.json, Docker on vfs, no backup file. */
  void reset() throws IOException {
    Files.deleteIfExists(root.resolve("etc/docker/daemon.json.rollout-bak"));
    Files.deleteIfExists(root.resolve("etc/docker/daemon.json"));
    copy("daemon.json", root.resolve("etc/docker/daemon.json"));
    Files.writeString(root.resolve("run/docker.driver"), "vfs\n");
  }

  String configuredDriver() {
    Matcher m = DRIVER.matcher(read(root.resolve("etc/docker/daemon.json")));
    return m.find() ? m.group(1) : "?";
  }

  String runningDriver() {
    return read(root.resolve("run/docker.driver")).strip();
  }

  /** Whether a change ever started here: the plan's first step leaves a backup file. */
  boolean touched() {
    return Files.exists(root.resolve("etc/docker/daemon.json.rollout-bak"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Copies the demo's {@code scripts} into {@code bin}, executable. */
  static void install(Path bin, String... scripts) throws IOException {
    Files.createDirectories(bin);
    for (String s : scripts) {
      Path target = bin.resolve(s);
      copy(s, target);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Copies one of the demo's resources ({@code plan.yml}, or a file of {@code files/}). */
  static void copy(String resource, Path target) throws IOException {
    String name = resource.equals("plan.yml") ? resource : "files/" + resource;
    try (InputStream in = ContainerRoot.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the demo's " + name + " is missing from the build");
      }
      Files.copy(in, target);
    }
  }
}
