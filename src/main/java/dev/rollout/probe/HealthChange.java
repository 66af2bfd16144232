package dev.rollout.probe;

import java.time.Instant;

/**
 * A probe of a host changed its judged health, the one thing worth journaling and notifying.
 *
 * @param host the inventory name of the host
 * @param probe the name of the probe whose health changed
 * @param health the probe's new health
 * @param hostHealth the host's health after this change (unhealthy when any probe is)
 * @param consecutiveFailures the probe's failures in a row at the change; 0 on recovery
 * @param unreachable true when the check that made the probe unhealthy could not reach the host
 * @param reason the reason of the check that caused the change
 * @param at when that check started
 * @param inconclusive true when inconclusive results made the probe unhealthy and its {@code
 *     onInconclusive} is {@code pause}: the run should pause, the host is not to blame yet
 */
public record HealthChange(
    String host,
    String probe,
    Health health,
    Health hostHealth,
    int consecutiveFailures,
    boolean unreachable,
    String reason,
    Instant at,
    boolean inconclusive) {

  /** A change caused by a verdict, not by an inconclusive value. */
  public HealthChange(String host, String probe, Health health, Health hostHealth,
      int consecutiveFailures, boolean unreachable, String reason, Instant at) {
    this(host, probe, health, hostHealth, consecutiveFailures, unreachable, reason, at, false);
  }
}
