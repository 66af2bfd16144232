package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Journal;
import dev.rollout.journal.Failpoint;
import dev.rollout.journal.PgTestDatabase;
import dev.rollout.journal.PostgresRunStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A journal in PostgreSQL is verified as a file is: a row edited in the database makes status
 * name it (exit 3), and history still lists the other runs.
 */
class CorruptPostgresJournalCliTest {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();

  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  void store(String run) throws Exception {
    try (PostgresRunStore store = DB.open()) {
      Journal j = store.create(run, "plan.yml", "name: p\n".getBytes(), "inventory.yml",
          "hosts: {}\n".getBytes()).journal(Failpoint.OFF);
      j.append(new Event.RunStarted(AT, run, "p", List.of("h1"), 0, false));
      j.append(new Event.PreflightPassed(AT, 1));
      j.append(new Event.HostStateChanged(AT, "h1", HostState.PENDING, HostState.CHANGING, ""));
      j.append(new Event.RunInterrupted(AT, "canary"));
    }
  }

  @Test
  void statusNamesTheEditedRowAndHistoryListsTheOtherRuns() throws Exception {
    store("20261201-100000-aaaa");
    store("20261201-100001-bbbb");
    try (Connection c = DB.connect(); PreparedStatement p = c.prepareStatement(
        "UPDATE rollout_events SET event = replace(event, '\"CHANGING\"', '\"ROLLED_BACK\"') "
            + "WHERE run_id = '20261201-100000-aaaa' AND seq = 3")) {
      assertThat(p.executeUpdate()).isEqualTo(1);
    }

    Cli status = Cli.run("status", "20261201-100000-aaaa", "--state", DB.url());
    Cli history = Cli.run("history", "--state", DB.url());

    assertThat(status.code()).as(status.err()).isEqualTo(3);
    assertThat(status.err()).contains("event 3: h1 cannot move from pending to rolled back",
        "event 4: does not follow event 3").doesNotContain("internal error", "Exception");
    assertThat(history.code()).as(history.err()).isZero();
    assertThat(history.out()).contains("20261201-100001-bbbb", "20261201-100000-aaaa",
        "corrupt");
  }
}
