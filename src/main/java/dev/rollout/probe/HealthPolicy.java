package dev.rollout.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * How a host's probes are run and judged, from the plan's {@code health} section.
 *
 * @param interval time between the end of one check of a probe and the start of the next; positive
 * @param unhealthyAfter consecutive failures before a probe counts as unhealthy, at least 1; also
 *     the most attempts a probe gets in the preflight baseline
 * @param baselinePause the wait between two baseline attempts of a failing probe; zero or positive
 */
public record HealthPolicy(Duration interval, int unhealthyAfter, Duration baselinePause) {

  /** The pause between baseline attempts unless the caller chooses another. */
  public static final Duration DEFAULT_BASELINE_PAUSE = Duration.ofSeconds(2);

  public HealthPolicy {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(baselinePause, "baselinePause");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    if (unhealthyAfter < 1) {
      throw new IllegalArgumentException(
          "unhealthyAfter must be at least 1, got " + unhealthyAfter);
    }
    if (baselinePause.isNegative()) {
      throw new IllegalArgumentException(
          "baselinePause must not be negative, got " + baselinePause);
    }
  }

  /** A policy with the {@link #DEFAULT_BASELINE_PAUSE}. */
  public static HealthPolicy of(Duration interval, int unhealthyAfter) {
    return new HealthPolicy(interval, unhealthyAfter, DEFAULT_BASELINE_PAUSE);
  }
}
