package dev.rollout.cli;

import static dev.rollout.cli.WorkerFleet.ROLLBACK;
import static dev.rollout.cli.WorkerFleet.VERIFY_OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.PgTestDatabase;
import dev.rollout.testfleet.OpenSshServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database outage of 20 s while a worker drives two runs in soak: the worker says it cannot
 * reach the state store and retries with backoff; once the database is back, it takes its runs
 * up again, and each ends completed with every host changed once. The outage is a TCP proxy on
 * loopback in front of the shared server, cut and restored; the server is never stopped.
 */
class WorkerOutageIT {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();
  @TempDir static Path temp;
  static WorkerFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    fleet = new WorkerFleet(temp.resolve("fleet"), 2, 30);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aTwentySecondOutageLosesNoRunAndDrivesNoneTwice() throws Exception {
    var pg = DB.parsed();
    try (PgProxy proxy = new PgProxy("127.0.157.200", pg.host(), pg.port())) {
      String url = "postgresql://" + pg.user() + "@127.0.157.200:" + proxy.port() + "/"
          + DB.name();
      String[] runs = new String[2];
      for (int i = 0; i < 2; i++) {
        Path plan = fleet.plan("outage-" + i, List.of("h" + (i + 1)), "{canary: 1, soak: 8s}",
            VERIFY_OK, ROLLBACK);
        ApplyOverOpenSshTest.Result r = WorkerFleet.rollout("apply", plan.toString(), "-i",
            fleet.inventory().toString(), "--state", url, "--yes", "--detach");
        assertThat(r.code()).as(r.err()).isZero();
        runs[i] = r.out().trim();
      }
      ChildController worker = WorkerFleet.worker(temp, url, "6s");
      try {
        for (String run : runs) {
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
              .until(() -> WorkerFleet.events(DB.url(), run).stream()
                  .anyMatch(Event.SoakStarted.class::isInstance));
        }
        long cut = System.nanoTime();
        proxy.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.stderr()
            .contains("cannot use the state store"));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
            .until(() -> System.nanoTime() - cut >= Duration.ofSeconds(20).toNanos());
        proxy.restore();
        for (String run : runs) {
          RunRecord rec = WorkerFleet.awaitEnded(DB.url(), run, Duration.ofSeconds(90));
          assertThat(rec.outcome()).as(worker.stderr()).contains(Outcome.COMPLETED);
        }
        assertThat(worker.stderr()).contains("answers again");
      } finally {
        worker.signal("TERM");
        worker.waitForExit();
      }
      assertThat(fleet.count("h1", "change-count")).isEqualTo(1);
      assertThat(fleet.count("h2", "change-count")).isEqualTo(1);
      assertThat(fleet.count("h1", "rollback-count")).isZero();
    }
  }
}
