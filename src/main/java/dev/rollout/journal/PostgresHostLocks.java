package dev.rollout.journal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Host locks as rows of {@code rollout_host_locks}, one per host (the primary key). Each lock is
 * a lease that ends at {@code expires_at}; every time is the database's {@code now()}, so
 * controllers whose clocks disagree still agree on which lease ran out. Taking locks happens in
 * one transaction under a transaction-level advisory lock: two controllers racing for
 * overlapping hosts are serialized, and the second sees the first's rows. A lock of another run
 * is a conflict, stale or not (only a resume of that run, or a forced unlock, takes it over); a
 * fresh lock of the same run held by another controller is a conflict too. Each store instance is
 * one session: its heartbeat renews only its own leases, and {@link #letGo} ends them when the
 * controller exits while the run keeps its locks.
 */
final class PostgresHostLocks implements HostLocks {

  private static final String SERIALIZE =
      "SELECT pg_advisory_xact_lock(hashtext('rollout-locks:' || current_database()))";
  private static final String COLUMNS = "SELECT host, run_id, owner, heartbeat_at, "
      + "expires_at <= now() AS stale, session FROM rollout_host_locks ";
  private static final String UPSERT = "INSERT INTO rollout_host_locks (host, run_id, owner, "
      + "session, expires_at) VALUES (?, ?, ?, ?, now() + ?::interval) ON CONFLICT (host) DO "
      + "UPDATE SET run_id = excluded.run_id, owner = excluded.owner, session = excluded.session, "
      + "heartbeat_at = now(), expires_at = excluded.expires_at";

  private final PostgresConnection db;
  private final Duration lease;
  private final String owner;
  private final String session = UUID.randomUUID().toString();
  private final PostgresLeases leases;

  PostgresHostLocks(PostgresConnection db, Duration lease, String owner, PostgresLeases leases) {
    this.leases = leases;
    this.db = db;
    this.lease = lease;
    this.owner = owner;
  }

  @Override
  public Duration lease() {
    return lease;
  }

  @Override
  public List<Lock> acquire(String runId, List<String> hosts) throws IOException {
    return sql(() -> db.inTransaction(c -> {
      run(c, SERIALIZE);
      fence(c, runId);
      List<Lock> conflicts = new ArrayList<>();
      for (Row r : select(c, "WHERE host = ANY(?) ORDER BY host",
          (Object) hosts.toArray(String[]::new))) {
        if (!r.lock().runId().equals(runId) || !r.lock().stale() && !r.session().equals(
            session)) {
          conflicts.add(r.lock());
        }
      }
      if (conflicts.isEmpty()) {
        for (String h : hosts) {
          update(c, UPSERT, h, runId, owner, session, interval());
        }
      }
      return conflicts;
    }));
  }

  @Override
  public void heartbeat(String runId) throws IOException {
    sql(() -> db.inTransaction(c -> {
      fence(c, runId);
      return update(c, "UPDATE rollout_host_locks SET heartbeat_at = now(), "
          + "expires_at = now() + ?::interval WHERE run_id = ? AND session = ?", interval(), runId,
          session);
    }));
  }

  @Override
  public void release(String runId) throws IOException {
    sql(() -> db.inTransaction(c -> {
      fence(c, runId);
      return update(c, "DELETE FROM rollout_host_locks WHERE run_id = ? AND session = ?", runId,
          session);
    }));
  }

  /**
   * Refuses a lock change of a run this store claimed once another controller took it over: the
   * run's row is share-locked until the transaction ends, so a claim cannot slip in between.
   */
  private void fence(Connection c, String runId) throws SQLException {
    Long token = leases.token(runId);
    if (token == null) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("SELECT " + PostgresLeases.CURRENT)) {
      p.setString(1, runId);
      p.setLong(2, token);
      try (ResultSet r = p.executeQuery()) {
        if (r.next() && r.getBoolean(1)) {
          return;
        }
      }
    }
    throw leases.refused(c, runId);
  }

  @Override
  public List<String> forceOpen(String runId) throws IOException {
    return sql(() -> db.inTransaction(c -> {
      run(c, SERIALIZE);
      List<String> hosts = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("DELETE FROM rollout_host_locks WHERE "
          + "run_id = ? RETURNING host")) {
        p.setString(1, runId);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            hosts.add(r.getString(1));
          }
        }
      }
      return hosts.stream().sorted().toList();
    }));
  }

  @Override
  public List<Lock> held() throws IOException {
    return sql(() -> db.call(c -> select(c, "ORDER BY host").stream().map(Row::lock).toList()));
  }

  /** Ends this controller's leases: the run keeps its locks, and they are stale from now on. */
  void letGo() throws IOException {
    sql(() -> db.call(c -> update(c, "UPDATE rollout_host_locks SET expires_at = now() WHERE "
        + "session = ? AND expires_at > now()", session)));
  }

  private String interval() {
    return lease.toMillis() + " milliseconds";
  }

  /** A lock row and the store session that holds it. */
  private record Row(Lock lock, String session) {}

  private static List<Row> select(Connection c, String tail, Object... args) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(COLUMNS + tail)) {
      bind(c, p, args);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Row(new Lock(r.getString(1), r.getString(2), r.getString(3),
              r.getTimestamp(4).toInstant(), r.getBoolean(5)), r.getString(6)));
        }
      }
    }
    return out;
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      bind(c, p, args);
      return p.executeUpdate();
    }
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.execute();
    }
  }

  private static void bind(Connection c, PreparedStatement p, Object... args)
      throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof String[] a) {
        p.setArray(i + 1, c.createArrayOf("text", a));
      } else {
        p.setString(i + 1, (String) args[i]);
      }
    }
  }

  /** A database call. */
  @FunctionalInterface
  interface Sql<T> {
    T run() throws SQLException;
  }

  static <T> T sql(Sql<T> call) throws IOException {
    try {
      return call.run();
    } catch (SQLException e) {
      throw new StoreUnavailable("the state store: " + e.getMessage(), e);
    }
  }
}
