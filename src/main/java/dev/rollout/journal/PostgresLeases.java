package dev.rollout.journal;

import static dev.rollout.journal.PostgresHostLocks.sql;

import dev.rollout.journal.RunLease.Status;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run leases as columns of {@code rollout_runs}: {@code status}, {@code owner}, {@code
 * fencing_token}, {@code lease_expires_at} (the database's clock) and {@code start_options}. A
 * claim is one UPDATE that increments the token; {@link #claimNext} picks a row with {@code FOR
 * UPDATE SKIP LOCKED}, so workers racing for runs never take the same one. The token this store
 * claimed each run with is kept here: the journal and the locks fence their writes with it.
 */
final class PostgresLeases {

  private static final String COLUMNS = "run_id, status, owner, fencing_token, "
      + "lease_expires_at, start_options";
  /** A run another controller may take: queued, or driven under a lease that ran out. */
  static final String CLAIMABLE = "(status = 'queued' OR status = 'driving' AND "
      + "lease_expires_at <= now())";
  private static final String CLAIM = "UPDATE rollout_runs r SET status = 'driving', owner = ?, "
      + "fencing_token = r.fencing_token + 1, lease_expires_at = now() + ?::interval FROM (SELECT "
      + COLUMNS + " FROM rollout_runs WHERE %s FOR UPDATE %s) b WHERE r.run_id = b.run_id "
      + "RETURNING r.run_id, r.status, r.owner, r.fencing_token, r.lease_expires_at, "
      + "r.start_options, b.run_id, b.status, b.owner, b.fencing_token, b.lease_expires_at, "
      + "b.start_options";
  /** A statement's condition: this store's token is the run's current one (row share-locked). */
  static final String CURRENT = "EXISTS (SELECT 1 FROM rollout_runs WHERE run_id = ? AND "
      + "fencing_token = ? FOR SHARE)";

  private final PostgresConnection db;
  private final Duration lease;
  private final String owner;
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();

  PostgresLeases(PostgresConnection db, Duration lease, String owner) {
    this.db = db;
    this.lease = lease;
    this.owner = owner;
  }

  /** The token this store writes to {@code runId} with; null when it never claimed it. */
  Long token(String runId) {
    return tokens.get(runId);
  }

  void hold(RunLease l) {
    tokens.put(l.runId(), l.token());
  }

  boolean lost(String runId) {
    return lost.contains(runId);
  }

  /** Records that a write with this store's token was refused, and throws the refusal. */
  Fenced refused(Connection c, String runId) throws SQLException {
    lost.add(runId);
    RunLease now = read(c, runId).orElseThrow(() -> new SQLException("run " + runId
        + " is gone"));
    return new Fenced(runId, tokens.getOrDefault(runId, 0L), now.token(), now.owner());
  }

  void queue(String runId, String options) throws IOException {
    sql(() -> db.call(c -> update(c, "UPDATE rollout_runs SET status = 'queued', start_options = ?, "
        + "lease_expires_at = now() WHERE run_id = ?", options, runId)));
  }

  RunLease lease(String runId) throws IOException {
    return sql(() -> db.call(c -> read(c, runId))).orElseThrow(() -> new IOException("no run "
        + runId + " in the state store"));
  }

  RunLease.Claimed claim(String runId) throws IOException {
    Optional<RunLease.Claimed> c = sql(() -> db.inTransaction(conn -> run(conn, String.format(
        CLAIM, "run_id = ? AND (status <> 'driving' OR lease_expires_at <= now() OR owner = ?)",
        ""), owner, interval(), runId, owner)));
    if (c.isPresent()) {
      return c.get();
    }
    throw new RunLease.Held(lease(runId));
  }

  Optional<RunLease.Claimed> claimNext() throws IOException {
    return sql(() -> db.inTransaction(c -> run(c, String.format(CLAIM, CLAIMABLE
        + " ORDER BY created_at, run_id LIMIT 1", "SKIP LOCKED"), owner, interval())));
  }

  boolean renew(String runId) throws IOException {
    return fenced(runId, "UPDATE rollout_runs SET lease_expires_at = now() + ?::interval WHERE "
        + "run_id = ? AND fencing_token = ?", interval());
  }

  boolean settle(String runId, Status status) throws IOException {
    boolean ok = fenced(runId, "UPDATE rollout_runs SET status = ?, lease_expires_at = now() "
        + "WHERE run_id = ? AND fencing_token = ?", status.column());
    if (ok) {
      tokens.remove(runId);
    }
    return ok;
  }

  private boolean fenced(String runId, String sql, String first) throws IOException {
    Long token = tokens.get(runId);
    if (token == null || lost.contains(runId)) {
      return false;
    }
    int n = sql(() -> db.call(c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setString(1, first);
        p.setString(2, runId);
        p.setLong(3, token);
        return p.executeUpdate();
      }
    }));
    if (n == 0) {
      lost.add(runId);
    }
    return n == 1;
  }

  private String interval() {
    return lease.toMillis() + " milliseconds";
  }

  private Optional<RunLease.Claimed> run(Connection c, String sql, String... args)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        RunLease now = lease(r, 1);
        tokens.put(now.runId(), now.token());
        lost.remove(now.runId());
        return Optional.of(new RunLease.Claimed(now, lease(r, 7)));
      }
    }
  }

  static Optional<RunLease> read(Connection c, String runId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
        + " FROM rollout_runs WHERE run_id = ?")) {
      p.setString(1, runId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(lease(r, 1)) : Optional.empty();
      }
    }
  }

  private static RunLease lease(ResultSet r, int from) throws SQLException {
    return new RunLease(r.getString(from), Status.of(r.getString(from + 1)),
        r.getString(from + 2), r.getLong(from + 3), r.getTimestamp(from + 4).toInstant(),
        r.getString(from + 5));
  }

  private static int update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      return p.executeUpdate();
    }
  }
}
