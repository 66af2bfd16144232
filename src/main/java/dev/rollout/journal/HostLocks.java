package dev.rollout.journal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * One lock per host, held by a run from preflight until it ends (a paused run keeps its locks).
 * Locks are leases: the holder renews them with {@link #heartbeat}; a lock whose lease ran out or
 * whose holder process is gone is stale, yet only the run that holds it may take it over (by
 * resume), or an operator who forces it open.
 */
public interface HostLocks {

  /** How long a lock stays fresh without a heartbeat. */
  java.time.Duration LEASE = java.time.Duration.ofSeconds(30);

  /**
   * How long this store's locks stay fresh without a heartbeat; the holder renews them well
   * within it.
   */
  default java.time.Duration lease() {
    return LEASE;
  }

  /** A lock held by a run. */
  record Lock(String host, String runId, String owner, Instant heartbeat, boolean stale) {}

  /**
   * Takes the locks of {@code hosts} for {@code runId}, all or none. Locks this run already holds
   * are taken over (a resume) when this process holds them or they are stale; a fresh lock of this
   * run held by another process is a conflict, as is any lock of another run. Returns the
   * conflicting locks; empty means taken.
   */
  List<Lock> acquire(String runId, List<String> hosts) throws IOException;

  /** Renews this run's leases. */
  void heartbeat(String runId) throws IOException;

  /** Releases every lock of this run. */
  void release(String runId) throws IOException;

  /** Removes every lock of {@code runId}, whoever asks; returns the hosts it held. */
  List<String> forceOpen(String runId) throws IOException;

  /** Every lock held now. */
  List<Lock> held() throws IOException;
}
