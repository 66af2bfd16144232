package dev.rollout.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the process ends after Ctrl-C or SIGTERM: the JVM is shutting down already, so the signal's
 * shutdown hook waits for {@link Main#main} to return (the run unwound, its summary printed, the
 * caller, such as the demo, cleaned up), then halts with the code main returned, never the JVM's
 * 143 for SIGTERM.
 */
final class ProcessExit {

  private static final CountDownLatch MAIN_RETURNED = new CountDownLatch(1);
  private static final AtomicInteger CODE = new AtomicInteger(-1);

  private ProcessExit() {}

  /** Main is done: {@code code} is the process's exit code. */
  static void mainReturned(int code) {
    CODE.set(code);
    MAIN_RETURNED.countDown();
  }

  /**
   * From a shutdown hook: waits up to {@code limit} for main to return, then halts with its code,
   * or with {@code fallback} when main did not return in time.
   */
  static void haltAfterMain(Duration limit, int fallback) {
    try {
      MAIN_RETURNED.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    int code = CODE.get();
    Runtime.getRuntime().halt(code < 0 ? fallback : code);
  }
}
