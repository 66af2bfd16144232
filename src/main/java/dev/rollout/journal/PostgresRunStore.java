package dev.rollout.journal;

import static dev.rollout.journal.PostgresHostLocks.sql;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import dev.rollout.source.Durations;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs and host locks in a PostgreSQL database shared by every controller: {@code rollout_runs}
 * (the plan and inventory as each run started), {@code rollout_events} (the journals) and {@code
 * rollout_host_locks}, created and migrated on first use (see {@link PostgresSchema}). One JDBC
 * connection per store, reopened on the next operation when it broke. Closing the store ends the
 * leases this controller still holds, so a paused run can be promoted from anywhere at once.
 */
public final class PostgresRunStore implements RunStore {

  /** Where the lease length is set, for tests and for slow networks. */
  public static final String LEASE_VARIABLE = "ROLLOUT_LOCK_LEASE";

  private final PostgresUrl url;
  private final PostgresConnection db;
  private final PostgresHostLocks locks;
  private final PostgresLeases leases;

  private PostgresRunStore(PostgresUrl url, UnaryOperator<String> env, String owner) {
    this.url = url;
    this.db = new PostgresConnection(url, env);
    this.leases = new PostgresLeases(db, lease(env), owner);
    this.locks = new PostgresHostLocks(db, lease(env), owner, leases);
  }

  /**
   * Connects, and creates or migrates the schema when it is not the latest.
   *
   * @throws StoreUnavailable when the database cannot be reached or used
   */
  public static PostgresRunStore open(PostgresUrl url, UnaryOperator<String> env)
      throws StoreUnavailable {
    return open(url, env, owner());
  }

  /** As {@link #open(PostgresUrl, UnaryOperator)}, leasing runs as {@code owner}. */
  static PostgresRunStore open(PostgresUrl url, UnaryOperator<String> env, String owner)
      throws StoreUnavailable {
    PostgresRunStore store = new PostgresRunStore(url, env, owner);
    try {
      PostgresSchema.migrate(store.db, owner());
    } catch (SQLException e) {
      store.db.close();
      throw new StoreUnavailable("cannot use the state store " + url + ": " + e.getMessage(), e);
    }
    return store;
  }

  /**
   * The lease of host locks: {@code -Drollout.lock.lease} or {@code ROLLOUT_LOCK_LEASE} ({@code
   * 30s}, {@code 2s}, {@code 1500ms}), else {@link HostLocks#LEASE}; at least one second.
   */
  static Duration lease(UnaryOperator<String> env) {
    String v = System.getProperty("rollout.lock.lease", env.apply(LEASE_VARIABLE));
    if (v == null || v.isBlank()) {
      return HostLocks.LEASE;
    }
    Duration d = Durations.parse(v).orElseThrow(() -> new IllegalArgumentException(
        LEASE_VARIABLE + " is not a duration such as 30s: " + v));
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(LEASE_VARIABLE + " must be at least 1s: " + v);
    }
    return d;
  }

  static String owner() {
    return ProcessHandle.current().pid() + "@" + FileHostLocks.machine();
  }

  @Override
  public StoredRun create(String runId, String planFile, byte[] plan, String inventoryFile,
      byte[] inventory) throws IOException {
    sql(() -> db.call(c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_runs (run_id, "
          + "plan_file, plan, inventory_file, inventory) VALUES (?, ?, ?, ?, ?)")) {
        p.setString(1, runId);
        p.setString(2, planFile);
        p.setBytes(3, plan);
        p.setString(4, inventoryFile);
        p.setBytes(5, inventory);
        return p.executeUpdate();
      }
    }));
    return new PostgresRun(runId, planFile, plan, inventoryFile, inventory);
  }

  @Override
  public Optional<StoredRun> open(String runId) throws IOException {
    return sql(() -> db.call(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT plan_file, plan, inventory_file, "
          + "inventory FROM rollout_runs WHERE run_id = ?")) {
        p.setString(1, runId);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(new PostgresRun(runId, r.getString(1), r.getBytes(2),
              r.getString(3), r.getBytes(4))) : Optional.empty();
        }
      }
    }));
  }

  @Override
  public List<String> runIds() throws IOException {
    return sql(() -> db.call(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(
          "SELECT run_id FROM rollout_runs ORDER BY run_id DESC");
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      return ids;
    }));
  }

  @Override
  public void queue(String runId, String options) throws IOException {
    leases.queue(runId, options);
  }

  @Override
  public RunLease lease(String runId) throws IOException {
    return leases.lease(runId);
  }

  @Override
  public RunLease.Claimed claim(String runId) throws IOException {
    return leases.claim(runId);
  }

  @Override
  public Optional<RunLease.Claimed> claimNext() throws IOException {
    return leases.claimNext();
  }

  @Override
  public void hold(RunLease lease) {
    leases.hold(lease);
  }

  @Override
  public boolean renew(String runId) throws IOException {
    return leases.renew(runId);
  }

  @Override
  public boolean settle(String runId, RunLease.Status status) throws IOException {
    return leases.settle(runId, status);
  }

  @Override
  public boolean fencedOut(String runId) {
    return leases.lost(runId);
  }

  @Override
  public HostLocks locks() {
    return locks;
  }

  @Override
  public String describe() {
    return url.toString();
  }

  @Override
  public void close() {
    try {
      locks.letGo();
    } catch (IOException e) {
      // the database is away: the leases run out on their own
    }
    db.close();
  }

  /** A run row; its events are read from the database each time they are asked for. */
  private final class PostgresRun implements StoredRun {

    private final String runId;
    private final String planFile;
    private final byte[] plan;
    private final String inventoryFile;
    private final byte[] inventory;

    PostgresRun(String runId, String planFile, byte[] plan, String inventoryFile,
        byte[] inventory) {
      this.runId = runId;
      this.planFile = planFile;
      this.plan = plan.clone();
      this.inventoryFile = inventoryFile;
      this.inventory = inventory.clone();
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public String planFile() {
      return planFile;
    }

    @Override
    public String inventoryFile() {
      return inventoryFile;
    }

    @Override
    public byte[] plan() {
      return plan.clone();
    }

    @Override
    public byte[] inventory() {
      return inventory.clone();
    }

    @Override
    public List<Event> events() throws IOException {
      return contents().verified();
    }

    private JournalContents contents() throws IOException {
      return sql(() -> db.call(c -> PostgresJournal.read(c, runId, url.toString())));
    }

    @Override
    public int unchainedLines() throws IOException {
      return contents().unchained();
    }

    @Override
    public boolean tornTail() {
      return false;
    }

    @Override
    public Journal journal(Failpoint failpoint) throws IOException {
      return new PostgresJournal(db, url.toString(), runId, contents(), failpoint, leases);
    }
  }
}
