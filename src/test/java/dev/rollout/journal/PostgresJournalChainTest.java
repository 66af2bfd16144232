package dev.rollout.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rows of a PostgreSQL journal are chained as the lines of a file are: a row changed, removed,
 * swapped or added by hand in the database is found, with its number, and a forced controller
 * appends after the last row.
 */
class PostgresJournalChainTest {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();

  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  static final List<Event> RUN = List.of(
      new Event.RunStarted(AT, "r", "p", List.of("h1", "h2"), 0, false),
      new Event.PreflightPassed(AT, 2),
      new Event.StageStarted(AT, "canary", List.of("h1")),
      new Event.HostStateChanged(AT, "h1", HostState.PENDING, HostState.CHANGING, ""),
      new Event.RunPaused(AT, "canary", "--until canary"));

  String run;

  @BeforeEach
  void writeARun() throws Exception {
    run = "20261201-100000-" + UUID.randomUUID().toString().substring(0, 4);
    try (PostgresRunStore store = DB.open()) {
      Journal j = store.create(run, "plan.yml", new byte[0], "inventory.yml", new byte[0])
          .journal(Failpoint.OFF);
      RUN.forEach(j::append);
    }
  }

  JournalContents read() throws Exception {
    try (PostgresRunStore store = DB.open()) {
      try {
        store.open(run).orElseThrow().events();
        return null;
      } catch (JournalCorrupt c) {
        return c.contents();
      }
    }
  }

  List<String> problems() throws Exception {
    JournalContents c = read();
    return c == null ? List.of() : c.problems().stream().map(c::describe).toList();
  }

  void sql(String statement, Object... args) throws SQLException {
    try (Connection c = DB.connect(); PreparedStatement p = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.executeUpdate();
    }
  }

  @Test
  void anUneditedJournalReadsWithoutProblems() throws Exception {
    assertThat(problems()).isEmpty();
  }

  @Test
  void aChangedRowIsFound() throws Exception {
    sql("UPDATE rollout_events SET event = replace(event, '\"targets\":2', '\"targets\":3') "
        + "WHERE run_id = ? AND seq = 2", run);

    assertThat(problems()).containsExactly("event 3: does not follow event 2: that event was "
        + "changed, or events were removed or moved between them");
  }

  @Test
  void aRemovedRowIsFound() throws Exception {
    sql("DELETE FROM rollout_events WHERE run_id = ? AND seq = 3", run);

    assertThat(problems()).containsExactly("event 4: does not follow event 2: that event was "
        + "changed, or events were removed or moved between them");
  }

  @Test
  void swappedRowsAreFound() throws Exception {
    sql("UPDATE rollout_events e SET event = o.event, type = o.type FROM rollout_events o "
        + "WHERE e.run_id = ? AND o.run_id = e.run_id AND e.seq + o.seq = 7 AND e.seq IN (3, 4)",
        run);

    assertThat(problems()).contains("event 3: does not follow event 2: that event was "
        + "changed, or events were removed or moved between them");
  }

  @Test
  void aRowAddedByHandIsFound() throws Exception {
    sql("INSERT INTO rollout_events (run_id, seq, type, event) VALUES (?, 6, 'Promoted', ?)", run,
        EventCodec.encode(new Event.Promoted(AT, "someone")));

    assertThat(problems()).containsExactly("event 6: carries no hash of the event before it, "
        + "though the events before it do (added by hand?)");
  }

  @Test
  void aForcedControllerAppendsAfterTheLastRowAndKeepsTheChain() throws Exception {
    String forged = EventCodec.encode(new Event.HostStateChanged(AT, "h2", HostState.PENDING,
        HostState.ROLLED_BACK, ""), EventCodec.hash(lastRow().getBytes(
            java.nio.charset.StandardCharsets.UTF_8)));
    sql("INSERT INTO rollout_events (run_id, seq, type, event) VALUES (?, 6, 'x', ?)", run, forged);
    assertThat(problems()).containsExactly("event 6: h2 cannot move from pending to rolled back");

    try (PostgresRunStore store = DB.open()) {
      StoredRun r = store.open(run).orElseThrow();
      assertThatThrownBy(r::events).isInstanceOf(JournalCorrupt.class)
          .hasMessageContaining("event 6: h2 cannot move");
      r.journal(Failpoint.OFF).append(new Event.AbortRequested(AT, "someone"));
    }

    JournalContents after = read();
    assertThat(after.problems()).hasSize(1);
    assertThat(after.lastPosition()).isEqualTo(7);
    assertThat(after.events()).hasSize(6).last().isInstanceOf(Event.AbortRequested.class);
  }

  private String lastRow() throws SQLException {
    try (Connection c = DB.connect(); PreparedStatement p = c.prepareStatement(
        "SELECT event FROM rollout_events WHERE run_id = ? ORDER BY seq DESC LIMIT 1")) {
      p.setString(1, run);
      try (var r = p.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
