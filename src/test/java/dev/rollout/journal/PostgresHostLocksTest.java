package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host locks in PostgreSQL: racing controllers, leases timed by the database, and who may take a
 * stale lock over. Each controller is a store of its own with its own connection.
 */
class PostgresHostLocksTest {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();
  static ExecutorService threads;

  @BeforeAll
  static void start() {
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
  }

  static PostgresRunStore store(String lease) throws StoreUnavailable {
    UnaryOperator<String> env = n -> n.equals(PostgresRunStore.LEASE_VARIABLE) ? lease
        : System.getenv(n);
    return PostgresRunStore.open(DB.parsed(), env);
  }

  @RepeatedTest(20)
  void twoControllersRacingForOverlappingHostsNeverBothWin() throws Exception {
    try (PostgresRunStore a = store("30s"); PostgresRunStore b = store("30s")) {
      a.locks().held();
      b.locks().held();
      CyclicBarrier start = new CyclicBarrier(2);
      CompletableFuture<List<HostLocks.Lock>> ra = race(a, start, "run-a", "h1", "h2", "h3");
      CompletableFuture<List<HostLocks.Lock>> rb = race(b, start, "run-b", "h3", "h4");
      List<HostLocks.Lock> ca = ra.get(20, TimeUnit.SECONDS);
      List<HostLocks.Lock> cb = rb.get(20, TimeUnit.SECONDS);

      assertThat(ca.isEmpty() ^ cb.isEmpty()).as("exactly one wins: %s / %s", ca, cb).isTrue();
      String winner = ca.isEmpty() ? "run-a" : "run-b";
      List<HostLocks.Lock> loser = ca.isEmpty() ? cb : ca;
      assertThat(loser).extracting(HostLocks.Lock::runId).containsOnly(winner);
      assertThat(loser).extracting(HostLocks.Lock::host).containsExactly("h3");
      assertThat(a.locks().held()).extracting(HostLocks.Lock::runId).containsOnly(winner);
      (ca.isEmpty() ? a : b).locks().release(winner);
    }
  }

  private static CompletableFuture<List<HostLocks.Lock>> race(RunStore s, CyclicBarrier start,
      String run, String... hosts) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        start.await(10, TimeUnit.SECONDS);
        return s.locks().acquire(run, List.of(hosts));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, threads);
  }

  @Test
  void aStaleLockIsRefusedToAnotherRunAndTakenOverByItsOwnRun() throws Exception {
    try (PostgresRunStore dead = store("1s")) {
      assertThat(dead.locks().acquire("run-dead", List.of("s1", "s2"))).isEmpty();
    }
    try (PostgresRunStore other = store("30s"); PostgresRunStore resume = store("30s")) {
      List<HostLocks.Lock> conflicts = other.locks().acquire("run-new", List.of("s2", "s3"));
      assertThat(conflicts).singleElement().satisfies(l -> {
        assertThat(l.runId()).isEqualTo("run-dead");
        assertThat(l.stale()).isTrue();
        assertThat(l.owner()).isEqualTo(PostgresRunStore.owner());
      });
      assertThat(resume.locks().acquire("run-dead", List.of("s1", "s2"))).isEmpty();
      assertThat(resume.locks().held()).filteredOn(l -> l.runId().equals("run-dead"))
          .allSatisfy(l -> assertThat(l.stale()).isFalse());
      resume.locks().release("run-dead");
    }
  }

  @Test
  void aFreshLockOfTheSameRunHeldByAnotherControllerIsAConflict() throws Exception {
    try (PostgresRunStore first = store("30s"); PostgresRunStore second = store("30s")) {
      assertThat(first.locks().acquire("run-twice", List.of("t1"))).isEmpty();
      assertThat(second.locks().acquire("run-twice", List.of("t1"))).hasSize(1);
      first.locks().release("run-twice");
    }
  }

  @Test
  void aLeaseRunsOutWithoutHeartbeatsAndAHeartbeatRenewsIt() throws Exception {
    try (PostgresRunStore holder = store("1s"); PostgresRunStore watcher = store("30s")) {
      assertThat(holder.locks().lease()).isEqualTo(Duration.ofSeconds(1));
      holder.locks().acquire("run-lease", List.of("l1"));
      holder.locks().heartbeat("run-lease");
      assertThat(stale(watcher, "l1")).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> stale(watcher, "l1"));
      holder.locks().heartbeat("run-lease");
      assertThat(stale(watcher, "l1")).isFalse();
      holder.locks().release("run-lease");
    }
  }

  @Test
  void closingAStoreKeepsTheRunsLocksButEndsItsLeases() throws Exception {
    try (PostgresRunStore paused = store("30s")) {
      paused.locks().acquire("run-paused", List.of("p1"));
    }
    try (PostgresRunStore next = store("30s")) {
      assertThat(next.locks().held()).filteredOn(l -> l.host().equals("p1")).singleElement()
          .satisfies(l -> assertThat(l.stale()).isTrue());
      assertThat(next.locks().forceOpen("run-paused")).containsExactly("p1");
      assertThat(next.locks().held()).noneMatch(l -> l.host().equals("p1"));
    }
  }

  private static boolean stale(RunStore s, String host) throws Exception {
    return s.locks().held().stream().filter(l -> l.host().equals(host)).findFirst().orElseThrow()
        .stale();
  }
}
