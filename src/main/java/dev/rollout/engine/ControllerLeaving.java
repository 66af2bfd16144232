package dev.rollout.engine;

/**
 * Thrown on a host or probe thread that tries to journal after the controller began to leave
 * (Ctrl-C, SIGTERM): what it saw is the controller's own shutdown, not the host's doing, so it is
 * not recorded. The run's journal ends with {@link Event.RunInterrupted}.
 */
public final class ControllerLeaving extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ControllerLeaving() {
    super("the controller is leaving; nothing more is journaled", null, false, false);
  }
}
