package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL store against a real server: schema, runs and journals. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresRunStoreTest {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();

  @Test
  @Order(1)
  void createsTheSchemaOnFirstUseAndRecordsItsVersion() throws Exception {
    try (PostgresRunStore store = DB.open()) {
      assertThat(store.runIds()).isEmpty();
    }
    assertThat(versions()).containsExactly("1", "2");
    assertThat(query("SELECT count(*) FROM rollout_host_locks")).containsExactly("0");
  }

  @Test
  @Order(2)
  void aSecondOpenDoesNotMigrateAgain() throws Exception {
    try (PostgresRunStore ignored = DB.open()) {
      List<String> before = query("SELECT version || ' ' || applied_at FROM "
          + "rollout_schema_version");
      try (PostgresConnection c = new PostgresConnection(DB.parsed(), System::getenv)) {
        assertThat(PostgresSchema.migrate(c, "test")).isZero();
      }
      try (PostgresRunStore again = DB.open()) {
        assertThat(query("SELECT version || ' ' || applied_at FROM rollout_schema_version"))
            .isEqualTo(before);
      }
    }
  }

  @Test
  void journalEventsRoundTripInOrder() throws Exception {
    List<Event> written = new ArrayList<>();
    try (PostgresRunStore store = DB.open()) {
      StoredRun run = store.create("20250101-000000-rt", "plan.yml", "name: p\n".getBytes(),
          "inv.yml", "hosts: {}\n".getBytes());
      Journal j = run.journal(Failpoint.OFF);
      Event started = new Event.RunStarted(Instant.parse("2025-01-01T00:00:00Z"),
          "20250101-000000-rt", "p", IntStream.range(0, 25).mapToObj(i -> "host-" + i).toList(),
          0, false);
      j.append(started);
      written.add(started);
      for (int i = 0; i < 25; i++) {
        Event e = new Event.PreflightChecked(Instant.parse("2025-01-01T00:00:00Z")
            .plus(Duration.ofMillis(i)), "host-" + i, i % 2 == 0, "reason \u0000 \"" + i + "\"");
        j.append(e);
        written.add(e);
      }
      assertThat(j.events()).isEqualTo(written);
    }
    try (PostgresRunStore other = DB.open()) {
      StoredRun run = other.open("20250101-000000-rt").orElseThrow();
      assertThat(run.events()).isEqualTo(written);
      assertThat(run.plan()).isEqualTo("name: p\n".getBytes());
      assertThat(run.inventoryFile()).isEqualTo("inv.yml");
      assertThat(run.tornTail()).isFalse();
    }
  }

  @Test
  void listsRunsNewestFirstAndKnowsNoOtherRun() throws Exception {
    try (PostgresRunStore store = DB.open()) {
      store.create("20250102-000000-aa", "p", new byte[0], "i", new byte[0]);
      store.create("20250103-000000-bb", "p", new byte[0], "i", new byte[0]);

      assertThat(store.runIds()).containsSubsequence("20250103-000000-bb", "20250102-000000-aa");
      assertThat(store.open("no-such-run")).isEmpty();
      assertThat(store.describe()).startsWith("postgresql://").doesNotContain(":***");
    }
  }

  @Test
  void anAppendSurvivesADroppedConnectionByReconnecting() throws Exception {
    try (PostgresRunStore store = DB.open()) {
      Journal j = store.create("20250104-000000-rc", "p", new byte[0], "i", new byte[0])
          .journal(Failpoint.OFF);
      j.append(new Event.RunStarted(Instant.EPOCH, "20250104-000000-rc", "p", List.of("a", "b"),
          0, false));
      j.append(new Event.PreflightChecked(Instant.EPOCH, "a", true, ""));
      query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
          + "current_database() AND pid <> pg_backend_pid()");
      j.append(new Event.PreflightChecked(Instant.EPOCH, "b", true, ""));

      assertThat(store.open("20250104-000000-rc").orElseThrow().events()).hasSize(3);
    }
  }

  private static List<String> versions() throws SQLException {
    return query("SELECT version FROM rollout_schema_version ORDER BY version");
  }

  static List<String> query(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DB.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
