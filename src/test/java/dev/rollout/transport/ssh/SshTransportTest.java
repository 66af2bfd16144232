package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SshTransportTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(2);

  private final SshTransport transport =
      new SshTransport(TestPolicies.FAST, name -> null);

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void runsACommandInTheSandboxAndReturnsItsOutput() throws Exception {
    TestHost host = fleet.host(1);
    CommandResult result = transport.shell(host.endpoint())
        .run("echo out-$HOST_NAME; echo err >&2; pwd", TEN_SECONDS);

    assertThat(result.exitCode()).isZero();
    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).isEqualTo("out-host-1\n" + host.sandbox() + "\n");
    assertThat(result.stderr()).isEqualTo("err\n");
    assertThat(result.timedOut()).isFalse();
  }

  @Test
  void aNonZeroExitIsAResultNotAnException() throws Exception {
    CommandResult result = transport.shell(fleet.host(1).endpoint()).run("exit 7", TEN_SECONDS);

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void aCommandReadingStdinSeesEndOfInputInsteadOfHanging() throws Exception {
    CommandResult result =
        transport.shell(fleet.host(1).endpoint()).run("cat; echo done", TEN_SECONDS);

    assertThat(result.stdout()).isEqualTo("done\n");
  }

  @Test
  void keepsOnlyTheTailOfLargeOutput() throws Exception {
    CommandResult result = transport.shell(fleet.host(1).endpoint())
        .run("seq 1 200000; echo last-line", TEN_SECONDS);

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).hasSize(CommandResult.MAX_OUTPUT).endsWith("200000\nlast-line\n");
  }

  @Test
  void aTimedOutCommandIsEndedOnTheHost() throws Exception {
    TestHost host = fleet.host(1);
    CommandResult result = transport.shell(host.endpoint())
        .run("echo started; sleep 2; touch too-late", Duration.ofMillis(300));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout()).isEqualTo("started\n");
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> !Files.exists(host.sandbox().resolve("too-late")));
  }

  @Test
  void sharesOneConnectionAcrossConcurrentCommands() throws Exception {
    TestHost host = fleet.host(1);
    RemoteShell shell = transport.shell(host.endpoint());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CommandResult>> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String command = "echo " + i;
        runs.add(pool.submit(() -> shell.run(command, TEN_SECONDS)));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(runs.get(i).get().stdout()).isEqualTo(i + "\n");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(host.commandLog()).hasSize(20);
    assertThat(host.connectionCount()).isEqualTo(1);
    assertThat(transport.shell(host.endpoint())).isSameAs(shell);
  }

  @Test
  void reconnectsAfterTheHostRestarted() throws Exception {
    TestHost host = fleet.host(2);
    RemoteShell shell = transport.shell(host.endpoint());
    assertThat(shell.run("true", TEN_SECONDS).exitCode()).isZero();

    host.stop();
    host.start();

    assertThat(shell.run("echo again", TEN_SECONDS).stdout()).isEqualTo("again\n");
    assertThat(host.connectionCount()).isEqualTo(2);
  }

  @Test
  void anUnreachableHostFailsAsUnreachableAfterRetries() {
    TestHost host = fleet.host(2);
    host.stop();

    TransportException e = TestPolicies.failure(() -> transport.shell(host.endpoint()).connect());

    assertThat(e.reason()).isEqualTo(TransportException.Reason.UNREACHABLE);
    assertThat(e.unreachable()).isTrue();
    assertThat(e.host()).isEqualTo("host-2");
    assertThat(e.getMessage())
        .contains("127.0.0.3:" + host.sshPort(), "host-2", "gave up after 3 attempts");
  }
}
