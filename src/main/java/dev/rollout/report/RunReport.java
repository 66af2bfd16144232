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
    List<Analysis> analysis) {

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
      List<Moment> health, String failure, Map<String, String> metrics) {}

  /**
   * One step that ran on a host.
   *
   * @param exitCode -1 when it had no exit status (timed out, or it could not run)
   * @param output for a failed step, the tail of its stderr and stdout
   */
  public record StepRun(Instant at, String phase, int number, String name, String path,
      int exitCode, boolean timedOut, long durationMillis, String error, String output) {}

  /** Probe checks counted over the run. */
  public record ProbeTotals(long checks, long failures) {}
}
