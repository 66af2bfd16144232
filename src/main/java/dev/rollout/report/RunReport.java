package dev.rollout.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's report; its JSON form is what {@code rollout report RUN --format json} prints ({@code
 * schemaVersion} 1). Texts come from the journal, where secrets are already masked.
 *
 * @param timeline the moments that matter, in order, each with a UTC time
 * @param hosts per host: final state, steps with exit codes and durations, health changes
 */
public record RunReport(
    int schemaVersion,
    String runId,
    String plan,
    String description,
    String outcome,
    String summary,
    Instant started,
    Instant ended,
    Map<String, String> strategy,
    List<String> targets,
    List<Moment> timeline,
    List<HostReport> hosts,
    ProbeTotals probeTotals,
    List<Analysis> analysis,
    Instant asOf,
    List<Band> stages) {

  /** A report without stage bands, as of its end. */
  public RunReport(int schemaVersion, String runId, String plan, String description,
      String outcome, String summary, Instant started, Instant ended, Map<String, String> strategy,
      List<String> targets, List<Moment> timeline, List<HostReport> hosts,
      ProbeTotals probeTotals, List<Analysis> analysis) {
    this(schemaVersion, runId, plan, description, outcome, summary, started, ended, strategy,
        targets, timeline, hosts, probeTotals, analysis, ended, List.of());
  }

  /** Whether the run had not ended when the report was made: a snapshot as of {@code asOf}. */
  public boolean inProgress() {
    return ended == null;
  }

  /**
   * One stage of the run over time: {@code kind} is preflight, canary, soak, wave, watch or
   * rollback; {@code label} the stage as the journal names it ({@code wave 2}); {@code to} null
   * while it goes on.
   */
  public record Band(String kind, String label, Instant from, Instant to) {}

  /** A host's state from {@code from} until {@code to} (null: still so at the report's time). */
  public record StateSpan(String state, Instant from, Instant to) {}

  /**
   * A run of equal results of one probe: {@code result} is healthy, unhealthy, unreachable,
   * error or inconclusive; {@code checks} null while it goes on (or when monitoring stopped
   * without a later change); {@code reason} and {@code value} of its first check.
   */
  public record ProbeSpan(String probe, String result, Instant from, Instant to, Long checks,
      String reason, Double value) {}

  /**
   * A streak of checks of one probe that were not healthy: its first failure ({@code from},
   * {@code result}, {@code reason}, {@code value}), when it ended ({@code until}, null while it
   * goes on), its checks when known, and when the probe was declared unhealthy, if it was.
   */
  public record Streak(String probe, String result, Instant from, Instant until, Long checks,
      String reason, Double value, Instant declaredAt) {}

  /** One value of a metric probe. */
  public record Point(Instant at, double value) {}

  /**
   * One metric of a stage's analysis ({@code strategy.analysis}): which method judged it ({@code
   * ratio} or {@code Mann-Whitney U}), the verdict, what the canaries were compared with (the
   * control hosts, or for the last wave the same hosts' own pre-change window), the values.
   */
  public record Analysis(Instant at, String stage, String metric, String method, String verdict,
      String comparedWith, String values, String sentence) {}

  /** One line of the timeline. {@code kind} names the moment, such as first-change. */
  public record Moment(Instant at, String kind, String text) {}

  /**
   * What happened on one host.
   *
   * @param metrics each metric probe's last value beside its condition ({@code restarts 4 >= 3:
   *     failed}), by probe name
   */
  public record HostReport(String name, String finalState, List<StepRun> steps,
      List<Moment> health, String failure, Map<String, String> metrics, List<StateSpan> states,
      List<ProbeSpan> probes, List<Streak> streaks, Map<String, List<Point>> series) {

    /** A host without its history over time. */
    public HostReport(String name, String finalState, List<StepRun> steps, List<Moment> health,
        String failure, Map<String, String> metrics) {
      this(name, finalState, steps, health, failure, metrics, List.of(), List.of(), List.of(),
          Map.of());
    }
  }

  /**
   * One step that ran on a host.
   *
   * @param exitCode -1 when it had no exit status (timed out, or it could not run)
   * @param output for a failed step, the tail of its stderr and stdout
   * @param result {@code finished}, or {@code interrupted} for a step that started and has no
   *     result in the journal (the controller died or was stopped while it ran), or {@code
   *     running} for the step of a run in progress that has none yet; exit code -1 for both
   */
  public record StepRun(Instant at, String phase, int number, String name, String path,
      int exitCode, boolean timedOut, long durationMillis, String error, String output,
      String result) {

    /** A step that finished. */
    public StepRun(Instant at, String phase, int number, String name, String path, int exitCode,
        boolean timedOut, long durationMillis, String error, String output) {
      this(at, phase, number, name, path, exitCode, timedOut, durationMillis, error, output,
          "finished");
    }

    public boolean finished() {
      return result.equals("finished");
    }
  }

  /** Probe checks counted over the run. */
  public record ProbeTotals(long checks, long failures) {}
}
