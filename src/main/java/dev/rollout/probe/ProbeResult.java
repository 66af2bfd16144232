package dev.rollout.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one run of one probe.
 *
 * @param probe the name of the probe that ran
 * @param outcome healthy, unhealthy, or unreachable (the host could not be reached at all)
 * @param reason one line for the operator: what was seen, e.g. {@code HTTP 503 from http://...};
 *     for a healthy result a short confirmation such as {@code HTTP 200}
 * @param output the tail of what the check printed, at most {@link #MAX_OUTPUT} characters; empty
 *     when it printed nothing or printing does not apply
 * @param checkedAt when the check started
 * @param duration how long the check took, never negative
 * @param measurement for a metric probe: the resolved query, the value seen and the verdict;
 *     null for other kinds
 */
public record ProbeResult(
    String probe,
    Outcome outcome,
    String reason,
    String output,
    Instant checkedAt,
    Duration duration,
    Measurement measurement) {

  /** Output kept per result: the last 4 KiB characters. */
  public static final int MAX_OUTPUT = 4 * 1024;

  /** What a check found. */
  public enum Outcome {
    /** The check passed. */
    HEALTHY,
    /** The check ran and failed: wrong status, refused port, non-zero exit, timeout. */
    UNHEALTHY,
    /** The host could not be reached to run the check (an ssh probe whose transport failed). */
    UNREACHABLE,
    /**
     * The check could not be made, through no fault of the host: the metrics server is down or
     * refused the query. Counted apart from failures ({@link Probe#errorsAfter()} in a row make the
     * probe unhealthy for "metrics unavailable"), and never healthy.
     */
    ERROR,
    /**
     * The check ran and its value matched neither the success nor the failure condition, or there
     * was no data and the probe says that proves nothing. Judged by the probe's {@link
     * Probe#onInconclusive()}.
     */
    INCONCLUSIVE
  }

  /** A result without a measurement, as every probe but a metric probe gives. */
  public ProbeResult(String probe, Outcome outcome, String reason, String output,
      Instant checkedAt, Duration duration) {
    this(probe, outcome, reason, output, checkedAt, duration, null);
  }

  public ProbeResult {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(duration, "duration");
    output = output == null ? "" : Reasons.tail(output, MAX_OUTPUT);
    if (duration.isNegative()) {
      duration = Duration.ZERO;
    }
  }

  /** A passed check that printed nothing worth keeping. */
  public static ProbeResult healthy(String probe, String reason, Instant start, Instant end) {
    return new ProbeResult(probe, Outcome.HEALTHY, reason, "", start, Duration.between(start, end));
  }

  /** A failed check that printed nothing worth keeping. */
  public static ProbeResult unhealthy(String probe, String reason, Instant start, Instant end) {
    return new ProbeResult(
        probe, Outcome.UNHEALTHY, reason, "", start, Duration.between(start, end));
  }

  /** True for a probe error: the check could not be made (metrics unavailable). */
  public boolean error() {
    return outcome == Outcome.ERROR;
  }

  /** True when the value proved neither health nor failure. */
  public boolean inconclusive() {
    return outcome == Outcome.INCONCLUSIVE;
  }

  public boolean healthy() {
    return outcome == Outcome.HEALTHY;
  }

  /** True when the host could not be reached, a failure class of its own. */
  public boolean unreachable() {
    return outcome == Outcome.UNREACHABLE;
  }
}
