package dev.rollout.probe;

/**
 * One health check of one host, run as often as the caller likes. Implementations are immutable
 * and safe to call from several threads, though a monitor never runs the same probe twice at once.
 */
public interface Probe {

  /** The probe's name as the plan gives it, unique among one host's probes. */
  String name();

  /** The kind of check: {@code http}, {@code tcp}, {@code ssh} or {@code local}. */
  String kind();

  /** What is checked, for display: a URL, {@code host:port} or a command. Never holds a secret. */
  String target();

  /**
   * Runs the check once and waits for it, at most about the probe's timeout.
   *
   * @return the result; a failed check is an unhealthy result with a one-line reason, never an
   *     exception. An interrupted check returns an unhealthy result and keeps the interrupt flag
   *     set.
   */
  ProbeResult check();
}
