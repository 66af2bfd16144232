package dev.rollout.probe;

import java.util.Locale;

/** What a metric probe's inconclusive result does ({@code onInconclusive}). */
public enum OnInconclusive {
  /**
   * Counted like a failure toward {@code unhealthyAfter}, but the host is not failed: the run
   * pauses for the operator, who knows what the value means.
   */
  PAUSE,
  /** Counted as a failure. */
  FAIL,
  /** Neither a success nor a failure: the probe's standing stays as it was. */
  IGNORE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
