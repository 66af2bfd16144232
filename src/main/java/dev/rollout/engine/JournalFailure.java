package dev.rollout.engine;

/**
 * The journal could not record an event (the disk is full, the database went away). Nothing may
 * happen that is not recorded, so the run stops where it is: no new step starts, and the run can
 * be resumed once the journal is writable again.
 */
public final class JournalFailure extends RuntimeException {

  public JournalFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
