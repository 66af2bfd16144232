package dev.rollout.plan;

import dev.rollout.source.Position;
import java.time.Duration;

/**
 * One command of a plan.
 *
 * @param name what the step does, for people; defaults to the command itself
 * @param run the command, with {@code ${...}} variables not yet substituted
 * @param timeout how long it may run before it is ended and fails
 * @param position where the step is written
 */
public record Step(String name, String run, Duration timeout, Position position) {

  /** Used when a step sets no {@code timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
}
