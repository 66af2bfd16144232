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
 */
public record ProbeHealth(
    String probe,
    Health health,
    int consecutiveFailures,
    Optional<ProbeResult> lastResult,
    Optional<ProbeResult> lastError) {

  static ProbeHealth initial(String probe) {
    return new ProbeHealth(probe, Health.HEALTHY, 0, Optional.empty(), Optional.empty());
  }

  /** This probe's standing after {@code result}, judged with {@code unhealthyAfter}. */
  ProbeHealth after(ProbeResult result, int unhealthyAfter) {
    if (result.healthy()) {
      return new ProbeHealth(probe, Health.HEALTHY, 0, Optional.of(result), lastError);
    }
    int failures = consecutiveFailures + 1;
    Health next = failures >= unhealthyAfter ? Health.UNHEALTHY : health;
    return new ProbeHealth(probe, next, failures, Optional.of(result), Optional.of(result));
  }
}
