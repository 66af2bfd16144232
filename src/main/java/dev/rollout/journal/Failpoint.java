package dev.rollout.journal;

/**
 * A test hook for crash tests: with {@code ROLLOUT_TEST_PAUSE_AFTER_EVENTS=N} in the environment,
 * the controller prints {@link #MARKER} on stderr after journaling its N-th event of this process
 * and stops there, so a test can kill it with SIGKILL at that exact point. Off unless set.
 */
public final class Failpoint {

  public static final String MARKER = "ROLLOUT_TEST_PAUSED";
  public static final Failpoint OFF = new Failpoint(-1);

  private final int afterEvents;
  private int seen;

  private Failpoint(int afterEvents) {
    this.afterEvents = afterEvents;
  }

  public static Failpoint fromEnvironment() {
    String v = System.getenv("ROLLOUT_TEST_PAUSE_AFTER_EVENTS");
    if (v == null || !v.matches("\\d{1,9}")) {
      return OFF;
    }
    return new Failpoint(Integer.parseInt(v));
  }

  synchronized void reached(int ignored) {
    if (afterEvents < 0 || ++seen != afterEvents) {
      return;
    }
    System.err.println(MARKER);
    System.err.flush();
    while (true) {
      try {
        wait();
      } catch (InterruptedException e) {
        // stay here until killed
      }
    }
  }
}
