package dev.rollout.probe;

import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Runs a command on the host through its {@link RemoteShell}: exit 0 is healthy. A transport that
 * cannot reach the host gives an {@link ProbeResult.Outcome#UNREACHABLE} result, never an
 * unhealthy one, so the engine can tell a dead host from a failed check. The plan calls this kind
 * {@code ssh}.
 */
public final class ShellProbe implements Probe {

  private final String name;
  private final RemoteShell shell;
  private final String command;
  private final Duration timeout;
  private final Clock clock;
  private final OutputMask mask;

  /** A probe whose output holds no secret to hide. */
  public ShellProbe(String name, RemoteShell shell, String command, Duration timeout, Clock clock) {
    this(name, shell, command, timeout, clock, OutputMask.NONE);
  }

  /**
   * @param command a shell command, fully resolved and quoted by the caller
   * @param mask hides the secrets in the output and the reason, before either is cut
   */
  public ShellProbe(String name, RemoteShell shell, String command, Duration timeout, Clock clock,
      OutputMask mask) {
    this.mask = Objects.requireNonNull(mask, "mask");
    this.name = Objects.requireNonNull(name, "name");
    this.shell = Objects.requireNonNull(shell, "shell");
    this.command = Objects.requireNonNull(command, "command");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "ssh";
  }

  @Override
  public String target() {
    return mask.mask(command);
  }

  @Override
  public ProbeResult check() {
    Instant start = clock.instant();
    try {
      CommandResult result = shell.run(command, timeout);
      return judge(result, start);
    } catch (TransportException e) {
      return transportFailure(e, start);
    }
  }

  private ProbeResult judge(CommandResult result, Instant start) {
    String stdout = mask.mask(result.stdout());
    String stderr = mask.mask(result.stderr());
    String output = stdout + stderr;
    if (result.succeeded()) {
      return new ProbeResult(
          name, ProbeResult.Outcome.HEALTHY, "exit 0", output, start, since(start));
    }
    String reason =
        result.timedOut()
            ? "timed out after " + Reasons.duration(timeout) + " on " + shell.hostName()
            : "exit " + result.exitCode() + lastLine(stdout, stderr);
    return new ProbeResult(
        name, ProbeResult.Outcome.UNHEALTHY, mask.mask(reason), output, start, since(start));
  }

  private static String lastLine(String stdout, String stderr) {
    String line = Reasons.lastLine(stderr);
    if (line.isEmpty()) {
      line = Reasons.lastLine(stdout);
    }
    return line.isEmpty() ? "" : ": " + line;
  }

  private ProbeResult transportFailure(TransportException e, Instant start) {
    if (e.unreachable()) {
      String reason = mask.mask("host unreachable: " + e.getMessage());
      return new ProbeResult(
          name, ProbeResult.Outcome.UNREACHABLE, reason, "", start, since(start));
    }
    String reason = "ssh to " + e.host() + " failed (" + e.reason() + "): " + e.getMessage();
    return ProbeResult.unhealthy(name, mask.mask(reason), start, clock.instant());
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }
}
