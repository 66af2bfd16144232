package dev.rollout.probe;

/**
 * One health check of one host, run as often as the caller likes. Implementations are immutable
 * and safe to call from several threads, though a monitor never runs the same probe twice at once.
 */
public interface Probe {

  /** The probe's name as the plan gives it, unique among one host's probes. */
  String name();

  /** The kind of check: {@code http}, {@code tcp}, {@code ssh}, {@code local}, {@code prometheus} or
   * {@code alerts}. */
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

  /**
   * Probe errors ({@link ProbeResult.Outcome#ERROR}) in a row that make this probe unhealthy for
   * "metrics unavailable"; 0 for kinds that never report an error.
   */
  default int errorsAfter() {
    return 0;
  }

  /** What an inconclusive result does; only metric probes give inconclusive results. */
  default OnInconclusive onInconclusive() {
    return OnInconclusive.IGNORE;
  }

  /** This probe's own interval, or empty to use the health policy's. */
  default java.util.Optional<java.time.Duration> interval() {
    return java.util.Optional.empty();
  }

  /**
   * True when the monitor should check this probe on the interval's boundaries (multiples of it
   * since the epoch), after a first check at once: probes that share one query ({@link
   * PrometheusBatch}) are then checked together, wherever their hosts joined the interval.
   */
  default boolean aligned() {
    return false;
  }
}
