package dev.rollout.journal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where runs live: their journals, the files they started with, and the host locks. */
public interface RunStore extends AutoCloseable {

  /** Creates a run, keeping the plan and inventory exactly as they are now. */
  StoredRun create(String runId, String planFile, byte[] plan, String inventoryFile,
      byte[] inventory) throws IOException;

  /** The run with this id, if the store has it. */
  Optional<StoredRun> open(String runId) throws IOException;

  /** Every run id, newest first. */
  List<String> runIds() throws IOException;

  /**
   * Marks a run made by {@link #create} as queued, to be driven by a worker; {@code options} say
   * how it starts (see {@link RunLease#options}).
   */
  void queue(String runId, String options) throws IOException;

  /** The run's lease as the store has it now. */
  RunLease lease(String runId) throws IOException;

  /**
   * Claims {@code runId} for this controller: increments its fencing token and takes its lease.
   * Every later journal append and lock change of this store for that run carries the token.
   *
   * @throws RunLease.Held when another controller holds a fresh lease on it
   */
  RunLease.Claimed claim(String runId) throws IOException;

  /**
   * Claims the oldest queued run, or else a run whose driver's lease ran out; empty when there is
   * none. Two controllers asking at once never get the same run.
   */
  Optional<RunLease.Claimed> claimNext() throws IOException;

  /**
   * Writes to {@code lease}'s run under its token from now on: a lease claimed through another
   * store object of this same controller.
   */
  void hold(RunLease lease);

  /** Renews this controller's lease on the run; false when the run was taken over (fenced). */
  boolean renew(String runId) throws IOException;

  /**
   * Lets go of the lease on the run, leaving it in {@code status}; false when the run was taken
   * over (fenced), in which case nothing is changed.
   */
  boolean settle(String runId, RunLease.Status status) throws IOException;

  /** Whether a write of this store to the run was refused because another controller took it. */
  boolean fencedOut(String runId);

  /** How long a run's lease lasts without a renewal. */
  default java.time.Duration leaseLength() {
    return locks().lease();
  }

  /** This controller as an owner of leases, {@code pid@machine}. */
  static String self() {
    return FileHostLocks.self();
  }

  /**
   * Registers this process as a worker of the store, refreshing its registration; a reason when
   * it may not be one (a file store already served by a worker on another machine).
   */
  default Optional<String> registerWorker() throws IOException {
    return Optional.empty();
  }

  /** Removes this process's worker registration. */
  default void unregisterWorker() throws IOException {}

  /** The host locks of this store. */
  HostLocks locks();

  /** Where the store is, for messages. */
  String describe();

  @Override
  void close();
}
