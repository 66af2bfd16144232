package dev.rollout.engine;

import java.util.List;

/**
 * The durable record of one run. {@link #append} returns only once the event is safe (for a file
 * journal: written and forced to disk), so the next action starts after its cause is recorded.
 */
public interface Journal {

  /**
   * Records one event.
   *
   * @throws JournalFailure when it cannot be recorded; the run then stops where it is
   */
  void append(Event event);

  /** Every event recorded so far, in order. */
  List<Event> events();
}
