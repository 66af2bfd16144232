package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code rollout worker} refuses before it starts: exit 2, and why, with what to do. */
class WorkerCommandTest {

  @TempDir Path dir;

  @Test
  void refusesAStateDirectoryAlreadyServedByAWorkerOnAnotherMachine() throws Exception {
    Path workers = Files.createDirectories(dir.resolve("state/workers"));
    Files.writeString(workers.resolve("4242@another-machine"), "2026-12-02T00:00:00Z");

    ApplyOverOpenSshTest.Result r = WorkerFleet.rollout("worker", "--state",
        dir.resolve("state").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("served by a worker on another machine (4242@another-machine)",
        "keep the state in PostgreSQL: --state postgresql://");
  }

  @Test
  void refusesAMaxRunsOfZero() {
    ApplyOverOpenSshTest.Result r = WorkerFleet.rollout("worker", "--state",
        dir.resolve("state").toString(), "--max-runs", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--max-runs must be between 1 and 1000: 0");
  }

  @Test
  void detachRefusesNotifyAndQueuesNothing() throws Exception {
    Files.writeString(dir.resolve("inventory.yml"), "hosts:\n  a: { address: 127.0.157.250 }\n");
    Files.writeString(dir.resolve("plan.yml"), "name: p\ntargets: [a]\nstrategy: {canary: 1}\n"
        + "change: [{run: 'true'}]\n");

    ApplyOverOpenSshTest.Result r = WorkerFleet.rollout("apply", dir.resolve("plan.yml")
        .toString(), "-i", dir.resolve("inventory.yml").toString(), "--yes", "--detach",
        "--notify", "https://hooks.example.net/x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--notify cannot be used with --detach");
    assertThat(dir.resolve(".rollout")).doesNotExist();
  }
}
