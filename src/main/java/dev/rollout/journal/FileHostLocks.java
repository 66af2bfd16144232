package dev.rollout.journal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Host locks as files, {@code locks/<host>.lock} holding the run id, the owner ({@code
 * pid@machine}) and the last heartbeat. Every change happens under an exclusive lock of {@code
 * locks/.mutex}, so two controllers on one machine can never both take the same host. No link is
 * followed: a lock file, {@code .mutex} or {@code locks/} that is a symbolic link, or not of its
 * type, is refused ({@link StoreUnavailable}), never read or written through.
 */
final class FileHostLocks implements HostLocks {

  /** A lock file holds three short lines; more is not read. */
  private static final int MAX_LOCK_BYTES = 4096;

  private final Path dir;
  private final FileLeases leases;

  FileHostLocks(Path dir, FileLeases leases) {
    this.dir = dir;
    this.leases = leases;
  }

  @Override
  public List<Lock> acquire(String runId, List<String> hosts) throws IOException {
    return underMutex(() -> {
      leases.check(runId);
      List<Lock> conflicts = new ArrayList<>();
      for (String h : hosts) {
        read(h).filter(l -> !l.runId().equals(runId) || !l.stale() && !l.owner().equals(self()))
            .ifPresent(conflicts::add);
      }
      if (conflicts.isEmpty()) {
        for (String h : hosts) {
          write(h, runId);
        }
      }
      return conflicts;
    });
  }

  @Override
  public void heartbeat(String runId) throws IOException {
    underMutex(() -> {
      leases.check(runId);
      for (Lock l : held()) {
        if (l.runId().equals(runId)) {
          write(l.host(), runId);
        }
      }
      return null;
    });
  }

  @Override
  public void release(String runId) throws IOException {
    underMutex(() -> {
      leases.check(runId);
      return null;
    });
    forceOpen(runId);
  }

  @Override
  public List<String> forceOpen(String runId) throws IOException {
    return underMutex(() -> {
      List<String> hosts = new ArrayList<>();
      for (Lock l : held()) {
        if (l.runId().equals(runId)) {
          Files.deleteIfExists(file(l.host()));
          hosts.add(l.host());
        }
      }
      return hosts;
    });
  }

  @Override
  public List<Lock> held() throws IOException {
    if (!FileRunStore.isDirectory(dir)) {
      return List.of();
    }
    List<Lock> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".lock")).sorted().toList()) {
        String name = p.getFileName().toString();
        read(name.substring(0, name.length() - ".lock".length())).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<Lock> read(String host) throws IOException {
    Path f = file(host);
    if (!FileRunStore.isFile(f)) {
      return Optional.empty();
    }
    List<String> l;
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      l = new String(in.readNBytes(MAX_LOCK_BYTES), StandardCharsets.UTF_8).lines().toList();
    }
    if (l.size() < 3 || !l.get(2).matches("\\d+")) {
      return Optional.of(new Lock(host, l.isEmpty() ? "?" : l.get(0), "?", Instant.EPOCH, true));
    }
    Instant beat = Instant.ofEpochMilli(Long.parseLong(l.get(2)));
    return Optional.of(new Lock(host, l.get(0), l.get(1), beat, stale(l.get(1), beat)));
  }

  private static boolean stale(String owner, Instant beat) {
    if (beat.plus(LEASE).isBefore(Instant.now())) {
      return true;
    }
    int at = owner.indexOf('@');
    if (at > 0 && owner.substring(at + 1).equals(machine()) && owner.substring(0, at)
        .matches("\\d+")) {
      return ProcessHandle.of(Long.parseLong(owner.substring(0, at))).map(p -> !p.isAlive())
          .orElse(true);
    }
    return false;
  }

  /** This process as a lock's owner, {@code pid@machine}. */
  static String self() {
    return ProcessHandle.current().pid() + "@" + machine();
  }

  private void write(String host, String runId) throws IOException {
    String text = runId + "\n" + self() + "\n"
        + Instant.now().toEpochMilli() + "\n";
    FileRunStore.write(file(host), text.getBytes(StandardCharsets.UTF_8));
  }

  private Path file(String host) {
    return dir.resolve(host + ".lock");
  }

  static String machine() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** Work done under the store's mutex. */
  @FunctionalInterface
  private interface Locked<T> {
    T run() throws IOException;
  }

  private <T> T underMutex(Locked<T> work) throws IOException {
    FileRunStore.mkdirs(dir);
    synchronized (dir.toAbsolutePath().toString().intern()) {
      FileRunStore.isFile(dir.resolve(".mutex"));
      try (FileChannel ch = FileChannel.open(dir.resolve(".mutex"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); FileLock ignored = ch.lock()) {
        return work.run();
      }
    }
  }
}
