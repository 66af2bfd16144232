package dev.rollout.probe;

/**
 * Told about every health change of a monitored host, in the order the changes happened for that
 * host. Called on a monitor thread while that host's state is locked: it should journal or hand
 * off quickly, and may read the monitor. An exception it throws is logged and does not stop
 * monitoring.
 */
@FunctionalInterface
public interface HealthListener {

  void healthChanged(HealthChange change);

  /**
   * Told about every check of a metric probe that carries a {@link Measurement}, before its
   * health is judged, to journal the value. Nothing by default.
   */
  default void measured(String host, ProbeResult result) {}

  /**
   * Told when a probe's results change class (healthy, unhealthy, unreachable, error,
   * inconclusive) and of each probe's first check, before that check's health is judged: the
   * first failure of a streak is told before the change it may lead to. Nothing by default.
   */
  default void resultChanged(ResultChange change) {}
}
