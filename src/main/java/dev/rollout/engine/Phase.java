package dev.rollout.engine;

import java.util.Locale;

/**
 * Where a run stands as a whole, computed by {@link #of} from its record alone: the one source of
 * what {@code status}, {@code history}, the report, JSON output and notifications call a run.
 * Whether a controller drives it right now is not in the journal (see the host locks).
 */
public enum Phase {
  /** Preflight under way (or interrupted in it): no host changed yet. */
  PREFLIGHT(false, false),
  /** The canary, the waves, their soaks or the watch. */
  PROGRESSING(false, false),
  /** Stopping on a failure: no new host starts; the rollback follows {@code rollbackScope}. */
  STOPPING(false, false),
  /** Paused at the gate after the canary, waiting for promote or abort. */
  PAUSED_AT_GATE(false, false),
  /** Paused on a failure ({@code onFailure: pause}), waiting for promote or abort. */
  PAUSED_ON_FAILURE(false, false),
  /** An abort was recorded: every touched host is rolled back, whoever drives the run. */
  ABORTING(false, false),
  /** Ended with every target changed and healthy. */
  COMPLETED(true, true),
  /** Ended with every touched host rolled back and healthy. */
  ROLLED_BACK(true, false),
  /** Ended before any host was touched: preflight refused it, or it was aborted before. */
  ENDED_BEFORE_ANY_CHANGE(true, false),
  /** Ended with a host that needs a person (rollback failed, halted, journal lost). */
  NEEDS_ATTENTION(true, false);

  private final boolean terminal;
  private final boolean success;

  Phase(boolean terminal, boolean success) {
    this.terminal = terminal;
    this.success = success;
  }

  /** True once the run has ended: nothing drives it any more. */
  public boolean terminal() {
    return terminal;
  }

  /** True when the run ended as planned: every target changed and healthy. */
  public boolean success() {
    return success;
  }

  /** True while paused, waiting for promote or abort. */
  public boolean paused() {
    return this == PAUSED_AT_GATE || this == PAUSED_ON_FAILURE;
  }

  /** Lower case with spaces, as the operator reads it. */
  public String words() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** The phase of the run {@code r} records. */
  public static Phase of(RunRecord r) {
    if (r.outcome().isPresent()) {
      return ended(r);
    }
    if (r.pausedOnFailure()) {
      return PAUSED_ON_FAILURE;
    }
    if (r.paused()) {
      return PAUSED_AT_GATE;
    }
    if (r.abortRequested()) {
      return ABORTING;
    }
    if (r.stopReason().isPresent()) {
      return STOPPING;
    }
    return r.preflightPassed() ? PROGRESSING : PREFLIGHT;
  }

  private static Phase ended(RunRecord r) {
    if (!r.touchedAnyHost()) {
      return ENDED_BEFORE_ANY_CHANGE;
    }
    return switch (r.outcome().orElseThrow()) {
      case COMPLETED -> COMPLETED;
      case ROLLED_BACK -> ROLLED_BACK;
      case PREFLIGHT_REFUSED -> ENDED_BEFORE_ANY_CHANGE;
      default -> NEEDS_ATTENTION;
    };
  }
}
