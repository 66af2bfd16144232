package dev.rollout.engine;

/** Why a host failed, as a class an operator and the engine act on. */
public enum FailureClass {
  /** A change step exited non-zero or ran past its timeout. */
  CHANGE_FAILED,
  /** A verify step exited non-zero or ran past its timeout. */
  VERIFY_FAILED,
  /** Probes stayed unhealthy for {@code unhealthyAfter} checks. */
  UNHEALTHY,
  /** The host could not be reached, or the connection dropped while a command ran. */
  UNREACHABLE,
  /** Preflight: a preflight step, rollback check or the baseline health failed. */
  PREFLIGHT_FAILED
}
