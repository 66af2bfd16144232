package dev.rollout.realfleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a real-systems fleet needs from this machine, and the local busybox image. */
final class RealSystems {

  private RealSystems() {}

  /** Why hosts with {@code options} cannot start here; empty when they can. */
  static List<String> missing(RealHost.Options options) {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("needs root (mount namespaces, dockerd), runs as "
          + System.getProperty("user.name"));
    }
    need(missing, "/usr/sbin/sshd", "openssh-server");
    need(missing, "/usr/bin/ssh-keygen", "openssh-client");
    need(missing, "/usr/bin/unshare", "util-linux");
    if (options.docker()) {
      need(missing, "/usr/sbin/dockerd", "docker.io");
      need(missing, "/usr/bin/docker", "docker.io");
      need(missing, "/usr/bin/busybox", "busybox-static");
      if (!Files.isDirectory(Path.of("/etc/docker"))) {
        missing.add("/etc/docker does not exist (apt-get install docker.io)");
      }
    }
    if (options.nginx()) {
      need(missing, "/usr/sbin/nginx", "nginx");
      if (!Files.isDirectory(Path.of("/etc/nginx"))) {
        missing.add("/etc/nginx does not exist (apt-get install nginx)");
      }
    }
    return missing;
  }

  private static void need(List<String> missing, String file, String pkg) {
    if (!Files.isExecutable(Path.of(file))) {
      missing.add(file + " is not installed (apt-get install " + pkg + ")");
    }
  }

  /**
   * The service image without any registry: a root with Debian's static busybox and links for the
   * commands the service uses, as a tar for {@code docker import}.
   */
  static Path busyboxImage(Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("image-root/bin"));
    Files.copy(Path.of("/usr/bin/busybox"), root.resolve("busybox"));
    for (String c : List.of("sh", "ls", "cat", "echo", "sleep", "httpd", "true", "cp", "grep",
        "mkdir", "rm", "test")) {
      Files.createSymbolicLink(root.resolve(c), Path.of("busybox"));
    }
    Files.createDirectories(dir.resolve("image-root/www"));
    Path tar = dir.resolve("busybox-image.tar");
    RealHost.run(List.of("tar", "-C", dir.resolve("image-root").toString(), "-cf",
        tar.toString(), "."));
    return tar;
  }
}
