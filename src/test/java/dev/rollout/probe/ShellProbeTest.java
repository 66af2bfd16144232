package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShellProbeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void isHealthyWhenTheCommandExitsZero() {
    FakeShell shell = FakeShell.answering(new CommandResult(0, "up\n", "", Duration.ZERO, false));

    ProbeResult result = probe(shell).check();

    assertThat(result.healthy()).isTrue();
    assertThat(result.output()).isEqualTo("up\n");
    assertThat(shell.lastCommand).isEqualTo("docker info");
    assertThat(shell.lastTimeout).isEqualTo(TIMEOUT);
  }

  @Test
  void isUnhealthyWithTheExitCodeAndLastLineOfStderr() {
    String stderr = "Cannot connect to the Docker daemon\nIs the docker daemon running?\n";
    FakeShell shell = FakeShell.answering(new CommandResult(1, "", stderr, Duration.ZERO, false));

    ProbeResult result = probe(shell).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).isEqualTo("exit 1: Is the docker daemon running?");
  }

  @Test
  void isUnhealthyWhenTheCommandTimesOut() {
    FakeShell shell = FakeShell.answering(new CommandResult(-1, "", "", TIMEOUT, true));

    ProbeResult result = probe(shell).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).isEqualTo("timed out after 10s on web-1");
  }

  @Test
  void isUnreachableWhenTheTransportCannotReachTheHost() {
    FakeShell shell =
        FakeShell.failing(
            new TransportException(
                TransportException.Reason.UNREACHABLE, "web-1", "root@10.0.0.5:22: no route"));

    ProbeResult result = probe(shell).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNREACHABLE);
    assertThat(result.unreachable()).isTrue();
    assertThat(result.reason()).isEqualTo("host unreachable: root@10.0.0.5:22: no route");
  }

  @Test
  void isUnhealthyButNotUnreachableWhenAuthenticationFails() {
    FakeShell shell =
        FakeShell.failing(
            new TransportException(TransportException.Reason.AUTH_FAILED, "web-1", "key refused"));

    ProbeResult result = probe(shell).check();

    assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(result.reason()).isEqualTo("ssh to web-1 failed (AUTH_FAILED): key refused");
  }

  private static Probe probe(RemoteShell shell) {
    return new ShellProbe("docker answers", shell, "docker info", TIMEOUT, Clock.systemUTC());
  }

  /** Answers every command with one result or one exception and remembers what it was asked. */
  private static final class FakeShell implements RemoteShell {
    private final CommandResult result;
    private final TransportException failure;
    private String lastCommand;
    private Duration lastTimeout;

    private FakeShell(CommandResult result, TransportException failure) {
      this.result = result;
      this.failure = failure;
    }

    static FakeShell answering(CommandResult result) {
      return new FakeShell(result, null);
    }

    static FakeShell failing(TransportException failure) {
      return new FakeShell(null, failure);
    }

    @Override
    public String hostName() {
      return "web-1";
    }

    @Override
    public CommandResult run(String command, Duration timeout) throws TransportException {
      lastCommand = command;
      lastTimeout = timeout;
      if (failure != null) {
        throw failure;
      }
      return result;
    }

    @Override
    public void connect() {}

    @Override
    public void close() {}
  }
}
