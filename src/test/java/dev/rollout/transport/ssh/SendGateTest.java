package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import dev.rollout.transport.TransportException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate is asked after the channel is open and before the command is sent: once it says no,
 * the host never sees the command, on its own shell or through a wrap it carries.
 */
class SendGateTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);

  private final AtomicBoolean open = new AtomicBoolean(true);
  private final List<String> asked = new ArrayList<>();
  private final SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null, host -> {
    synchronized (asked) {
      asked.add(host);
    }
    if (!open.get()) {
      throw new TransportException(Reason.CLOSED, host, "the lease is gone; not sent to " + host);
    }
  });

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void aCommandTheGateRefusesNeverReachesTheHost() throws Exception {
    TestHost host = fleet.host(1);
    RemoteShell shell = transport.shell(host.endpoint());
    assertThat(shell.run("echo first", TIMEOUT).stdout()).isEqualTo("first\n");

    open.set(false);
    TransportException e = TestPolicies.failure(() -> shell.run("echo second", TIMEOUT));

    assertThat(e.reason()).isEqualTo(Reason.CLOSED);
    assertThat(e.getMessage()).contains("not sent to host-1");
    assertThat(host.commandLog()).singleElement().asString().endsWith(" rollout 'echo first'");
    assertThat(asked).containsExactly("host-1", "host-1");
    open.set(true);
    assertThat(shell.run("echo third", TIMEOUT).stdout()).as("the connection stays usable")
        .isEqualTo("third\n");
  }

  @Test
  void aWrappedCommandIsGatedOnItsCarrier() throws Exception {
    TestHost host = fleet.host(1);
    RemoteShell console = transport.wrapped("inside", host.endpoint(), "sh -c");
    open.set(false);

    TransportException e = TestPolicies.failure(() -> console.run("echo inside", TIMEOUT));

    assertThat(e.reason()).isEqualTo(Reason.CLOSED);
    assertThat(host.commandLog()).isEmpty();
  }
}
