package dev.rollout.journal;

import java.time.Instant;

/**
 * Who drives a run, under which fencing token, and until when. Every claim of a run (a worker
 * adopting it, {@code apply}, {@code resume}, {@code promote} or {@code abort} taking it up)
 * increments the token; the store refuses a journal append or a lock change that carries a token
 * other than the current one, so a controller that was frozen past its lease writes nothing once
 * another took over.
 *
 * @param runId the run
 * @param status where the run stands for drivers (see {@link Status})
 * @param owner the controller holding the lease, {@code pid@machine}; empty when none ever did
 * @param token the fencing token of the latest claim; 0 before the first
 * @param expires when the lease runs out (the database's clock for PostgreSQL)
 * @param options how a queued run starts ({@code until=canary}, {@code allowUnprovenRollback}),
 *     comma-separated; empty for none
 */
public record RunLease(String runId, Status status, String owner, long token, Instant expires,
    String options) {

  /** A run's standing for drivers: only QUEUED runs and DRIVING runs whose lease ran out are claimed. */
  public enum Status {

    /** Queued by {@code apply --detach}; no one drove it yet, or a worker drained it. */
    QUEUED,
    /** A controller drives it under a lease. */
    DRIVING,
    /** Paused at a gate or on a failure: waits for promote or abort, never adopted. */
    PAUSED,
    /** Interrupted by an operator (Ctrl-C): waits for resume, never adopted. */
    STOPPED,
    /** The run has ended. */
    ENDED;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status of(String column) {
      return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Whether the start options name {@code option}. */
  public boolean has(String option) {
    return java.util.Arrays.asList(options.split(",")).contains(option);
  }

  /**
   * A claim that succeeded: the new lease, and the one it replaced (its owner and token say whose
   * run was adopted).
   */
  public record Claimed(RunLease lease, RunLease before) {

    /** True when another controller drove the run and its lease ran out: a takeover. */
    public boolean adopted() {
      return before.status() == Status.DRIVING && !before.owner().isEmpty();
    }
  }

  /** A claim refused: another controller drives the run and its lease is fresh. */
  public static final class Held extends java.io.IOException {

    private final RunLease lease;

    public Held(RunLease lease) {
      super("run " + lease.runId() + " is driven by " + lease.owner() + " (fencing token "
          + lease.token() + ", lease until "
          + dev.rollout.source.Timestamps.text(lease.expires()) + ")");
      this.lease = lease;
    }

    public RunLease lease() {
      return lease;
    }
  }
}
