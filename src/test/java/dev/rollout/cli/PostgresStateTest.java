package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.journal.PgTestDatabase;
import dev.rollout.testfleet.FleetInventory;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run scenarios of the file state, with {@code --state postgresql://...}: every command reads
 * and writes the database, and nothing is kept beside the inventory. Each test ends its run, so
 * the next finds the hosts unlocked.
 */
class PostgresStateTest {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();
  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  @TempDir Path dir;

  record Result(int code, String out, String err) {
    String runId() {
      Matcher m = Pattern.compile("rollout: run (\\S+) \\(journal in").matcher(err);
      assertThat(m.find()).as(err).isTrue();
      return m.group(1);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    for (TestHost h : fleet.hosts()) {
      Files.writeString(h.sandbox().resolve("config"), "v1\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), FleetInventory.yaml(fleet, Map.of()));
  }

  Result rollout(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = Stream.concat(Stream.of(args), Stream.of("-i",
        dir.resolve("inventory.yml").toString(), "--state", DB.url())).toArray(String[]::new);
    int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  String plan(String verify, String soak) throws IOException {
    Path p = dir.resolve("plan.yml");
    Files.writeString(p, """
        name: pg
        targets: all
        strategy: { canary: 1, soak: %s, waves: [1, 100%%], waveSoak: 100ms }
        change:
          - run: cp config config.bak
          - run: echo v2 > config
        verify:
          - run: %s
        rollback:
          - run: if [ -e config.bak ]; then cp config.bak config; fi
        health:
          interval: 100ms
          probes:
            - name: health endpoint
              http: "${vars.health}"
        """.formatted(soak, verify));
    return p.toString();
  }

  @Test
  void aSuccessfulRunIsReadBackByStatusHistoryAndReport() throws IOException {
    Result r = rollout("apply", plan("grep -qx v2 config", "200ms"), "--yes");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("journal in " + DB.url());
    assertThat(dir.resolve(".rollout")).doesNotExist();
    String run = r.runId();
    Result status = rollout("status", run);
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains(run, "host-1", "host-2", "host-3");
    Result history = rollout("history");
    assertThat(history.out()).contains(run, "completed");
    assertThat(rollout("report", run).out()).contains("# Rollout run", "**completed**");
  }

  @Test
  void aFailedCanaryIsRolledBackAndReportedFromTheDatabase() throws IOException {
    Result r = rollout("apply", plan("grep -qx v3 config", "200ms"), "--yes");

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(rollout("report", r.runId()).out()).contains("**rolled_back**",
        "rollback-started");
    for (TestHost h : fleet.hosts()) {
      assertThat(Files.readString(h.sandbox().resolve("config"))).isEqualTo("v1\n");
    }
  }

  @Test
  void aPausedRunHoldsItsHostsAgainstAnotherRunAndIsPromotedByTheNextController()
      throws IOException {
    String plan = plan("grep -qx v2 config", "100ms");
    Result paused = rollout("apply", plan, "--yes", "--until", "canary");
    assertThat(paused.code()).as(paused.err()).isEqualTo(5);

    Result other = rollout("apply", plan, "--yes");
    assertThat(other.code()).as(other.err()).isEqualTo(4);
    assertThat(other.err()).contains("is locked by run " + paused.runId(), "STALE");

    Result promoted = rollout("promote", paused.runId());
    assertThat(promoted.code()).as(promoted.err()).isZero();
    assertThat(rollout("history").out()).contains(paused.runId());
  }

  @Test
  void aStateUrlWithAPasswordIsRefusedWithoutShowingIt() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"history", "--state",
        "postgresql://postgres:Hunter2pw@127.0.0.1:5432/x"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true));
    Result r = new Result(code, "", err.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("contains a password", "hint:", "PGPASSWORD", "~/.pgpass")
        .doesNotContain("Hunter2pw");
  }

  /**
   * The controller cannot end its leases while the database is away, so they run their course:
   * 2 s here ({@code rollout.lock.lease}), 30 s by default.
   */
  @Test
  void theDatabaseGoingAwayStopsTheRunAndResumeFinishesItWhenItIsBack() throws Exception {
    System.setProperty("rollout.lock.lease", "2s");
    String plan = plan("grep -qx v2 config", "3s");
    DB.open().close();
    int soaks = soaksStarted();
    CompletableFuture<Result> first = CompletableFuture.supplyAsync(() ->
        rollout("apply", plan, "--yes"));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> first.isDone() || soaksStarted() > soaks);
    Result r;
    try {
      DB.goAway();
      r = first.get();
    } finally {
      DB.comeBack();
      System.clearProperty("rollout.lock.lease");
    }

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.err()).contains("journal could not be written", "not currently accepting "
        + "connections", "rollout resume ");
    assertThat(r.out()).contains("untouched   host-2, host-3");
    assertThat(Files.readString(fleet.host(3).sandbox().resolve("config"))).isEqualTo("v1\n");
    await().atMost(Duration.ofSeconds(20)).until(PostgresStateTest::everyLeaseRanOut);
    Result resumed = rollout("resume", r.runId());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    for (TestHost h : fleet.hosts()) {
      assertThat(Files.readString(h.sandbox().resolve("config"))).isEqualTo("v2\n");
    }
  }

  private static boolean everyLeaseRanOut() throws Exception {
    try (Connection c = DB.connect(); PreparedStatement p = c.prepareStatement(
        "SELECT count(*) FROM rollout_host_locks WHERE expires_at > now()")) {
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getInt(1) == 0;
      }
    }
  }

  private static int soaksStarted() throws Exception {
    try (Connection c = DB.connect(); PreparedStatement p = c.prepareStatement(
        "SELECT count(*) FROM rollout_events WHERE type = 'SoakStarted'")) {
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }
}
