package dev.rollout.probe;

import java.time.Clock;
import java.time.Instant;

/**
 * Runs one check and turns a probe's bug into an unhealthy result. A scheduled task that throws is
 * never run again, so a monitor must not let an exception escape a check.
 */
final class ProbeRun {

  private ProbeRun() {}

  static ProbeResult of(Probe probe, Clock clock) {
    Instant start = clock.instant();
    try {
      return probe.check();
    } catch (RuntimeException e) {
      String reason = probe.kind() + " probe failed to run: " + Reasons.rootMessage(e);
      return ProbeResult.unhealthy(probe.name(), reason, start, clock.instant());
    }
  }
}
