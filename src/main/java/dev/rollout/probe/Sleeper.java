package dev.rollout.probe;

import java.time.Duration;

/** Waits; injected so that tests wait for nothing. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /**
   * Returns after {@code duration}, or earlier by throwing when the thread is interrupted.
   *
   * @throws InterruptedException when interrupted; the caller stops what it was waiting for
   */
  void sleep(Duration duration) throws InterruptedException;
}
