package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.rollout.journal.HostLocks.Lock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host locks as files: all or none, leases and dead owners, forced open, races, and links left in
 * the locks directory, which are never followed.
 */
class FileHostLocksTest {

  @TempDir Path temp;
  Path state;
  HostLocks locks;
  String me;

  @BeforeEach
  void openStore() throws IOException {
    state = temp.resolve("state");
    locks = new FileRunStore(state).locks();
    me = ProcessHandle.current().pid() + "@" + InetAddress.getLocalHost().getHostName();
  }

  @Test
  void takesEveryLockWhenNoneIsHeld() throws IOException {
    Instant before = Instant.now().minusMillis(1);

    assertThat(locks.acquire("run-a", List.of("host-1", "host-2"))).isEmpty();

    assertThat(locks.held()).extracting(Lock::host, Lock::runId, Lock::owner, Lock::stale)
        .containsExactly(tuple("host-1", "run-a", me, false), tuple("host-2", "run-a", me, false));
    assertThat(locks.held()).allSatisfy(l -> assertThat(l.heartbeat()).isAfter(before));
  }

  @Test
  void takesNoLockWhenAnotherRunHoldsOne() throws IOException {
    locks.acquire("run-a", List.of("host-2"));

    List<Lock> conflicts = locks.acquire("run-b", List.of("host-1", "host-2", "host-3"));

    assertThat(conflicts).extracting(Lock::host, Lock::runId).containsExactly(
        tuple("host-2", "run-a"));
    assertThat(locks.held()).extracting(Lock::host, Lock::runId).containsExactly(
        tuple("host-2", "run-a"));
    assertThat(state.resolve("locks/host-1.lock")).doesNotExist();
    assertThat(state.resolve("locks/host-3.lock")).doesNotExist();
  }

  @Test
  void letsARunTakeOverItsOwnLocks() throws Exception {
    writeLock("host-1", "run-a", deadPid() + "@" + machine(), Instant.now());

    assertThat(locks.acquire("run-a", List.of("host-1", "host-2"))).isEmpty();

    assertThat(locks.held()).extracting(Lock::host, Lock::runId, Lock::owner, Lock::stale)
        .containsExactly(tuple("host-1", "run-a", me, false), tuple("host-2", "run-a", me, false));
  }

  @Test
  void callsALockStaleWhenItsProcessIsGoneYetRefusesItToAnotherRun() throws Exception {
    String owner = deadPid() + "@" + machine();
    writeLock("host-1", "run-a", owner, Instant.now());

    List<Lock> conflicts = locks.acquire("run-b", List.of("host-1"));

    assertThat(conflicts).extracting(Lock::host, Lock::runId, Lock::owner, Lock::stale)
        .containsExactly(tuple("host-1", "run-a", owner, true));
    assertThat(locks.held()).extracting(Lock::runId).containsExactly("run-a");
  }

  @Test
  void refusesAFreshLockOfTheSameRunHeldByAnotherLiveProcess() throws IOException {
    String samePidElsewhere = ProcessHandle.current().pid() + "@another-machine";
    writeLock("host-1", "run-a", "4242@another-machine", Instant.now());
    writeLock("host-2", "run-a", samePidElsewhere, Instant.now());

    assertThat(locks.acquire("run-a", List.of("host-1", "host-2"))).extracting(Lock::host,
        Lock::owner).containsExactly(tuple("host-1", "4242@another-machine"),
        tuple("host-2", samePidElsewhere));
  }

  @Test
  void callsALockStaleWhenItsLeaseRanOut() throws IOException {
    writeLock("host-1", "run-a", "4242@elsewhere", Instant.now().minus(HostLocks.LEASE)
        .minusSeconds(1));
    writeLock("host-2", "run-b", "4242@elsewhere", Instant.now());

    assertThat(locks.held()).extracting(Lock::host, Lock::stale).containsExactly(
        tuple("host-1", true), tuple("host-2", false));
    assertThat(locks.acquire("run-c", List.of("host-1"))).extracting(Lock::runId)
        .containsExactly("run-a");
  }

  @Test
  void callsAnUnreadableLockStaleAndStillRefusesIt() throws IOException {
    Files.createDirectories(state.resolve("locks"));
    Files.writeString(state.resolve("locks/host-1.lock"), "run-a\n");

    assertThat(locks.acquire("run-b", List.of("host-1"))).extracting(Lock::runId, Lock::stale)
        .containsExactly(tuple("run-a", true));
  }

  @Test
  void forcesOpenOnlyTheLocksOfTheRunNamed() throws IOException {
    locks.acquire("run-a", List.of("host-1", "host-2"));
    locks.acquire("run-b", List.of("host-3"));

    assertThat(locks.forceOpen("run-a")).containsExactly("host-1", "host-2");

    assertThat(locks.held()).extracting(Lock::host, Lock::runId).containsExactly(
        tuple("host-3", "run-b"));
    assertThat(locks.acquire("run-c", List.of("host-1", "host-2"))).isEmpty();
  }

  @Test
  void releasesEveryLockOfTheRunAndNoOther() throws IOException {
    locks.acquire("run-a", List.of("host-1", "host-2"));
    locks.acquire("run-b", List.of("host-3"));

    locks.release("run-a");

    assertThat(locks.held()).extracting(Lock::runId).containsExactly("run-b");
    assertThat(locks.forceOpen("run-a")).isEmpty();
  }

  @Test
  void renewsTheLeasesOfItsOwnRunOnly() throws IOException {
    Instant old = Instant.now().minus(HostLocks.LEASE).minusSeconds(5);
    writeLock("host-1", "run-a", "1@elsewhere", old);
    writeLock("host-2", "run-b", "1@elsewhere", old);

    locks.heartbeat("run-a");

    assertThat(locks.held()).extracting(Lock::host, Lock::owner, Lock::stale).containsExactly(
        tuple("host-1", me, false), tuple("host-2", "1@elsewhere", true));
  }

  @Test
  void letsExactlyOneOfTwoThreadsTakeOverlappingHosts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 20; i++) {
        Path dir = temp.resolve("threads-" + i);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Boolean> a = pool.submit(() -> take(dir, start, "run-a", "host-1", "host-2"));
        Future<Boolean> b = pool.submit(() -> take(dir, start, "run-b", "host-2", "host-3"));
        boolean aWon = a.get(10, TimeUnit.SECONDS);
        boolean bWon = b.get(10, TimeUnit.SECONDS);

        assertThat(aWon ^ bWon).as("repetition %d: a=%s b=%s", i, aWon, bWon).isTrue();
        assertThat(new FileRunStore(dir).locks().held()).extracting(Lock::runId)
            .as("repetition %d", i).containsOnly(aWon ? "run-a" : "run-b").hasSize(2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean take(Path dir, CyclicBarrier start, String run, String... hosts)
      throws Exception {
    HostLocks own = new FileRunStore(dir).locks();
    start.await(5, TimeUnit.SECONDS);
    return own.acquire(run, List.of(hosts)).isEmpty();
  }

  @Test
  void letsExactlyOneOfTwoProcessesTakeOverlappingHosts() throws Exception {
    for (int i = 0; i < 10; i++) {
      Path dir = Files.createDirectories(temp.resolve("processes-" + i));
      Path go = dir.resolve("go");
      Process a = contender(dir, "run-a", "host-1", "host-2");
      Process b = contender(dir, "run-b", "host-2", "host-3");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() ->
          Files.exists(dir.resolve("ready-run-a")) && Files.exists(dir.resolve("ready-run-b")));
      Files.createFile(go);

      String aSaid = outcome(a);
      String bSaid = outcome(b);
      release(dir, a, b);

      assertThat(List.of(aSaid, bSaid)).as("repetition %d", i)
          .containsExactlyInAnyOrder("WON", "LOST");
      assertThat(new FileRunStore(dir.resolve("state")).locks().held()).extracting(Lock::runId)
          .as("repetition %d", i).containsOnly(aSaid.equals("WON") ? "run-a" : "run-b")
          .hasSize(2);
    }
  }

  @Test
  void letsOnlyOneOfTwoProcessesTakeOverTheStaleLocksOfOneRun() throws Exception {
    for (int i = 0; i < 5; i++) {
      Path dir = Files.createDirectories(temp.resolve("resumes-" + i));
      String dead = deadPid() + "@" + machine();
      for (String h : List.of("host-1", "host-2")) {
        Files.createDirectories(dir.resolve("state/locks"));
        Files.writeString(dir.resolve("state/locks/" + h + ".lock"), "run-x\n" + dead + "\n"
            + Instant.now().toEpochMilli() + "\n");
      }
      Process a = startContender(dir, "run-x", "ready-a", "host-1", "host-2");
      Process b = startContender(dir, "run-x", "ready-b", "host-1", "host-2");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() ->
          Files.exists(dir.resolve("ready-a")) && Files.exists(dir.resolve("ready-b")));
      Files.createFile(dir.resolve("go"));

      List<String> said = List.of(outcome(a), outcome(b));
      release(dir, a, b);
      assertThat(said).as("two resumes of one run, repetition %d", i)
          .containsExactlyInAnyOrder("WON", "LOST");
    }
  }

  private Process contender(Path dir, String run, String... hosts) throws IOException {
    return startContender(dir, run, "ready-" + run, hosts);
  }

  private Process startContender(Path dir, String run, String ready, String... hosts)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        LockContender.class.getName(), dir.resolve("state").toString(),
        dir.resolve(ready).toString(), dir.resolve("go").toString(), run));
    cmd.addAll(List.of(hosts));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** The contender's answer, read as soon as it prints it (it stays alive until released). */
  private static String outcome(Process p) throws Exception {
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      return line == null ? "(no answer, exit " + p.waitFor() + ")" : line.strip();
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** Lets the contenders of {@code dir} exit once both answered, and waits for them. */
  private static void release(Path dir, Process... ps) throws Exception {
    Files.createFile(dir.resolve("go.done"));
    for (Process p : ps) {
      try {
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("contender finished").isTrue();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void refusesALockFileThatIsASymbolicLinkWithoutReadingThroughIt() throws IOException {
    Path outside = Files.writeString(temp.resolve("outside"), "run-b\nsomeone@else\n1\n");
    Files.createDirectories(state.resolve("locks"));
    Files.createSymbolicLink(state.resolve("locks/host-1.lock"), outside);

    Throwable thrown = catchThrowable(() -> locks.acquire("run-a", List.of("host-1")));

    assertThat(thrown).isInstanceOf(StoreUnavailable.class).hasMessageContaining(
        "locks/host-1.lock is a symbolic link");
    assertThat(catchThrowable(locks::held)).isInstanceOf(StoreUnavailable.class);
    assertThat(outside).hasContent("run-b\nsomeone@else\n1\n");
  }

  @Test
  void neverWritesALockThroughALinkLeftWhereItsTemporaryFileGoes() throws IOException {
    Path outside = Files.writeString(temp.resolve("outside"), "precious\n");
    Files.createDirectories(state.resolve("locks"));
    Files.createSymbolicLink(state.resolve("locks/host-1.lock.tmp"), outside);

    assertThat(locks.acquire("run-a", List.of("host-1"))).isEmpty();

    assertThat(outside).hasContent("precious\n");
    assertThat(locks.held()).extracting(Lock::host, Lock::runId).containsExactly(
        tuple("host-1", "run-a"));
    assertThat(Files.isSymbolicLink(state.resolve("locks/host-1.lock"))).isFalse();
  }

  @Test
  void refusesAMutexThatIsASymbolicLinkAndCreatesNothingWhereItPoints() throws IOException {
    Path outside = temp.resolve("outside-mutex");
    Files.createDirectories(state.resolve("locks"));
    Files.createSymbolicLink(state.resolve("locks/.mutex"), outside);

    Throwable thrown = catchThrowable(() -> locks.acquire("run-a", List.of("host-1")));

    assertThat(thrown).isInstanceOf(StoreUnavailable.class).hasMessageContaining(".mutex");
    assertThat(outside).doesNotExist();
    assertThat(state.resolve("locks/host-1.lock")).doesNotExist();
  }

  @Test
  void refusesALocksDirectoryThatIsASymbolicLink() throws IOException {
    Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
    Files.createDirectories(state);
    Files.createSymbolicLink(state.resolve("locks"), elsewhere);

    Throwable thrown = catchThrowable(() -> locks.acquire("run-a", List.of("host-1")));

    assertThat(thrown).isInstanceOf(StoreUnavailable.class).hasMessageContaining(
        "is a symbolic link");
    assertThat(elsewhere).isEmptyDirectory();
  }

  private void writeLock(String host, String run, String owner, Instant beat) throws IOException {
    Files.createDirectories(state.resolve("locks"));
    Files.writeString(state.resolve("locks").resolve(host + ".lock"), run + "\n" + owner + "\n"
        + beat.toEpochMilli() + "\n");
  }

  /** The pid of a process that has ended: a controller that died on this machine. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    return p.pid();
  }

  private static String machine() throws IOException {
    return InetAddress.getLocalHost().getHostName();
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
