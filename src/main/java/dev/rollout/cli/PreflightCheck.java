package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Event;
import dev.rollout.engine.Fleet;
import dev.rollout.engine.MemoryJournal;
import dev.rollout.plan.PlanFiles;
import dev.rollout.probe.Sleeper;
import dev.rollout.source.Visible;
import dev.rollout.transport.ssh.SshTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code rollout plan --check}: connects to every target and runs the preflight read-only (the
 * preflight steps, the rollback checks, the console path, the probes). Nothing is changed and no
 * run is recorded.
 */
final class PreflightCheck {

  private PreflightCheck() {}

  /**
   * One target's readiness: passed, or why it would refuse the run; and each metric probe's
   * current value as its baseline found it.
   */
  record Result(String host, boolean passed, String reason, List<String> metrics) {
    Result(String host, boolean passed, String reason) {
      this(host, passed, reason, List.of());
    }
  }

  static List<Result> run(PlanFiles.Loaded loaded, Path baseDir, PrintWriter err) {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4,
        RunDriver.daemon("probe"));
    MemoryJournal journal = new MemoryJournal();
    try (Fleet fleet = new Fleet(new SshTransport(), loaded.plan(), baseDir)) {
      Engine engine = new Engine("check", loaded.plan(), fleet, journal,
          List.of(new ProgressLines(err)), new Engine.Settings(Clock.systemUTC(), Sleeper.SYSTEM,
              scheduler, Duration.ofSeconds(2)), null);
      engine.check();
      List<Event> events = journal.events();
      return events.stream().filter(Event.PreflightChecked.class::isInstance)
          .map(Event.PreflightChecked.class::cast)
          .map(p -> new Result(p.host(), p.passed(), p.reason(), metrics(events, p.host())))
          .toList();
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static List<String> metrics(List<Event> events, String host) {
    return events.stream().filter(Event.MetricMeasured.class::isInstance)
        .map(Event.MetricMeasured.class::cast).filter(m -> m.host().equals(host))
        .map(Event.MetricMeasured::reason).toList();
  }

  static void print(List<Result> results, PrintWriter out) {
    out.println();
    out.println("Preflight check (nothing was changed):");
    for (Result r : results) {
      out.printf("  %-20s %s%n", r.host(), r.passed() ? "ready, way back proven"
          : "REFUSED: " + Visible.line(r.reason()));
      r.metrics().forEach(m -> out.printf("  %-20s   now: %s%n", "", Visible.line(m)));
    }
    out.flush();
  }

  static int exitCode(List<Result> results) {
    return results.stream().allMatch(Result::passed) ? ExitCode.OK.code()
        : ExitCode.PREFLIGHT_REFUSED.code();
  }
}
