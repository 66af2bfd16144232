package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import java.io.IOException;
import java.util.List;

/**
 * A file journal written under a claim: each line is written only while the claim's fencing token
 * is the run's current one, checked under the leases' mutex with the line written inside it. A
 * refused line is a {@link Fenced} refusal, in the engine's terms a lost journal: the run stops
 * where it is.
 */
final class FencedJournal implements Journal, AutoCloseable {

  private final String runId;
  private final FileJournal journal;
  private final FileLeases leases;
  private final Failpoint failpoint;

  FencedJournal(String runId, FileJournal journal, FileLeases leases, Failpoint failpoint) {
    this.runId = runId;
    this.journal = journal;
    this.leases = leases;
    this.failpoint = failpoint;
  }

  @Override
  public void append(Event event) {
    int count;
    synchronized (this) {
      try {
        leases.whileCurrent(runId, () -> {
          journal.append(event);
          return null;
        });
      } catch (Fenced f) {
        throw f.asJournalFailure();
      } catch (IOException e) {
        throw new dev.rollout.engine.JournalFailure("cannot check the run's lease: "
            + e.getMessage(), e);
      }
      count = journal.size();
    }
    failpoint.reached(count);
  }

  @Override
  public List<Event> events() {
    return journal.events();
  }

  @Override
  public void close() {
    journal.close();
  }
}
