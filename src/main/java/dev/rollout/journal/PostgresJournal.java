package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import dev.rollout.engine.JournalFailure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal in PostgreSQL: one row of {@code rollout_events} per event, numbered from 1, each
 * written by one INSERT in autocommit, so an event is durable when {@link #append} returns. The
 * text is the same JSON line a file journal holds, chained by the hash of the row before it
 * (verified on read by {@link JournalContents}, so a forged, removed or reordered row is found).
 * When the connection broke, the append is tried once more on a new connection; the row's number
 * makes that retry safe (an INSERT that did reach the server is found, not doubled). A number already taken by another event means another
 * controller writes to this run, and the append fails. A journal of a store that claimed the
 * run writes each row only while the claim's fencing token is the run's current one (checked in
 * the same statement, the run's row share-locked against a concurrent claim); a refused row is a
 * {@link Fenced} refusal.
 */
final class PostgresJournal implements Journal {

  private static final String INSERT = "INSERT INTO rollout_events (run_id, seq, type, event) "
      + "VALUES (?, ?, ?, ?) ON CONFLICT (run_id, seq) DO NOTHING";
  private static final String FENCED_INSERT = "INSERT INTO rollout_events (run_id, seq, type, "
      + "event) SELECT ?, ?, ?, ? WHERE " + PostgresLeases.CURRENT
      + " ON CONFLICT (run_id, seq) DO NOTHING";
  private static final String SAME = "SELECT event = ? FROM rollout_events WHERE run_id = ? "
      + "AND seq = ?";

  private final PostgresConnection db;
  private final String where;
  private final String runId;
  private final List<Event> events;
  private final Failpoint failpoint;
  private final PostgresLeases leases;
  private String lastHash;
  private int lastSeq;

  /** Appends to the run after its rows as {@code existing} read them. */
  PostgresJournal(PostgresConnection db, String where, String runId, JournalContents existing,
      Failpoint failpoint, PostgresLeases leases) {
    this.leases = leases;
    this.db = db;
    this.where = where;
    this.runId = runId;
    this.events = new ArrayList<>(existing.events());
    this.lastHash = existing.lastHash();
    this.lastSeq = Math.toIntExact(existing.lastPosition());
    this.failpoint = failpoint;
  }

  @Override
  public void append(Event event) {
    int count;
    synchronized (this) {
      String line = EventCodec.encode(event, lastHash);
      write(event, line, lastSeq + 1);
      lastSeq++;
      lastHash = EventCodec.hash(line.getBytes(StandardCharsets.UTF_8));
      events.add(event);
      count = events.size();
    }
    failpoint.reached(count);
  }

  private void write(Event event, String line, int seq) {
    try {
      db.call(c -> insert(c, seq, event, line));
    } catch (SQLException first) {
      try {
        db.call(c -> insert(c, seq, event, line));
      } catch (SQLException e) {
        e.addSuppressed(first);
        throw new JournalFailure("cannot write the journal to " + where + ": " + e.getMessage(),
            e);
      }
    }
  }

  private Void insert(Connection c, int seq, Event event, String line) throws SQLException {
    Long token = leases.token(runId);
    try (PreparedStatement p = c.prepareStatement(token == null ? INSERT : FENCED_INSERT)) {
      p.setString(1, runId);
      p.setInt(2, seq);
      p.setString(3, event.getClass().getSimpleName());
      p.setString(4, line);
      if (token != null) {
        p.setString(5, runId);
        p.setLong(6, token);
      }
      if (p.executeUpdate() == 1) {
        return null;
      }
    }
    try (PreparedStatement p = c.prepareStatement(SAME)) {
      p.setString(1, line);
      p.setString(2, runId);
      p.setInt(3, seq);
      try (ResultSet r = p.executeQuery()) {
        if (r.next() && r.getBoolean(1)) {
          return null;
        }
      }
    }
    if (token != null && PostgresLeases.read(c, runId).map(l -> l.token() != token)
        .orElse(true)) {
      throw leases.refused(c, runId).asJournalFailure();
    }
    throw new JournalFailure("event " + seq + " of run " + runId + " in " + where
        + " was written by another controller; this one stops", null);
  }

  @Override
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /**
   * The rows of a run, in order and verified; {@code where} names the store in messages. The
   * row's number is the position of a problem.
   */
  static JournalContents read(Connection c, String runId, String where) throws SQLException {
    List<JournalContents.Line> lines = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT seq, event FROM rollout_events WHERE run_id = ? ORDER BY seq")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          lines.add(new JournalContents.Line(r.getInt(1), r.getString(2).getBytes(
              StandardCharsets.UTF_8)));
        }
      }
    }
    return JournalContents.read("of run " + runId + " in " + where, "event", lines, false);
  }
}
