package dev.rollout.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of a PostgreSQL store, created and migrated by Rollout itself on first use. {@code
 * rollout_schema_version} holds one row per migration applied. Migrating happens in one
 * transaction under a transaction-level advisory lock, so two controllers starting at once do
 * not both migrate: the second waits, then finds the work done. A store whose schema is newer
 * than this release knows is refused rather than written to.
 */
final class PostgresSchema {

  /** Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. */
  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE rollout_runs (
        run_id text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        plan_file text NOT NULL,
        plan bytea NOT NULL,
        inventory_file text NOT NULL,
        inventory bytea NOT NULL);
      CREATE TABLE rollout_events (
        run_id text NOT NULL REFERENCES rollout_runs ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        event text NOT NULL,
        PRIMARY KEY (run_id, seq));
      CREATE TABLE rollout_host_locks (
        host text PRIMARY KEY,
        run_id text NOT NULL,
        owner text NOT NULL,
        session text NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL);
      CREATE INDEX rollout_host_locks_run ON rollout_host_locks (run_id);
      ""","""
      ALTER TABLE rollout_runs
        ADD COLUMN status text NOT NULL DEFAULT 'stopped'
          CHECK (status IN ('queued', 'driving', 'paused', 'stopped', 'ended')),
        ADD COLUMN owner text NOT NULL DEFAULT '',
        ADD COLUMN fencing_token bigint NOT NULL DEFAULT 0,
        ADD COLUMN lease_expires_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN start_options text NOT NULL DEFAULT '';
      CREATE INDEX rollout_runs_claimable ON rollout_runs (status, created_at);
      """);

  static final int LATEST = MIGRATIONS.size();

  private PostgresSchema() {}

  /** Brings the schema to {@link #LATEST}; returns the number of migrations applied. */
  static int migrate(PostgresConnection db, String by) throws SQLException {
    if (db.call(PostgresSchema::version) == LATEST) {
      return 0;
    }
    return db.inTransaction(c -> {
      try (PreparedStatement lock = c.prepareStatement(
          "SELECT pg_advisory_xact_lock(hashtext('rollout-migrate:' || current_database()))")) {
        lock.execute();
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS rollout_schema_version (version integer PRIMARY "
            + "KEY, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL)");
      }
      int from = version(c);
      for (int v = from; v < LATEST; v++) {
        apply(c, v, by);
      }
      return LATEST - from;
    });
  }

  private static void apply(Connection c, int v, String by) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(MIGRATIONS.get(v));
    }
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO rollout_schema_version (version, applied_by) VALUES (?, ?)")) {
      p.setInt(1, v + 1);
      p.setString(2, by);
      p.executeUpdate();
    }
  }

  /** The schema's version: 0 when there are no tables yet. */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT to_regclass('rollout_schema_version') IS NOT NULL")) {
      r.next();
      if (!r.getBoolean(1)) {
        return 0;
      }
    }
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT coalesce(max(version), 0) FROM rollout_schema_version")) {
      r.next();
      int v = r.getInt(1);
      if (v > LATEST) {
        throw new SQLException("the state store's schema is version " + v + ", newer than this "
            + "Rollout knows (" + LATEST + "); upgrade Rollout", "RO001");
      }
      return v;
    }
  }
}
