package dev.rollout.probe;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command on the controller with {@code /bin/sh -c}, for checks such as an integration test
 * suite: exit 0 is healthy. The host's variables are added to the controller's environment. Past
 * its timeout the command and every process it started are killed. Output goes to temporary files,
 * not pipes, so a chatty command never blocks and a left-over child cannot hold the probe open.
 */
public final class LocalProbe implements Probe {

  private final String name;
  private final String command;
  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Duration timeout;
  private final Clock clock;
  private final OutputMask mask;

  /** A probe whose output holds no secret to hide. */
  public LocalProbe(
      String name,
      String command,
      Map<String, String> environment,
      Path workingDirectory,
      Duration timeout,
      Clock clock) {
    this(name, command, environment, workingDirectory, timeout, clock, OutputMask.NONE);
  }

  /**
   * @param environment variables added for the command, such as {@code ROLLOUT_HOST_NAME}, {@code
   *     ROLLOUT_HOST_ADDRESS} and {@code ROLLOUT_VAR_<KEY>}
   * @param workingDirectory where the command runs, usually the plan's directory; null for the
   *     controller's current directory
   * @param mask hides the secrets in the output and the reason, before either is cut
   */
  public LocalProbe(
      String name,
      String command,
      Map<String, String> environment,
      Path workingDirectory,
      Duration timeout,
      Clock clock,
      OutputMask mask) {
    this.name = Objects.requireNonNull(name, "name");
    this.command = Objects.requireNonNull(command, "command");
    this.environment = Map.copyOf(environment);
    this.workingDirectory = workingDirectory;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mask = Objects.requireNonNull(mask, "mask");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public String target() {
    return mask.mask(command);
  }

  @Override
  public ProbeResult check() {
    Instant start = clock.instant();
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("rollout-probe-", ".out");
      stderr = Files.createTempFile("rollout-probe-", ".err");
      return run(start, stdout, stderr);
    } catch (IOException e) {
      String reason = "cannot run " + command + ": " + Reasons.rootMessage(e);
      return ProbeResult.unhealthy(name, mask.mask(reason), start, clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      String reason = "interrupted while running " + command;
      return ProbeResult.unhealthy(name, mask.mask(reason), start, clock.instant());
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  private ProbeResult run(Instant start, Path stdout, Path stderr)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
    builder.environment().putAll(environment);
    builder.directory(workingDirectory == null ? null : workingDirectory.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(process);
        String reason = "timed out after " + Reasons.duration(timeout) + ": " + command;
        return result(ProbeResult.Outcome.UNHEALTHY, reason, start, stdout, stderr);
      }
    } finally {
      if (process.isAlive()) {
        killTree(process);
      }
    }
    return finished(process.exitValue(), start, stdout, stderr);
  }

  private ProbeResult finished(int exit, Instant start, Path stdout, Path stderr)
      throws IOException {
    if (exit == 0) {
      return result(ProbeResult.Outcome.HEALTHY, "exit 0", start, stdout, stderr);
    }
    String last = Reasons.lastLine(tail(stderr));
    if (last.isEmpty()) {
      last = Reasons.lastLine(tail(stdout));
    }
    String reason = "exit " + exit + (last.isEmpty() ? "" : ": " + last);
    return result(ProbeResult.Outcome.UNHEALTHY, reason, start, stdout, stderr);
  }

  private ProbeResult result(
      ProbeResult.Outcome outcome, String reason, Instant start, Path stdout, Path stderr)
      throws IOException {
    String output = tail(stdout) + tail(stderr);
    return new ProbeResult(
        name, outcome, mask.mask(reason), output, start, Duration.between(start, clock.instant()));
  }

  /** Kills the children first: once the shell is gone they would no longer be its descendants. */
  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.onExit().join();
  }

  /** The last {@link ProbeResult#MAX_OUTPUT} bytes of a file, secrets masked before the cut. */
  private String tail(Path file) throws IOException {
    return mask.tail(file, ProbeResult.MAX_OUTPUT);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a left-over temporary file is harmless and must not hide the probe's result
      }
    }
  }
}
