package dev.rollout.engine;

/** Follows a run as it happens: the live view, plain log lines, JSON Lines, notifications. */
@FunctionalInterface
public interface RunListener {

  /** Called after {@code event} is in the journal. Must not block for long. */
  void onEvent(Event event, RunState state);
}
