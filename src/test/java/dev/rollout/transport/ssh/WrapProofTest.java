package dev.rollout.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.transport.RemoteShell;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Wraps over real SSH: parsed as shell words, and proven to run the command they are given. */
class WrapProofTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(1);

  private final SshTransport transport = new SshTransport(TestPolicies.FAST, n -> null);

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void aQuotedWrapPassesItsWordsWithoutTheQuoteMarks() throws Exception {
    RemoteShell box = transport.wrapped("box", fleet.host(1).endpoint(), "env NAME='my box'");

    assertThat(box.run("printf '[%s]' \"$NAME\"", TIMEOUT).stdout()).isEqualTo("[my box]");
    assertThat(box.proveCommandsRun()).isEmpty();
  }

  @Test
  void aShDashCWrapThatRunsNothingIsNotProven() throws Exception {
    TestHost host = fleet.host(1);
    RemoteShell box = transport.wrapped("box", host.endpoint(), "sh -c");

    assertThat(box.run("touch changed", TIMEOUT).succeeded()).isTrue();
    assertThat(host.sandbox().resolve("changed")).doesNotExist();
    assertThat(box.proveCommandsRun()).hasValueSatisfying(why -> assertThat(why)
        .contains("\"sh -c\"", "host-1", "exited 0 without running the command"));
  }

  @Test
  void aWrapThatOnlyEchoesItsArgumentsIsNotProven() throws Exception {
    RemoteShell echo = transport.wrapped("box", fleet.host(1).endpoint(), "echo");

    assertThat(echo.proveCommandsRun()).hasValueSatisfying(why -> assertThat(why)
        .contains("\"echo\"", "exited 0 without running the command"));
  }

  @Test
  void aFailingWrapIsNotProvenAndSaysWhy() throws Exception {
    RemoteShell gone = transport.wrapped("box", fleet.host(1).endpoint(), "no-such-runtime exec");

    assertThat(gone.proveCommandsRun()).hasValueSatisfying(why -> assertThat(why)
        .contains("\"no-such-runtime exec\"", "failed with exit 127"));
  }

  @Test
  void aPlainSshShellHasNothingToProve() throws Exception {
    TestHost host = fleet.host(1);

    assertThat(transport.shell(host.endpoint()).proveCommandsRun()).isEmpty();
    assertThat(host.commandLog()).isEmpty();
  }
}
