package dev.rollout.probe;

import java.util.Optional;

/**
 * Where one probe of a host stands now.
 *
 * @param probe the probe's name
 * @param health its judged health
 * @param consecutiveFailures failed checks in a row since the last success
 * @param lastResult the latest check, empty before the first
 * @param lastError the latest failed check, kept after a recovery; empty if it never failed
 * @param consecutiveErrors probe errors in a row (the check could not be made), counted apart
 * @param inconclusive every failure in the row was an inconclusive value and the probe says
 *     {@code onInconclusive: pause}: unhealthy, yet nothing to blame the host for
 */
public record ProbeHealth(
    String probe,
    Health health,
    int consecutiveFailures,
    Optional<ProbeResult> lastResult,
    Optional<ProbeResult> lastError,
    int consecutiveErrors,
    boolean inconclusive) {

  /** A standing without probe errors, as every kind but a metric probe has. */
  public ProbeHealth(String probe, Health health, int consecutiveFailures,
      Optional<ProbeResult> lastResult, Optional<ProbeResult> lastError) {
    this(probe, health, consecutiveFailures, lastResult, lastError, 0, false);
  }

  static ProbeHealth initial(String probe) {
    return new ProbeHealth(probe, Health.HEALTHY, 0, Optional.empty(), Optional.empty(), 0,
        false);
  }

  /** This probe's standing after {@code result}, judged with {@code unhealthyAfter}. */
  ProbeHealth after(ProbeResult result, int unhealthyAfter) {
    return after(result, unhealthyAfter, 0, OnInconclusive.FAIL);
  }

  /**
   * This probe's standing after {@code result}: the one place where {@code onInconclusive} is
   * applied. A probe error counts toward {@code errorsAfter} (0: errors are failures) and leaves
   * the failures in a row as they were. An inconclusive value is ignored ({@code ignore}), a
   * failure ({@code fail}), or counted toward {@code unhealthyAfter} like one while marking the
   * row {@link #inconclusive} ({@code pause}): the run then pauses rather than failing the host,
   * unless a real failure joins the row.
   */
  ProbeHealth after(ProbeResult result, int unhealthyAfter, int errorsAfter,
      OnInconclusive onInconclusive) {
    Optional<ProbeResult> now = Optional.of(result);
    if (result.healthy()) {
      return new ProbeHealth(probe, Health.HEALTHY, 0, now, lastError, 0, false);
    }
    if (result.error() && errorsAfter > 0) {
      int errors = consecutiveErrors + 1;
      Health next = errors >= errorsAfter ? Health.UNHEALTHY : health;
      return new ProbeHealth(probe, next, consecutiveFailures, now, now, errors, inconclusive);
    }
    if (result.inconclusive() && onInconclusive == OnInconclusive.IGNORE) {
      return new ProbeHealth(probe, health, consecutiveFailures, now, lastError, 0,
          inconclusive);
    }
    boolean pause = result.inconclusive() && onInconclusive == OnInconclusive.PAUSE
        && (consecutiveFailures == 0 || inconclusive);
    int failures = consecutiveFailures + 1;
    Health next = failures >= unhealthyAfter ? Health.UNHEALTHY : health;
    return new ProbeHealth(probe, next, failures, now, now, 0, pause);
  }
}
