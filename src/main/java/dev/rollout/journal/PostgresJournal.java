package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import dev.rollout.engine.JournalFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal in PostgreSQL: one row of {@code rollout_events} per event, numbered from 1, each
 * written by one INSERT in autocommit, so an event is durable when {@link #append} returns. The
 * text is the same JSON line a file journal holds. When the connection broke, the append is tried
 * once more on a new connection; the row's number makes that retry safe (an INSERT that did reach
 * the server is found, not doubled). A number already taken by another event means another
 * controller writes to this run, and the append fails.
 */
final class PostgresJournal implements Journal {

  private static final String INSERT = "INSERT INTO rollout_events (run_id, seq, type, event) "
      + "VALUES (?, ?, ?, ?) ON CONFLICT (run_id, seq) DO NOTHING";
  private static final String SAME = "SELECT event = ? FROM rollout_events WHERE run_id = ? "
      + "AND seq = ?";

  private final PostgresConnection db;
  private final String where;
  private final String runId;
  private final List<Event> events;
  private final Failpoint failpoint;

  PostgresJournal(PostgresConnection db, String where, String runId, List<Event> existing,
      Failpoint failpoint) {
    this.db = db;
    this.where = where;
    this.runId = runId;
    this.events = new ArrayList<>(existing);
    this.failpoint = failpoint;
  }

  @Override
  public void append(Event event) {
    int count;
    synchronized (this) {
      write(event, events.size() + 1);
      events.add(event);
      count = events.size();
    }
    failpoint.reached(count);
  }

  private void write(Event event, int seq) {
    String line = EventCodec.encode(event);
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
    try (PreparedStatement p = c.prepareStatement(INSERT)) {
      p.setString(1, runId);
      p.setInt(2, seq);
      p.setString(3, event.getClass().getSimpleName());
      p.setString(4, line);
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
    throw new JournalFailure("event " + seq + " of run " + runId + " in " + where
        + " was written by another controller; this one stops", null);
  }

  @Override
  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The events of a run, in order. */
  static List<Event> read(Connection c, String runId) throws SQLException {
    List<Event> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT seq, event FROM rollout_events WHERE run_id = ? ORDER BY seq")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(decode(runId, r.getInt(1), r.getString(2)));
        }
      }
    }
    return out;
  }

  private static Event decode(String runId, int seq, String line) throws SQLException {
    try {
      return EventCodec.decode(line);
    } catch (IllegalArgumentException e) {
      throw new SQLException("run " + runId + ", event " + seq + ": " + e.getMessage(), e);
    }
  }
}
