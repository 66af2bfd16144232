package dev.rollout.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a notification announces; its {@link #wireName()} is the {@code event} field of the JSON
 * body. These are the only state changes a person is told about.
 */
public enum Kind {
  /** The run began (before preflight). */
  RUN_STARTED,
  /** The canary stage passed its soak with every canary healthy (or, without a soak, changed). */
  CANARY_PASSED,
  /** A wave passed its soak (or, with {@code waveSoak: 0}, the run moved on past it). */
  WAVE_DONE,
  /** A host failed (change, verify, unhealthy, unreachable): {@code host} and {@code reason}. */
  HOST_FAILED,
  /** Rollback began on some hosts. */
  ROLLBACK_STARTED,
  /** Rollback ended; {@code reason} names hosts that could not be rolled back. */
  ROLLBACK_FINISHED,
  /** A controller took the run over from one whose lease ran out: {@code reason} says who. */
  RUN_ADOPTED,
  /** The run stopped at a gate and waits for {@code rollout promote}. */
  RUN_PAUSED,
  /** The run completed: every target changed and healthy. */
  RUN_COMPLETED,
  /**
   * The run ended without completing: rolled back, needs attention, preflight refused, or
   * interrupted; {@code outcome} says which.
   */
  RUN_HALTED;

  /** The kebab-case name sent on the wire, {@code run-started}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
