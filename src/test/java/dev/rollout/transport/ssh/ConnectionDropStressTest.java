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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The race behind a flaky test: right after the server drops the connection, sshj may still say
 * it is connected and then throw {@code IllegalStateException("Not connected")} or {@code
 * SSHRuntimeException} from the next call. Repeated drops with a busy CPU make the window wide.
 */
class ConnectionDropStressTest {

  private static final int DROPS = 300;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);

  private final SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null);
  private final AtomicBoolean busy = new AtomicBoolean(true);
  private final Thread spinner = new Thread(this::spin, "cpu-spinner");

  @BeforeEach
  void keepACoreBusy() {
    spinner.setDaemon(true);
    spinner.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    busy.set(false);
    spinner.join();
    transport.close();
  }

  @Test
  void everyDropMidCommandIsOutcomeUnknownAndTheNextCommandReconnects() {
    TestHost host = fleet.host(1);
    host.dropConnectionOn("deploy-now");
    RemoteShell shell = transport.shell(host.endpoint());
    List<String> wrong = new ArrayList<>();

    for (int n = 0; n < DROPS; n++) {
      int i = n;
      Throwable dropped = thrown(() -> shell.run("echo deploy-now " + i, TIMEOUT));
      if (!(dropped instanceof TransportException e) || e.reason() != Reason.OUTCOME_UNKNOWN) {
        wrong.add("drop " + i + ": " + dropped);
      }
      Object after = outcome(() -> shell.run("echo after " + i, TIMEOUT).stdout());
      if (!("after " + i + "\n").equals(after)) {
        wrong.add("after drop " + i + ": " + after);
      }
    }

    assertThat(wrong).isEmpty();
    assertThat(host.connectionCount()).isEqualTo(DROPS + 1);
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

  private static Object outcome(Call call) {
    try {
      return call.call();
    } catch (Throwable t) {
      return t;
    }
  }

  private void spin() {
    long x = 0;
    while (busy.get()) {
      x += System.nanoTime() % 7;
    }
    if (x == 42) {
      System.out.println();
    }
  }
}
