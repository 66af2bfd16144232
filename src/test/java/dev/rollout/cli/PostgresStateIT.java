package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.journal.PgTestDatabase;
import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real controllers (child JVMs running the jar) sharing PostgreSQL state: one killed with SIGKILL
 * whose lease runs out and whose run a second controller resumes, and two started at the same
 * instant on overlapping hosts, of which exactly one runs.
 */
class PostgresStateIT {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();
  static final Map<String, String> SHORT_LEASE = Map.of("ROLLOUT_LOCK_LEASE", "2s");
  @TempDir static Path temp;
  static TestFleet fleet;
  Path dir;

  @BeforeAll
  static void startFleet() {
    fleet = TestFleet.start(temp.resolve("fleet"), 3);
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void prepare() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
      Files.deleteIfExists(h.sandbox().resolve("config.bak"));
    }
    dir = Files.createTempDirectory(temp, "run");
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
    Files.writeString(dir.resolve("plan.yml"), """
        name: pg-it
        targets: all
        strategy: { canary: 1, soak: 2s, waves: [1, 100%], waveSoak: 200ms }
        change:
          - run: cp config config.bak
          - run: echo v2 > config
        verify:
          - run: grep -qx v2 config
        rollback:
          - run: if [ -e config.bak ]; then cp config.bak config; fi
        """);
  }

  ChildController controller(int pauseAt, String... command) {
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
        java.util.stream.Stream.of("-i", "inventory.yml", "--state", DB.url()))
        .toArray(String[]::new);
    return ChildController.start(dir, pauseAt, SHORT_LEASE, args);
  }

  @Test
  void aKilledControllersLeaseRunsOutAndAnotherControllerResumesItsRun() throws Exception {
    ChildController first = controller(9, "apply", "plan.yml", "--yes");
    assertThat(first.awaitPauseOrExit()).as(first.stderr()).isTrue();
    first.kill();
    String run = latestRun();

    await().atMost(Duration.ofSeconds(20)).until(() -> liveLeases(run) == 0);
    ChildController second = controller(0, "resume", run);
    int code = second.waitForExit();

    assertThat(code).as(second.stderr()).isZero();
    for (TestHost h : fleet.hosts()) {
      assertThat(Files.readString(h.sandbox().resolve("config"))).isEqualTo("v2\n");
    }
    assertThat(lockCount()).isZero();
  }

  @RepeatedTest(2)
  void twoControllersStartedAtOnceOnTheSameHostsExactlyOneRuns() throws Exception {
    ChildController a = controller(0, "apply", "plan.yml", "--yes");
    ChildController b = controller(0, "apply", "plan.yml", "--yes");
    int ca = a.waitForExit();
    int cb = b.waitForExit();

    assertThat(new int[] {ca, cb}).as(a.stderr() + "\n---\n" + b.stderr())
        .containsExactlyInAnyOrder(0, 4);
    String loser = ca == 4 ? a.stderr() : b.stderr();
    String winner = ca == 4 ? b.stderr() : a.stderr();
    String winningRun = winner.replaceAll("(?s).*rollout: run (\\S+) \\(journal in.*", "$1");
    assertThat(loser).contains("is locked by run " + winningRun);
  }

  private static String latestRun() throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT max(run_id) FROM rollout_runs")) {
      r.next();
      return r.getString(1);
    }
  }

  private static int liveLeases(String run) throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM rollout_host_locks WHERE run_id = '"
            + run + "' AND expires_at > now()")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static int lockCount() throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM rollout_host_locks")) {
      r.next();
      return r.getInt(1);
    }
  }
}
