package dev.rollout.cli;

import dev.rollout.journal.Fenced;
import dev.rollout.journal.RunStore;
import java.io.IOException;
import java.time.Duration;

/**
 * This controller's lease on the run it drives: renewed with the locks' heartbeat, and asked
 * before every host command whether the controller may still act. Within two thirds of a lease
 * after the last renewal began it may, by this process's monotonic clock (which goes on while
 * the process is frozen); after that it asks the store first. Once the store refused its token
 * (another controller took the run) it never may again.
 */
final class LeaseKeeper {

  private final RunStore store;
  private final String runId;
  private final long trustNanos;
  private volatile long trustedUntil;
  private volatile boolean lost;

  LeaseKeeper(RunStore store, String runId, long claimedAtNanos) {
    this.store = store;
    this.runId = runId;
    Duration lease = store.leaseLength();
    this.trustNanos = lease.toNanos() * 2 / 3;
    this.trustedUntil = claimedAtNanos + trustNanos;
  }

  /** Renews the lease; false when it could not (the store is away, or the run was taken). */
  synchronized boolean renew() {
    long started = System.nanoTime();
    try {
      if (!lost && store.renew(runId)) {
        trustedUntil = started + trustNanos;
        return true;
      }
      lost = true;
    } catch (Fenced f) {
      lost = true;
    } catch (IOException e) {
      // unknown: the store is away; trust runs out on its own
    }
    return false;
  }

  /** Whether this controller may still act on the run's hosts. */
  boolean current() {
    if (lost || store.fencedOut(runId)) {
      lost = true;
      return false;
    }
    return System.nanoTime() - trustedUntil < 0 || renew();
  }

  /** True once the store refused this controller's token. */
  boolean lost() {
    return lost || store.fencedOut(runId);
  }
}
