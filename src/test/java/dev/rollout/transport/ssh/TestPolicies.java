package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollout.transport.TransportException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared settings and helpers of the transport tests. */
final class TestPolicies {

  /** Three quick attempts, so an unreachable host fails in well under a second. */
  static final ConnectPolicy FAST =
      new ConnectPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(5));

  private TestPolicies() {}

  /** The TransportException {@code call} throws; fails the test if it throws anything else. */
  static TransportException failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(TransportException.class);
    return (TransportException) thrown;
  }
}
