package dev.rollout.cli;

import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunState;
import dev.rollout.engine.Wire;
import dev.rollout.source.Timestamps;
import dev.rollout.journal.HostLocks;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** The lock rules of a driven run. */
final class Locking {

  private Locking() {}

  static void take(HostLocks locks, String runId, List<String> hosts) throws IOException {
    take(locks, runId, hosts, null);
  }

  /**
   * Takes the run's host locks. {@code fencedOwner}, when not null, is the controller whose lease
   * on the run ran out and that this one just adopted the run from, bumping its fencing token:
   * that one can no longer renew its host locks, which may still look fresh for up to one lock
   * lease (the two leases are renewed a moment apart), so they are waited out rather than
   * refused. A fresh lock of any other controller is refused at once.
   */
  static void take(HostLocks locks, String runId, List<String> hosts, String fencedOwner)
      throws IOException {
    String me = ProcessHandle.current().pid() + "@" + machine();
    long deadline = System.nanoTime() + locks.lease().toNanos() + 2_000_000_000L;
    for (HostLocks.Lock l = drivenByOther(locks, runId, me); l != null;
        l = drivenByOther(locks, runId, me)) {
      if (!l.owner().equals(fencedOwner) || System.nanoTime() - deadline > 0) {
        throw new RolloutException(ExitCode.LOCKED, "run " + runId + " is being driven by "
            + l.owner() + " (lock on " + l.host() + " renewed " + Timestamps.text(l.heartbeat())
            + ")", "wait for it, or stop that controller first").with("lock", holder(l, 0));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while " + l.owner()
            + "'s locks of run " + runId + " ran out");
      }
    }
    List<HostLocks.Lock> conflicts = locks.acquire(runId, hosts);
    if (!conflicts.isEmpty()) {
      HostLocks.Lock c = conflicts.get(0);
      throw new RolloutException(ExitCode.LOCKED, "host " + c.host() + " is locked by run "
          + c.runId() + " (" + c.owner() + (c.stale() ? ", STALE: its controller is gone"
              : "") + ")" + (conflicts.size() > 1 ? " and " + (conflicts.size() - 1)
              + " more host(s)" : ""), c.stale() ? "finish that run first: rollout resume "
              + c.runId() + " (or rollout abort " + c.runId() + "); --force-unlock "
              + c.runId() + " if you know better" : "wait for run " + c.runId() + " to end")
          .with("lock", holder(c, conflicts.size() - 1))
          .with("lockedHosts", conflicts.stream().map(HostLocks.Lock::host).toList());
    }
  }

  /** What to run next for a run that ended {@code o} with its locks kept. */
  private static String nextStep(Outcome o, String runId) {
    return switch (o) {
      case PAUSED, PAUSED_ON_FAILURE -> "go on with: rollout promote " + runId + ", or roll back "
          + "with: rollout abort " + runId;
      case INTERRUPTED, JOURNAL_LOST -> "go on with: rollout resume " + runId;
      default -> "check the hosts it names, then roll back with: rollout abort " + runId
          + ", or see: rollout status " + runId;
    };
  }

  /** The lock holder for the JSON error document. */
  private static java.util.Map<String, Object> holder(HostLocks.Lock l, int more) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("host", l.host());
    m.put("runId", l.runId());
    m.put("owner", l.owner());
    m.put("stale", l.stale());
    m.put("heartbeat", l.heartbeat());
    m.put("moreHosts", more);
    return m;
  }

  /** A fresh lock of this run held by another controller, or null. */
  private static HostLocks.Lock drivenByOther(HostLocks locks, String runId, String me)
      throws IOException {
    for (HostLocks.Lock l : locks.held()) {
      if (l.runId().equals(runId) && !l.stale() && !l.owner().equals(me)) {
        return l;
      }
    }
    return null;
  }

  private static String machine() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  static void heartbeat(HostLocks locks, String runId) {
    try {
      locks.heartbeat(runId);
    } catch (IOException | dev.rollout.journal.Fenced e) {
      // the next beat tries again; a lease outlives several missed beats
    }
  }

  /**
   * Releases the locks of a run that ended well or refused, and of a run that never touched a
   * host whatever its outcome (nothing changed, nothing held); keeps them otherwise. {@code o}
   * is null when the run failed before it had an outcome.
   */
  static void afterRun(HostLocks locks, String runId, Outcome o, RunState state,
      PrintWriter err, GoOn next) throws IOException {
    boolean untouched = state == null || state.hosts().values().stream()
        .allMatch(h -> h == dev.rollout.engine.HostState.PENDING);
    if (o == Outcome.COMPLETED || o == Outcome.ROLLED_BACK || o == Outcome.PREFLIGHT_REFUSED
        || untouched) {
      locks.release(runId);
    } else if (o == null) {
      return; // an error on its way out says what happened; the locks guard touched hosts
    } else {
      err.println(next.complete("rollout: run " + runId + " keeps its host locks ("
          + Wire.words(o) + "); " + nextStep(o, runId)));
      err.flush();
    }
  }
}
