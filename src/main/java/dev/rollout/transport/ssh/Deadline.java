package dev.rollout.transport.ssh;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts off a blocking connection attempt at its deadline, whatever sshj is waiting on (the TCP
 * connect, the server's identification line, the key exchange, a tunnel): at the deadline the
 * action runs (closing the client), which ends the wait with an exception.
 */
final class Deadline {

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
      task -> {
        Thread t = new Thread(task, "rollout-ssh-deadline");
        t.setDaemon(true);
        return t;
      });

  private static final int PENDING = 0;
  private static final int IN_TIME = 1;
  private static final int CUT_OFF = 2;

  private final AtomicInteger state = new AtomicInteger(PENDING);
  private final ScheduledFuture<?> timer;

  private Deadline(Duration after, Runnable action) {
    this.timer = TIMER.schedule(() -> {
      if (state.compareAndSet(PENDING, CUT_OFF)) {
        action.run();
      }
    }, after.toNanos(), TimeUnit.NANOSECONDS);
  }

  static Deadline start(Duration after, Runnable action) {
    return new Deadline(after, action);
  }

  /** True when the attempt ended in time (now or before); false when the deadline cut it off. */
  boolean cancel() {
    if (state.compareAndSet(PENDING, IN_TIME)) {
      timer.cancel(false);
    }
    return state.get() == IN_TIME;
  }
}
