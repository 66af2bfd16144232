package dev.rollout.journal;

import dev.rollout.engine.JournalFailure;

/**
 * A write refused because its fencing token is no longer the run's current one: another
 * controller took the run over. The run's journal stops here for this controller; it must not
 * touch a host of that run again.
 */
public final class Fenced extends RuntimeException {

  public Fenced(String runId, long mine, long current, String owner) {
    super("run " + runId + " was taken over by " + owner + " (fencing token " + current
        + "; this controller holds " + mine + "): it writes nothing more and runs no command");
  }

  /** The journal's form of this refusal, which stops the engine where it is. */
  JournalFailure asJournalFailure() {
    return new JournalFailure(getMessage(), this);
  }
}
