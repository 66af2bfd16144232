package dev.rollout.engine;

/** Follows a run as it happens: the live view, plain log lines, JSON Lines, notifications. */
@FunctionalInterface
public interface RunListener {

  /** Called after {@code event} is in the journal. Must not block for long. */
  void onEvent(Event event, RunState state);

  /**
   * Preflight's connections: {@code answered} of {@code targets} hosts answered so far (connected,
   * or refused us: a host that says no is there). Called once with 0 as preflight begins, then
   * once per answer. Not journaled: it is progress, not a state change. Must not block.
   */
  default void onConnecting(int targets, int answered) {}
}
