package dev.rollout.transport.ssh.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** glob(3) with GLOB_TILDE for Include's patterns ({@code *} and {@code ?}), sorted; and CHECKPERM. */
final class Globs {

  private Globs() {}

  static List<Path> expand(String pattern, String home) {
    String p = Tokens.tilde(pattern, home);
    List<String> found = new ArrayList<>(List.of(p.startsWith("/") ? "/" : ""));
    String[] parts = p.split("/");
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      List<String> next = new ArrayList<>();
      for (String dir : found) {
        if (part.indexOf('*') < 0 && part.indexOf('?') < 0) {
          next.add(dir + (dir.isEmpty() || dir.endsWith("/") ? "" : "/") + part);
          continue;
        }
        next.addAll(list(dir, part));
      }
      found = next;
    }
    return found.stream().filter(s -> !s.isEmpty()).map(Path::of).filter(Files::exists)
        .toList();
  }

  private static List<String> list(String dir, String part) {
    Path d = Path.of(dir.isEmpty() ? "." : dir);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString())
          .filter(n -> !n.startsWith(".") || part.startsWith("."))
          .filter(n -> Patterns.match(n, part))
          .sorted()
          .map(n -> dir + (dir.isEmpty() || dir.endsWith("/") ? "" : "/") + n)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** OpenSSH refuses a user config owned by another user, or writable by group or others. */
  static void checkPermissions(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    int uid = (Integer) Files.getAttribute(file, "unix:uid");
    int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (uid != 0 && uid != me || perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new SecurityException("Bad owner or permissions on " + file);
    }
  }
}
