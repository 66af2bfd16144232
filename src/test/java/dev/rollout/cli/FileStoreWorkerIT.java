package dev.rollout.cli;

import static dev.rollout.cli.WorkerFleet.ROLLBACK;
import static dev.rollout.cli.WorkerFleet.VERIFY_OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
 * wait} exits 0; the host was changed once. With {@code --output json} a worker's stdout is JSON
 * Lines: its own lines and each run's events and summary, with the run's id.
 */
class FileStoreWorkerIT {

  @TempDir static Path temp;
  static WorkerFleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    Assumptions.assumeTrue(OpenSshServer.available(),
        "OpenSSH is not installed (apt-get install openssh-server): " + OpenSshServer.SSHD);
    fleet = new WorkerFleet(temp.resolve("fleet"), 3, 20);
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

  @Test
  void withOutputJsonAWorkerPrintsItsLinesAndEachRunsJsonLinesWithTheRunsId() throws Exception {
    Path plan = fleet.plan("queued", List.of("h3"), "{canary: 1, soak: 0s, waves: [100%]}",
        VERIFY_OK, ROLLBACK);
    Path state = temp.resolve("state-json");
    ApplyOverOpenSshTest.Result queued = WorkerFleet.rollout("apply", plan.toString(), "-i",
        fleet.inventory().toString(), "--state", state.toString(), "--yes", "--detach");
    assertThat(queued.code()).as(queued.err()).isZero();
    String run = ChildController.onlyRun(state);
    Path cwd = Files.createDirectories(temp.resolve("json-worker"));

    ChildController worker = ChildController.start(cwd, 0, Map.of(), "worker", "--state",
        state.toString(), "--poll", "300ms", "--output", "json");
    try {
      ApplyOverOpenSshTest.Result waited = WorkerFleet.rollout("wait", run, "--state",
          state.toString());
      assertThat(waited.code()).as(waited.err() + worker.stderr()).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(cwd.resolve(
          "child-stdout.txt")).contains("no longer driven by this worker"));
    } finally {
      worker.signal("TERM");
      assertThat(worker.waitForExit()).as(worker.stderr()).isZero();
    }
    List<JsonNode> lines = Files.readAllLines(cwd.resolve("child-stdout.txt")).stream()
        .map(CiOutputTest::parse).toList();
    assertThat(lines).allSatisfy(l -> {
      assertThat(l.get("schemaVersion").asInt()).isOne();
      assertThat(l.get("kind").asText()).isIn("log", "event", "summary");
    });
    assertThat(lines.get(0).get("text").asText()).startsWith("worker ").contains(" started: ");
    assertThat(lines).filteredOn(l -> !l.get("kind").asText().equals("log"))
        .hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l.get("runId").asText()).isEqualTo(run));
    assertThat(lines).filteredOn(l -> l.get("kind").asText().equals("summary")).singleElement()
        .satisfies(l -> assertThat(l.get("exitCode").asInt()).isZero());
    assertThat(lines).anySatisfy(l -> {
      assertThat(l.path("runId").asText()).isEqualTo(run);
      assertThat(l.get("text").asText()).startsWith("claimed with fencing token ");
    });
    assertThat(lines.get(lines.size() - 1).get("text").asText()).endsWith(" stopped");
    assertThat(worker.stderr()).contains("run " + run + ": ")
        .doesNotContain("\"kind\"");
    assertThat(fleet.count("h3", "change-count")).isEqualTo(1);
  }
}
