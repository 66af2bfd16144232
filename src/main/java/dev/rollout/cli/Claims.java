package dev.rollout.cli;

import dev.rollout.engine.Outcome;
import dev.rollout.journal.Fenced;
import dev.rollout.journal.RunLease;
import dev.rollout.journal.RunStore;
import java.io.IOException;

/** How a driven run's lease is taken, and what it is left as when the driver is done. */
final class Claims {

  private Claims() {}

  /** Claims the run for this controller; exit 4 when another one drives it now. */
  static RunLease.Claimed claim(RunStore store, String runId) throws IOException {
    try {
      return store.claim(runId);
    } catch (RunLease.Held h) {
      RunLease l = h.lease();
      throw new RolloutException(ExitCode.LOCKED, "run " + runId + " is being driven by "
          + l.owner() + " (its lease runs until " + dev.rollout.source.Timestamps.text(l.expires())
          + ")", "wait for it: rollout wait " + runId + "; or follow it: rollout status " + runId
          + " --watch").with("lease", java.util.Map.of("owner", l.owner(), "expires",
          l.expires()));
    }
  }

  /**
   * What the run's lease is left as: an ended run ended, a paused one paused, an interrupted one
   * {@code onInterrupt} (stopped for resume, or queued again when a worker drains), and a run
   * whose journal was lost let go at once, so that any controller adopts it once the store is
   * back. Best effort: when the store is away, the lease runs out on its own.
   */
  static void settle(RunStore store, String runId, Outcome o, RunLease.Status onInterrupt) {
    RunLease.Status status = o == null ? RunLease.Status.DRIVING : switch (o) {
      case COMPLETED, ROLLED_BACK, NEEDS_ATTENTION, PREFLIGHT_REFUSED -> RunLease.Status.ENDED;
      case PAUSED, PAUSED_ON_FAILURE -> RunLease.Status.PAUSED;
      case INTERRUPTED -> onInterrupt;
      case JOURNAL_LOST -> RunLease.Status.DRIVING;
    };
    letBack(store, runId, status);
  }

  /** Leaves the run as {@code status}, letting go of this controller's lease. */
  static void letBack(RunStore store, String runId, RunLease.Status status) {
    try {
      store.settle(runId, status);
    } catch (IOException | Fenced e) {
      // the store is away or the run was taken: nothing of ours to let go
    }
  }

  /** Who holds the run's lease now, for messages. */
  static String holder(RunStore store, String runId) {
    try {
      RunLease l = store.lease(runId);
      return "now " + l.owner() + ", fencing token " + l.token();
    } catch (IOException e) {
      return "the state store cannot say who holds it now";
    }
  }
}
