package dev.rollout.probe;

import java.util.Locale;

/**
 * A probe's results on a host changed class, or the probe's first check since monitoring (re)started:
 * what a picture of health over time needs, without one record per check. A run of equal results
 * is told once, when it begins, with the length of the run it ended.
 *
 * @param host the inventory name of the host
 * @param result the check that began the new run (its class, reason, time and any measurement)
 * @param previous the class of the run that ended; null for a first check
 * @param previousChecks how many checks that run had; 0 for a first check
 */
public record ResultChange(String host, ProbeResult result, ProbeResult.Outcome previous,
    long previousChecks) {

  /** Whether this check is the first failure of a streak: not healthy, after health or none. */
  public boolean firstFailure() {
    return !result.healthy() && (previous == null || previous == ProbeResult.Outcome.HEALTHY);
  }

  /** The class of a result in lower case, as the journal writes it ({@code unhealthy}). */
  public static String word(ProbeResult.Outcome o) {
    return o == null ? "" : o.name().toLowerCase(Locale.ROOT);
  }
}
