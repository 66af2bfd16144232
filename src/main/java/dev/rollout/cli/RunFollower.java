package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.RunLease;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Follows a run from its store, whoever drives it: reads the journal again every {@code poll},
 * hands each new event on, and stops once the run has ended or paused, or was interrupted and
 * nobody drives it. A store that cannot be reached is said once, then tried again.
 */
final class RunFollower {

  /** What the follower hands on. */
  interface Sink {
    void events(List<Event> fresh, RunRecord record);

    default void storeAway(String why) {}
  }

  /** Where a followed run stopped: its exit code, and a sentence. */
  record Stop(int exitCode, String sentence) {}

  private final RunStore store;
  private final String runId;
  private final Duration poll;

  RunFollower(RunStore store, String runId, Duration poll) {
    this.store = store;
    this.runId = runId;
    this.poll = poll;
  }

  Stop follow(Sink sink) throws InterruptedException {
    int seen = 0;
    boolean away = false;
    while (true) {
      try {
        StoredRun run = store.open(runId).orElseThrow(() -> new IOException("run " + runId
            + " is gone from " + store.describe()));
        List<Event> events = run.events();
        RunRecord rec = RunRecord.fold(events);
        away = false;
        if (events.size() > seen) {
          sink.events(events.subList(seen, events.size()), rec);
          seen = events.size();
        }
        Optional<Stop> stop = stopped(rec, store.lease(runId), events);
        if (stop.isPresent()) {
          return stop.get();
        }
      } catch (dev.rollout.journal.JournalCorrupt e) {
        return new Stop(ExitCode.NEEDS_ATTENTION.code(), e.getMessage());
      } catch (IOException e) {
        if (!away) {
          sink.storeAway(e.getMessage());
        }
        away = true;
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /** Whether the run stands still now: ended, paused, or interrupted with no one to go on. */
  static Optional<Stop> stopped(RunRecord rec, RunLease lease, List<Event> events) {
    Optional<Outcome> o = rec.outcome();
    if (o.isPresent()) {
      return Optional.of(new Stop(ExitCode.of(o.get()).code(), "ended: " + rec.summary()));
    }
    if (rec.paused()) {
      return Optional.of(new Stop(rec.pausedOnFailure() ? ExitCode.NEEDS_ATTENTION.code()
          : ExitCode.PAUSED.code(), rec.pauseWords() + "; go on with: rollout promote "
          + lease.runId() + ", or roll back with: rollout abort " + lease.runId()));
    }
    if (lease.status() == RunLease.Status.STOPPED && !events.isEmpty()
        && events.get(events.size() - 1) instanceof Event.RunInterrupted) {
      return Optional.of(new Stop(ExitCode.INTERRUPTED.code(), "interrupted, and no one "
          + "drives it; go on with: rollout resume " + lease.runId()));
    }
    return Optional.empty();
  }
}
