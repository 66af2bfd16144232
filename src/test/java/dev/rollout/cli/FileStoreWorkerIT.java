package dev.rollout.cli;

import static dev.rollout.cli.WorkerFleet.ROLLBACK;
import static dev.rollout.cli.WorkerFleet.VERIFY_OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.engine.Event;
import dev.rollout.journal.FileJournal;
import dev.rollout.testfleet.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory on one machine: a worker adopts the run of an {@code apply} killed with
 * SIGKILL mid-change (its lease ran out at once: its process is gone), finishes it, and {@code
 * wait} exits 0; the host was changed once.
 */
class FileStoreWorkerIT {

  @TempDir static Path temp;
  static WorkerFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    fleet = new WorkerFleet(temp.resolve("fleet"), 2, 20);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aWorkerAdoptsTheRunOfAKilledApply() throws Exception {
    Path plan = fleet.plan("adopt", List.of("h1", "h2"), "{canary: 1, soak: 1s, waves: [100%]}",
        VERIFY_OK, ROLLBACK);
    Path state = temp.resolve("state");
    ChildController apply = ChildController.start(temp, 6, "apply", plan.toString(), "-i",
        fleet.inventory().toString(), "--state", state.toString(), "--yes");
    assertThat(apply.awaitPauseOrExit()).as(apply.stderr()).isTrue();
    apply.kill();
    String run = ChildController.onlyRun(state);

    ChildController worker = ChildController.start(temp, 0, Map.of(), "worker", "--state",
        state.toString(), "--poll", "300ms");
    try {
      ApplyOverOpenSshTest.Result waited = WorkerFleet.rollout("wait", run, "--state",
          state.toString());
      assertThat(waited.code()).as(waited.err() + worker.stderr()).isZero();
    } finally {
      worker.signal("TERM");
      assertThat(worker.waitForExit()).as(worker.stderr()).isZero();
    }
    List<Event> events = FileJournal.read(state.resolve("runs").resolve(run)
        .resolve("journal.jsonl")).verified();
    assertThat(events).filteredOn(Event.RunAdopted.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((Event.RunAdopted) e).from()).startsWith(apply.pid() + "@"));
    assertThat(worker.stderr()).contains("adopted from " + apply.pid() + "@");
    assertThat(fleet.count("h1", "change-count")).isEqualTo(1);
    assertThat(fleet.count("h2", "change-count")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> !worker.alive());
    assertThat(Files.readString(fleet.home("h2").resolve("app.conf"))).isEqualTo("v2\n");
  }
}
