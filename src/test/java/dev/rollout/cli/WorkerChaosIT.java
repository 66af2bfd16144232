package dev.rollout.cli;

import static dev.rollout.cli.WorkerFleet.VERIFY_OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.PgTestDatabase;
import dev.rollout.testfleet.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real workers (child JVMs) drive 30 queued runs over real OpenSSH hosts and a real
 * PostgreSQL while a chaos loop SIGKILLs a random worker at random times (at most 20 kills, each
 * killed worker restarted at once) until every run has ended. Each run then has the outcome its
 * plan calls for, no host was changed twice, no step ran on a host after its rollback began, and
 * every host's file agrees with its run's journal. The seed is printed, and {@code
 * -Dchaos.seed=N} replays a schedule.
 */
class WorkerChaosIT {

  static final int RUNS = 30;
  static final int WORKERS = 3;
  static final int MAX_KILLS = 20;

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();
  @TempDir static Path temp;
  static WorkerFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    fleet = new WorkerFleet(temp.resolve("fleet"), RUNS, 40);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  /** What a run's plan does: a good change, a change whose verify fails, or a failing undo. */
  enum Kind {
    GOOD(VERIFY_OK, WorkerFleet.ROLLBACK_IF_BACKED_UP),
    BAD_CHANGE("false", WorkerFleet.ROLLBACK_IF_BACKED_UP), BAD_ROLLBACK("false", "false");

    final String verify;
    final String rollback;

    Kind(String verify, String rollback) {
      this.verify = verify;
      this.rollback = rollback;
    }

    static Kind of(int run) {
      return run % 6 == 4 ? BAD_CHANGE : run % 10 == 9 ? BAD_ROLLBACK : GOOD;
    }
  }

  @Test
  void thirtyRunsEndRightWhileWorkersAreKilledAtRandom() throws Exception {
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    System.out.println("WorkerChaosIT seed: " + seed + " (-Dchaos.seed=" + seed + ")");
    Random random = new Random(seed);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String host = "h" + (i + 1);
      Kind kind = Kind.of(i);
      Path plan = fleet.plan("chaos-" + i, List.of(host), "{canary: 1, soak: 2s}", kind.verify,
          kind.rollback);
      ApplyOverOpenSshTest.Result r = WorkerFleet.rollout("apply", plan.toString(), "-i",
          fleet.inventory().toString(), "--state", DB.url(), "--yes", "--detach");
      assertThat(r.code()).as(r.err()).isZero();
      runs.add(r.out().trim());
    }

    List<ChildController> workers = new ArrayList<>();
    List<ChildController> all = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      workers.add(started(all));
    }
    int kills = 0;
    try {
      while (kills < MAX_KILLS && !allEnded(runs)) {
        long pause = 300 + random.nextInt(2700);
        long until = System.nanoTime() + Duration.ofMillis(pause).toNanos();
        // waits out the random pause, or less once every run has ended
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> System.nanoTime() >= until || allEnded(runs));
        if (allEnded(runs)) {
          break;
        }
        int victim = random.nextInt(WORKERS);
        workers.get(victim).kill();
        kills++;
        workers.set(victim, started(all));
      }
      for (String run : runs) {
        RunRecord r = WorkerFleet.awaitEnded(DB.url(), run, Duration.ofSeconds(180));
        assertThat(r.outcome()).as(run + " ended").isPresent();
      }
    } finally {
      for (ChildController w : workers) {
        w.signal("TERM");
      }
      for (ChildController w : workers) {
        w.waitForExit();
      }
      for (int i = 0; i < all.size(); i++) {
        Files.writeString(temp.resolve("worker-" + i + ".log"), all.get(i).stderr());
      }
    }
    System.out.println("WorkerChaosIT: " + kills + " workers killed");

    int adoptions = 0;
    java.util.Map<Outcome, Integer> tally = new java.util.TreeMap<>();
    for (int i = 0; i < RUNS; i++) {
      String host = "h" + (i + 1);
      String what = "run " + i + " (" + Kind.of(i) + ") on " + host + ", seed " + seed;
      List<Event> events = WorkerFleet.events(DB.url(), runs.get(i));
      RunRecord r = RunRecord.fold(events);
      adoptions += (int) events.stream().filter(Event.RunAdopted.class::isInstance).count();
      r.outcome().ifPresent(o -> tally.merge(o, 1, Integer::sum));
      int changes = fleet.count(host, "change-count");
      assertThat(changes).as(what + ": changed at most once").isLessThanOrEqualTo(1);
      assertNoStepAfterRollback(what, events, host);
      String file = Files.readString(fleet.home(host).resolve("app.conf")).strip();
      switch (Kind.of(i)) {
        case GOOD -> {
          // a kill inside a change step leaves it unknown: verify decides, and a change found
          // not in place is rolled back, so both outcomes are right if the host agrees
          assertThat(r.outcome().get()).as(what).isIn(Outcome.COMPLETED, Outcome.ROLLED_BACK);
          String expected = r.outcome().get() == Outcome.COMPLETED ? "v2" : "v1";
          assertThat(file).as(what).isEqualTo(expected);
          assertThat(changes).as(what).isEqualTo(expected.equals("v2") ? 1 : changes);
          assertThat(r.hosts().get(host)).as(what).isEqualTo(r.outcome().get()
              == Outcome.COMPLETED ? HostState.CHANGED : HostState.ROLLED_BACK);
        }
        case BAD_CHANGE -> {
          assertThat(r.outcome()).as(what).contains(Outcome.ROLLED_BACK);
          assertThat(file).as(what).isEqualTo("v1");
          assertThat(fleet.count(host, "rollback-count")).as(what).isGreaterThanOrEqualTo(1);
        }
        case BAD_ROLLBACK -> {
          assertThat(r.outcome()).as(what).contains(Outcome.NEEDS_ATTENTION);
          assertThat(r.hosts().get(host)).as(what).isNotEqualTo(HostState.ROLLED_BACK);
        }
        default -> throw new AssertionError(Kind.of(i));
      }
      if (Kind.of(i) == Kind.GOOD && r.outcome().get() == Outcome.COMPLETED) {
        assertThat(fleet.count(host, "rollback-count")).as(what + ": no rollback").isZero();
      }
    }
    System.out.println("WorkerChaosIT: " + adoptions + " adoptions; outcomes " + tally);
    assertThat(kills).as("the chaos loop killed workers").isPositive();
    assertThat(adoptions).as("killed workers' runs were adopted").isPositive();
  }

  /** Once a rollback of {@code host} began, no change or verify step started on it. */
  private static void assertNoStepAfterRollback(String what, List<Event> events, String host) {
    boolean rollingBack = false;
    Set<String> seen = new HashSet<>();
    for (Event e : events) {
      if (e instanceof Event.RollbackStarted rs && rs.hosts().contains(host)) {
        rollingBack = true;
      }
      if (rollingBack && e instanceof Event.StepStarted st && st.host().equals(host)) {
        seen.add(st.phase());
      }
    }
    assertThat(seen).as(what + ": phases started after the rollback began")
        .isSubsetOf(Set.of("rollback"));
  }

  private static ChildController started(List<ChildController> all) {
    ChildController w = WorkerFleet.worker(temp, DB.url(), "6s", "--max-runs", "5");
    all.add(w);
    return w;
  }

  private static boolean allEnded(List<String> runs) {
    try (var store = dev.rollout.journal.PostgresRunStore.open(
        dev.rollout.journal.PostgresUrl.parse(DB.url(), System::getenv), System::getenv)) {
      for (String run : runs) {
        if (RunRecord.fold(store.open(run).orElseThrow().events()).outcome().isEmpty()) {
          return false;
        }
      }
      return true;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
