package dev.rollout.cli;

/** The exit codes DESIGN.md promises, in one place. */
public enum ExitCode {
  /** The run completed and every host is healthy (or: the input is valid). */
  OK(0),
  /** The change failed and every changed host was rolled back and is healthy. */
  ROLLED_BACK(1),
  /** Invalid input: command line, plan or inventory; nothing was touched. */
  INVALID_INPUT(2),
  /** A rollback failed or a host's state is unknown; the journal says which. */
  NEEDS_ATTENTION(3),
  /** Another run holds a lock on one of these hosts. */
  LOCKED(4),
  /** Paused at a gate, waiting for promote. */
  PAUSED(5),
  /** Preflight refused the run; nothing was changed. */
  PREFLIGHT_REFUSED(6),
  /** Interrupted; the journal is consistent and resume goes on. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The exit code of a run that ended with {@code outcome}. */
  public static ExitCode of(dev.rollout.engine.Outcome outcome) {
    return switch (outcome) {
      case COMPLETED -> OK;
      case ROLLED_BACK -> ROLLED_BACK;
      case NEEDS_ATTENTION, JOURNAL_LOST, PAUSED_ON_FAILURE -> NEEDS_ATTENTION;
      case PAUSED -> PAUSED;
      case PREFLIGHT_REFUSED -> PREFLIGHT_REFUSED;
      case INTERRUPTED -> INTERRUPTED;
    };
  }
}
