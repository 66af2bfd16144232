package dev.rollout.engine;

/** How a run ended. The command line maps each to its exit code. */
public enum Outcome {
  /** Every target changed and healthy (tolerated failures were rolled back). Exit 0. */
  COMPLETED,
  /** The change failed; every changed host was rolled back and is healthy. Exit 1. */
  ROLLED_BACK,
  /** A rollback failed, a host's state is unknown, or the run halted or paused on failure. Exit 3. */
  NEEDS_ATTENTION,
  /** Stopped at a gate, waiting for promote. Exit 5. */
  PAUSED,
  /**
   * Stopped on a failure with {@code onFailure: pause}: hosts are left as they are, the locks
   * kept, waiting for promote (go on, counting the failure) or abort. Never journaled in {@code
   * RunEnded}: the run has not ended. Exit 3.
   */
  PAUSED_ON_FAILURE,
  /** Preflight refused the run; nothing was changed. Exit 6. */
  PREFLIGHT_REFUSED,
  /** Interrupted; resume goes on. Exit 130. */
  INTERRUPTED,
  /**
   * The journal could not be written (disk full, database gone): the run stopped where it was,
   * starting nothing more; resume goes on once the journal is back. Exit 3.
   */
  JOURNAL_LOST
}
