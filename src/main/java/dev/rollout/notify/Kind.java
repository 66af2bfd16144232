package dev.rollout.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a notification announces; its {@link #wireName()} is the {@code event} field of the JSON
 * body. These are the only state changes a person is told about.
 */
public enum Kind {
  /** The run began (before preflight). */
  RUN_STARTED(Severity.INFO),
  /** The canary stage passed its soak with every canary healthy (or, without a soak, changed). */
  CANARY_PASSED(Severity.INFO),
  /** A wave passed its soak (or, with {@code waveSoak: 0}, the run moved on past it). */
  WAVE_DONE(Severity.INFO),
  /**
   * A host failed (change, verify, unhealthy, unreachable): {@code host} and {@code reason};
   * critical when the failure stops the run.
   */
  HOST_FAILED(Severity.WARNING),
  /** Rollback began on some hosts. */
  ROLLBACK_STARTED(Severity.WARNING),
  /** Rollback ended; {@code reason} names hosts that could not be rolled back (then critical). */
  ROLLBACK_FINISHED(Severity.INFO),
  /** A controller took the run over from one whose lease ran out: {@code reason} says who. */
  RUN_ADOPTED(Severity.WARNING),
  /**
   * The run stopped at a gate and waits for {@code rollout promote} (info), or paused on a
   * failure ({@code onFailure: pause}, critical).
   */
  RUN_PAUSED(Severity.INFO),
  /** The run completed: every target changed and healthy. */
  RUN_COMPLETED(Severity.INFO),
  /** The change failed and every changed host was rolled back and is healthy. */
  RUN_ROLLED_BACK(Severity.WARNING),
  /** The run ended with a host that needs a person: a rollback failed, or a state is unknown. */
  RUN_NEEDS_ATTENTION(Severity.CRITICAL),
  /** The run stopped on a failure with {@code onFailure: halt}: hosts left as they are. */
  RUN_HALTED(Severity.CRITICAL),
  /** Preflight refused the run; nothing was changed. */
  RUN_REFUSED(Severity.WARNING),
  /** The controller was interrupted; {@code rollout resume} goes on. */
  RUN_INTERRUPTED(Severity.WARNING),
  /** The journal could not be written: the run stopped where it was. */
  RUN_JOURNAL_LOST(Severity.CRITICAL);

  private final Severity severity;

  Kind(Severity severity) {
    this.severity = severity;
  }

  /** The severity of this kind of notification unless its words say otherwise. */
  public Severity severity() {
    return severity;
  }

  /** The kebab-case name sent on the wire, {@code run-started}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
