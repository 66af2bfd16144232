package dev.rollout.engine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one target stands in a run. Every change of state passes through {@link
 * RunState#transition}, which checks it against {@link #next()} and records it.
 */
public enum HostState {
  /** Not touched yet. */
  PENDING(false, false),
  /** Change steps are running. */
  CHANGING(false, false),
  /** Verify steps are running. */
  VERIFYING(false, false),
  /** Changed and verified; under probes until the run ends. */
  CHANGED(true, true),
  /** A change or verify step failed, or the host stayed unhealthy. */
  FAILED(false, false),
  /** The host could not be reached: a failure class of its own. */
  UNREACHABLE(false, false),
  /** Rollback steps are running. */
  ROLLING_BACK(false, false),
  /** Rolled back and probed healthy again. */
  ROLLED_BACK(true, true),
  /** A rollback step failed, or the host stayed unhealthy after it: needs a person. */
  ROLLBACK_FAILED(true, false);

  private static final Map<HostState, Set<HostState>> NEXT = Map.of(
      PENDING, EnumSet.of(CHANGING, FAILED, UNREACHABLE),
      CHANGING, EnumSet.of(VERIFYING, FAILED, UNREACHABLE, ROLLING_BACK),
      VERIFYING, EnumSet.of(CHANGED, FAILED, UNREACHABLE, ROLLING_BACK),
      CHANGED, EnumSet.of(FAILED, UNREACHABLE, ROLLING_BACK),
      FAILED, EnumSet.of(ROLLING_BACK),
      UNREACHABLE, EnumSet.of(ROLLING_BACK),
      ROLLING_BACK, EnumSet.of(ROLLED_BACK, ROLLBACK_FAILED, CHANGING),
      ROLLED_BACK, EnumSet.noneOf(HostState.class),
      ROLLBACK_FAILED, EnumSet.of(ROLLING_BACK));

  private final boolean settled;
  private final boolean success;

  HostState(boolean settled, boolean success) {
    this.settled = settled;
    this.success = success;
  }

  /** True when nothing more happens to the host unless a failure elsewhere rolls it back. */
  public boolean settled() {
    return settled;
  }

  /** True when the host is healthy in this state: changed and verified, or rolled back. */
  public boolean success() {
    return success;
  }

  /** True when the host was touched: a change may be (partly) in place. */
  public boolean touched() {
    return this != PENDING && this != ROLLED_BACK;
  }

  /**
   * The states this one may move to. {@code ROLLING_BACK -> CHANGING} is a rehearsal; {@code
   * ROLLBACK_FAILED -> ROLLING_BACK} is an abort trying again.
   */
  public Set<HostState> next() {
    return NEXT.get(this);
  }

  public boolean canMoveTo(HostState to) {
    return NEXT.get(this).contains(to);
  }

  /** Lower case with spaces, as the operator reads it. */
  public String words() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
