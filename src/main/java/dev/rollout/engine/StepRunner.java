package dev.rollout.engine;

import dev.rollout.engine.Event.StepFinished;
import dev.rollout.engine.Event.StepStarted;
import dev.rollout.plan.HostValues;
import dev.rollout.plan.Step;
import dev.rollout.plan.Template;
import dev.rollout.transport.CommandResult;
import dev.rollout.transport.RemoteShell;
import dev.rollout.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs a host's steps in order, recording each start and end, and stops at the first failure. A
 * command whose connection dropped while it ran is never re-run: it counts as failed.
 */
final class StepRunner {

  /** Output kept per stream in the journal. */
  static final int KEPT_OUTPUT = 4096;

  private final RunState state;
  private final Masker masker;
  private final Clock clock;
  private final Fleet fleet;

  StepRunner(RunState state, Masker masker, Clock clock, Fleet fleet) {
    this.state = state;
    this.masker = masker;
    this.clock = clock;
    this.fleet = fleet;
  }

  /**
   * Runs {@code steps} on {@code shell}.
   *
   * @param path "ssh" or "console", recorded with each step
   * @param stopWhenStopping do not start the next step once the run is stopping
   */
  StepOutcome run(String host, RemoteShell shell, String path, String phase, List<Step> steps,
      HostValues values, boolean stopWhenStopping) {
    return run(host, shell, path, phase, steps, 0, values, stopWhenStopping);
  }

  /** Runs {@code steps} from index {@code from} (0-based): the steps before it already ran. */
  StepOutcome run(String host, RemoteShell shell, String path, String phase, List<Step> steps,
      int from, HostValues values, boolean stopWhenStopping) {
    for (int i = from; i < steps.size(); i++) {
      if (stopWhenStopping && state.stopping()) {
        return StepOutcome.stopped("stopped before " + phase + " step " + (i + 1)
            + " because the run is stopping");
      }
      StepOutcome o = runOne(host, shell, path, phase, i + 1, steps.get(i), values);
      if (!o.ok()) {
        return o;
      }
    }
    return StepOutcome.OK;
  }

  private StepOutcome runOne(String host, RemoteShell targetShell, String targetPath,
      String phase, int n, Step step, HostValues values) {
    RemoteShell shell = step.onConsoleHost() ? fleet.consoleHost(host) : targetShell;
    String path = step.onConsoleHost() ? "consoleHost" : targetPath;
    state.record(new StepStarted(clock.instant(), host, phase, n, step.name(), path));
    Instant start = clock.instant();
    String command = Template.command(step.run(), values.real());
    try {
      CommandResult r = shell.run(command, step.timeout());
      StepFinished done = new StepFinished(clock.instant(), host, phase, n, step.name(),
          r.exitCode(), r.timedOut(), r.duration(), tail(r.stdout()), tail(r.stderr()), null);
      state.record(done);
      if (done.succeeded()) {
        return StepOutcome.OK;
      }
      String why = r.timedOut() ? "ran past its timeout of " + step.timeout().toSeconds() + "s"
          : "exited " + r.exitCode() + lastLine(done.stderr(), done.stdout());
      return StepOutcome.failed(phase + " step \"" + step.name() + "\" " + why);
    } catch (TransportException e) {
      if (state.leaving() || e.closedByController() || Thread.currentThread().isInterrupted()) {
        // the controller closed the connection on its way out: the step stays in flight in
        // the journal, and verify decides on resume
        throw new ControllerLeaving();
      }
      String msg = masker.mask(e.getMessage());
      state.record(new StepFinished(clock.instant(), host, phase, n, step.name(), -1, false,
          Duration.between(start, clock.instant()), "", "", msg));
      String why = phase + " step \"" + step.name() + "\": " + msg;
      return e.unreachable() ? StepOutcome.unreachable(why) : StepOutcome.failed(why);
    }
  }

  private String tail(String s) {
    String m = masker.mask(s == null ? "" : s);
    return m.length() <= KEPT_OUTPUT ? m : m.substring(m.length() - KEPT_OUTPUT);
  }

  private static String lastLine(String stderr, String stdout) {
    String s = stderr.isBlank() ? stdout : stderr;
    String[] lines = s.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? "" : ": " + (last.length() > 200 ? last.substring(0, 200) : last);
  }
}
