package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import dev.rollout.engine.JournalFailure;
import dev.rollout.journal.RunLease.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run leases and fencing tokens in both stores (a state directory, and a real PostgreSQL): each
 * claim increments the token, a fresh lease of another controller is refused, a lease that ran
 * out is taken over, and the old owner's journal appends, lock changes, renewals and settling
 * are refused from then on. Two controllers are two store objects with different owners. The
 * subclasses run it over each store: {@link FileRunLeaseTest}, {@link PostgresRunLeaseTest}.
 */
abstract class RunLeaseFencingContract {

  private static int runs;

  @BeforeAll
  static void shortLease() {
    System.setProperty("rollout.lock.lease", "1s");
  }

  @AfterAll
  static void defaultLease() {
    System.clearProperty("rollout.lock.lease");
  }

  /** A store of this kind as controller {@code owner} opens it. */
  abstract RunStore store(String owner) throws IOException;

  private static synchronized String newRun(RunStore s) throws IOException {
    String id = "20260101-000000-" + String.format("%04d", ++runs);
    s.create(id, "plan.yml", "name: p\n".getBytes(), "inv.yml", "hosts: {}\n".getBytes());
    return id;
  }

  private static Event event(String text) {
    return new Event.RunResumed(Instant.now(), text, "");
  }

  @Test
  void aTakeoverFencesEveryWriteOfTheOldOwner() throws Exception {
    try (RunStore a = store("1@machine-a"); RunStore b = store("2@machine-b")) {
      String run = newRun(a);
      RunLease.Claimed first = a.claim(run);
      assertThat(first.lease().token()).isEqualTo(1);
      assertThat(first.adopted()).isFalse();
      Journal ja = a.open(run).orElseThrow().journal(Failpoint.OFF);
      ja.append(new Event.RunStarted(Instant.now(), run, "p", List.of("web-1"), 0, false));
      ja.append(event("a"));
      a.locks().acquire(run, List.of("web-1"));
      assertThat(a.renew(run)).isTrue();

      assertThatThrownBy(() -> b.claim(run)).isInstanceOf(RunLease.Held.class)
          .hasMessageContaining("1@machine-a");
      RunLease.Claimed second = await().atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100)).until(() -> tryClaim(b, run),
              Optional::isPresent).orElseThrow();
      assertThat(second.lease().token()).isEqualTo(2);
      assertThat(second.adopted()).isTrue();
      assertThat(second.before().owner()).isEqualTo("1@machine-a");
      Journal jb = b.open(run).orElseThrow().journal(Failpoint.OFF);
      jb.append(event("b"));

      assertThatThrownBy(() -> ja.append(event("a again"))).isInstanceOf(JournalFailure.class)
          .hasMessageContaining("taken over by 2@machine-b").hasCauseInstanceOf(Fenced.class);
      assertThat(a.fencedOut(run)).isTrue();
      assertThat(a.renew(run)).isFalse();
      assertThat(a.settle(run, Status.ENDED)).isFalse();
      assertThatThrownBy(() -> a.locks().heartbeat(run)).isInstanceOf(Fenced.class);
      assertThatThrownBy(() -> a.locks().release(run)).isInstanceOf(Fenced.class);
      assertThat(b.open(run).orElseThrow().events()).filteredOn(Event.RunResumed.class::isInstance)
          .extracting(e -> ((Event.RunResumed) e).by()).containsExactly("a", "b");
      assertThat(b.settle(run, Status.ENDED)).isTrue();
      assertThat(b.lease(run).status()).isEqualTo(Status.ENDED);
    }
  }

  @Test
  void racingWorkersClaimEachQueuedRunOnce() throws Exception {
    List<String> queued = new ArrayList<>();
    try (RunStore q = store("9@queue")) {
      while (q.claimNext().isPresent()) {
        // leftovers of another test: claimed away, so only this test's runs are queued
      }
      for (int i = 0; i < 12; i++) {
        String id = newRun(q);
        q.queue(id, "until=canary");
        queued.add(id);
      }
    }
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        String owner = (10 + w) + "@worker-" + w;
        workers.add(pool.submit(() -> {
          try (RunStore s = store(owner)) {
            for (Optional<RunLease.Claimed> c = s.claimNext(); c.isPresent(); c = s.claimNext()) {
              assertThat(c.get().lease().has("until=canary")).isTrue();
              claimed.add(c.get().lease().runId());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(queued);
  }

  private static Optional<RunLease.Claimed> tryClaim(RunStore s, String run) throws IOException {
    try {
      return Optional.of(s.claim(run));
    } catch (RunLease.Held h) {
      return Optional.empty();
    }
  }
}
