package dev.rollout.realfleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The processes of one mount namespace, found by their {@code /proc/PID/ns/mnt} link. */
final class MountNamespace {

  private MountNamespace() {}

  /** Pids of the processes whose mount namespace is {@code namespace} ({@code mnt:[...]}). */
  static List<Long> processesIn(String namespace) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .filter(n -> namespace.equals(link(Path.of("/proc", n, "ns/mnt"))))
          .map(Long::parseLong).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException e) {
      return "";
    }
  }
}
