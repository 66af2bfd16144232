package dev.rollout.journal;

import dev.rollout.journal.RunLease.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Run leases as files, {@code runs/<id>/lease}: status, owner ({@code pid@machine}), fencing
 * token, expiry (epoch milliseconds) and start options, one a line. Every read-and-change happens
 * under an exclusive lock of {@code .leases} beside {@code runs/}, so a journal append checks the
 * token and writes its line before a claim can slip in between. A run without a lease file (made before leases) is
 * {@code stopped} with token 0. A lease whose owner is a process of this machine that is gone has
 * run out at once. Workers register in {@code workers/}: the locks of a file store are local to
 * one machine, so a second machine's worker is refused.
 */
final class FileLeases {

  private static final int MAX_BYTES = 4096;

  private final Path runs;
  private final Path workers;
  private final Duration lease;
  private final String self;
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();

  FileLeases(Path runs, Path workers, Duration lease, String self) {
    this.self = self;
    this.runs = runs;
    this.workers = workers;
    this.lease = lease;
  }

  Duration length() {
    return lease;
  }

  void hold(RunLease l) {
    tokens.put(l.runId(), l.token());
  }

  boolean lost(String runId) {
    return lost.contains(runId);
  }

  Long token(String runId) {
    return tokens.get(runId);
  }

  void queue(String runId, String options) throws IOException {
    underMutex(() -> {
      RunLease l = read(runId);
      write(new RunLease(runId, Status.QUEUED, l.owner(), l.token(), Instant.now(), options));
      return null;
    });
  }

  RunLease lease(String runId) throws IOException {
    return underMutex(() -> read(runId));
  }

  RunLease.Claimed claim(String runId) throws IOException {
    return underMutex(() -> {
      RunLease l = read(runId);
      if (l.status() == Status.DRIVING && !expired(l) && !l.owner().equals(self)) {
        throw new RunLease.Held(l);
      }
      return take(l);
    });
  }

  Optional<RunLease.Claimed> claimNext() throws IOException {
    if (!FileRunStore.isDirectory(runs)) {
      return Optional.empty();
    }
    return underMutex(() -> {
      List<Path> dirs;
      try (Stream<Path> s = Files.list(runs)) {
        dirs = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
      }
      for (Path d : dirs) {
        RunLease l = read(d.getFileName().toString());
        if (l.status() == Status.QUEUED || l.status() == Status.DRIVING && expired(l)) {
          return Optional.of(take(l));
        }
      }
      return Optional.empty();
    });
  }

  boolean renew(String runId) throws IOException {
    return fenced(runId, l -> new RunLease(runId, l.status(), l.owner(), l.token(),
        Instant.now().plus(lease), l.options()));
  }

  boolean settle(String runId, Status status) throws IOException {
    boolean ok = fenced(runId, l -> new RunLease(runId, status, l.owner(), l.token(),
        Instant.now(), l.options()));
    if (ok) {
      tokens.remove(runId);
    }
    return ok;
  }

  /**
   * Runs {@code write} while this store's token is the run's current one, under the mutex; throws
   * {@link Fenced} (and remembers it) when another controller took the run. Without a claim of
   * this store the write is not fenced.
   */
  <T> T whileCurrent(String runId, Locked<T> write) throws IOException {
    return underMutex(() -> {
      check(runId);
      return write.run();
    });
  }

  /** Throws {@link Fenced} when this store claimed the run and its token is no longer current. */
  void check(String runId) throws IOException {
    Long mine = tokens.get(runId);
    if (mine == null) {
      return;
    }
    RunLease l = read(runId);
    if (l.token() != mine || lost.contains(runId)) {
      lost.add(runId);
      throw new Fenced(runId, mine, l.token(), l.owner());
    }
  }

  private boolean fenced(String runId, java.util.function.UnaryOperator<RunLease> change)
      throws IOException {
    return underMutex(() -> {
      try {
        check(runId);
      } catch (Fenced f) {
        return false;
      }
      if (!tokens.containsKey(runId)) {
        return false;
      }
      write(change.apply(read(runId)));
      return true;
    });
  }

  private RunLease.Claimed take(RunLease before) throws IOException {
    RunLease now = new RunLease(before.runId(), Status.DRIVING, self,
        before.token() + 1, Instant.now().plus(lease), before.options());
    write(now);
    tokens.put(now.runId(), now.token());
    lost.remove(now.runId());
    return new RunLease.Claimed(now, before);
  }

  private static boolean expired(RunLease l) {
    if (!l.expires().isAfter(Instant.now())) {
      return true;
    }
    int at = l.owner().indexOf('@');
    if (at > 0 && l.owner().substring(at + 1).equals(FileHostLocks.machine())
        && l.owner().substring(0, at).matches("\\d+")) {
      return ProcessHandle.of(Long.parseLong(l.owner().substring(0, at)))
          .map(p -> !p.isAlive()).orElse(true);
    }
    return false;
  }

  private RunLease read(String runId) throws IOException {
    Path f = runs.resolve(runId).resolve("lease");
    if (!FileRunStore.isFile(f)) {
      return new RunLease(runId, Status.STOPPED, "", 0, Instant.EPOCH, "");
    }
    List<String> l;
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      l = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).lines().toList();
    }
    if (l.size() < 4 || !l.get(2).matches("\\d{1,18}") || !l.get(3).matches("\\d{1,18}")) {
      throw new StoreUnavailable(f + " is not a lease as rollout writes it", null);
    }
    Status status;
    try {
      status = Status.of(l.get(0));
    } catch (IllegalArgumentException e) {
      throw new StoreUnavailable(f + " names no run status: " + l.get(0), e);
    }
    return new RunLease(runId, status, l.get(1), Long.parseLong(l.get(2)),
        Instant.ofEpochMilli(Long.parseLong(l.get(3))), l.size() > 4 ? l.get(4) : "");
  }

  private void write(RunLease l) throws IOException {
    String text = l.status().column() + "\n" + l.owner() + "\n" + l.token() + "\n"
        + l.expires().toEpochMilli() + "\n" + l.options() + "\n";
    FileRunStore.write(runs.resolve(l.runId()).resolve("lease"),
        text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Registers this process as a worker; the owner of a fresh registration from another machine
   * when there is one (then nothing is written).
   */
  Optional<String> register() throws IOException {
    FileRunStore.mkdirs(workers);
    return underMutex(() -> {
            try (Stream<Path> s = Files.list(workers)) {
        for (Path p : s.toList()) {
          String who = p.getFileName().toString();
          boolean fresh = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()
              .plus(lease.multipliedBy(2)).isAfter(Instant.now());
          if (!who.equals(self) && fresh && !who.endsWith("@" + FileHostLocks.machine())) {
            return Optional.of(who);
          }
        }
      }
      FileRunStore.write(workers.resolve(self), Instant.now().toString().getBytes(
          StandardCharsets.UTF_8));
      return Optional.empty();
    });
  }

  void unregister() throws IOException {
    Files.deleteIfExists(workers.resolve(self));
  }

  /** Work done under the mutex. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws IOException;
  }

  /**
   * The work runs with the thread's interrupt flag put aside (an interrupted thread's file channel
   * would close at once; Ctrl-C still journals where the run stopped), and set again after.
   */
  private <T> T underMutex(Locked<T> work) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return locked(work);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T locked(Locked<T> work) throws IOException {
    FileRunStore.mkdirs(runs);
    synchronized (runs.toAbsolutePath().toString().intern()) {
      Path mutex = runs.resolveSibling(".leases");
      FileRunStore.isFile(mutex);
      try (FileChannel ch = FileChannel.open(mutex, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); FileLock ignored = ch.lock()) {
        return work.run();
      }
    }
  }
}
