package dev.rollout.plan;

import dev.rollout.source.Durations;
import dev.rollout.source.Position;
import java.time.Duration;

/**
 * One command of a plan.
 *
 * @param name what the step does, for people; defaults to the command itself
 * @param run the command, with {@code ${...}} variables not yet substituted
 * @param timeout how long it may run before it is ended and fails: more than zero and at most
 *     {@link Durations#MAX}, as validation ensures
 * @param position where the step is written
 * @param onConsoleHost run on the host that carries the target's {@code console} (the hypervisor),
 *     not on the target: for snapshots taken and restored from outside, as {@code pct snapshot}
 */
public record Step(String name, String run, Duration timeout, Position position,
    boolean onConsoleHost) {

  /** Used when a step sets no {@code timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  public Step {
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Durations.MAX) > 0) {
      throw new IllegalArgumentException("a step's timeout must be more than zero and at most "
          + Durations.format(Durations.MAX) + ", got " + Durations.format(timeout));
    }
  }
}
