package dev.rollout.probe;

/**
 * The judged health of one probe, or of a host (unhealthy when any of its probes is). A probe
 * starts {@link #HEALTHY}: the preflight baseline proved it before monitoring began, and a change
 * from an unknown state would only be noise.
 */
public enum Health {
  /** No sustained failure: fewer than {@code unhealthyAfter} consecutive failed checks. */
  HEALTHY,
  /** {@code unhealthyAfter} or more consecutive failed checks, and no success since. */
  UNHEALTHY
}
