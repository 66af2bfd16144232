package dev.rollout.transport.ssh;

import java.time.Duration;

/**
 * How hard {@link SshTransport} tries to open a connection.
 *
 * @param attempts connection attempts in all, at least 1; only transient failures (refused, reset,
 *     timed out) are tried again, never a rejected host key or a failed authentication
 * @param backoff the wait before the second attempt; it doubles for each further attempt, with
 *     random jitter of up to half of it either way
 * @param connectTimeout the connect deadline of a host without its own {@code connectTimeout}:
 *     how long opening its connection may take in all, every attempt and backoff included (a jump
 *     host's own deadline comes before it); a host that accepts TCP and then says nothing, or
 *     whose packets are dropped silently, gets its verdict when it passes
 */
public record ConnectPolicy(int attempts, Duration backoff, Duration connectTimeout) {

  /**
   * Four attempts, 200 ms first backoff, a 10 s connect deadline: a silently dropped host is
   * called unreachable within 10 s, retries included.
   */
  public static final ConnectPolicy DEFAULT =
      new ConnectPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(10));

  /** The deadline of {@code endpoint}: its own {@code connectTimeout}, else this policy's. */
  public Duration deadlineFor(dev.rollout.transport.Endpoint endpoint) {
    return endpoint.connectTimeout() != null ? endpoint.connectTimeout() : connectTimeout;
  }

  public ConnectPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
    if (backoff.isNegative() || backoff.isZero()) {
      throw new IllegalArgumentException("backoff must be positive, was " + backoff);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
    }
  }
}
