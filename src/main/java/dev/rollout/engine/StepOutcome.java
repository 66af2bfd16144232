package dev.rollout.engine;

/**
 * How a list of steps went on one host.
 *
 * @param ok every step succeeded
 * @param unreachable the host could not be reached, or the connection dropped during a step
 * @param stopped the run was stopping, so the next step was not started: not a failure of the host
 * @param reason for a failure, one line naming the step and what happened (secrets masked)
 */
record StepOutcome(boolean ok, boolean unreachable, boolean stopped, String reason) {

  static final StepOutcome OK = new StepOutcome(true, false, false, "");

  static StepOutcome failed(String reason) {
    return new StepOutcome(false, false, false, reason);
  }

  static StepOutcome unreachable(String reason) {
    return new StepOutcome(false, true, false, reason);
  }

  static StepOutcome stopped(String reason) {
    return new StepOutcome(false, false, true, reason);
  }
}
