package dev.rollout.probe;

import java.time.Instant;
import java.util.Map;

/**
 * The checks of one host over a reporting window, so a journal can record counts instead of every
 * check.
 *
 * @param host the inventory name of the host
 * @param since the start of the window: when monitoring started or the previous counts were taken
 * @param until the end of the window: when these counts were taken
 * @param probes counts per probe name, every monitored probe present (zeros when it did not run)
 */
public record CheckCounts(
    String host, Instant since, Instant until, Map<String, ProbeCounts> probes) {

  public CheckCounts {
    probes = Map.copyOf(probes);
  }

  /** Checks of all probes together. */
  public long checks() {
    return probes.values().stream().mapToLong(ProbeCounts::checks).sum();
  }

  /** Failed checks of all probes together. */
  public long failures() {
    return probes.values().stream().mapToLong(ProbeCounts::failures).sum();
  }
}
