package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The controller's own closing of the transport is told apart from a host failure. */
class ClosedTransportTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(2);

  @Test
  void aCommandRunningWhenTheTransportClosesFailsAsClosedNotAsAHostFailure() {
    TestHost host = fleet.host(1);
    SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null);
    RemoteShell shell = transport.shell(host.endpoint());
    CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(
        () -> thrown(() -> shell.run("sleep 20", TIMEOUT)));
    await().atMost(Duration.ofSeconds(20)).until(() -> !host.commandLog().isEmpty());

    transport.close();

    assertThat(running.join()).isInstanceOfSatisfying(TransportException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.CLOSED);
      assertThat(e.closedByController()).isTrue();
      assertThat(e.getMessage()).contains("closed by this controller", "host-1");
    });
  }

  @Test
  void aShellAskedForAfterCloseFailsEveryCommandAsClosed() {
    SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null);
    transport.close();

    TransportException direct = TestPolicies.failure(
        () -> transport.shell(fleet.host(2).endpoint()).run("true", TIMEOUT));
    TransportException wrapped = TestPolicies.failure(
        () -> transport.wrapped("box", fleet.host(2).endpoint(), "env").run("true", TIMEOUT));

    assertThat(direct.reason()).isEqualTo(Reason.CLOSED);
    assertThat(wrapped.reason()).isEqualTo(Reason.CLOSED);
    assertThat(fleet.host(2).connectionCount()).isZero();
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static Throwable thrown(Call call) {
    try {
      call.call();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
