package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.Phase;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.HostLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The document {@code rollout status --output json} prints ({@code schemaVersion} 1), also the
 * source of the text view.
 *
 * @param state running, paused, interrupted (no controller drives it) or ended
 * @param phase the run's {@link Phase}, by its wire name: preflight, progressing, stopping,
 *     paused_at_gate, paused_on_failure, aborting, completed, rolled_back,
 *     ended_before_any_change, needs_attention
 * @param pause for a paused run, what its pause is ({@link RunRecord#pauseWords}): {@code paused:
 *     <why>} when nothing failed but a person must judge, {@code paused on a failure (<why>)},
 *     {@code paused at a gate}; else null
 * @param soakLeftSeconds for a run in a soak, the seconds left; else null
 * @param driver {@code pid@machine} of the controller driving it now, or null
 */
record RunStatus(int schemaVersion, String runId, String plan, String state, Phase phase,
    String stage,
    String pause, dev.rollout.engine.Outcome outcome, String summary, Instant startedAt,
    Instant lastEventAt, Long soakLeftSeconds,
    int failures, int allowedFailures, String driver, boolean journalTornTail,
    List<HostStatus> hosts, List<EventLine> lastEvents, List<AnalysisStatus> analysis) {

  /**
   * One host: its state, the reason of its last change, its unhealthy probes, and each metric
   * probe's last value beside its condition ({@code restarts 4 >= 3: failed}).
   */
  record HostStatus(String name, dev.rollout.engine.HostState state, String reason,
      Map<String, String> unhealthy,
      Map<String, String> metrics) {}

  /**
   * One metric of a stage's analysis: the method that judged it ({@code ratio}, {@code
   * Mann-Whitney U}), its verdict, what the canaries were compared with (the control hosts, or
   * for the last wave their own pre-change window), and the values.
   */
  record AnalysisStatus(String stage, String metric, String method, String verdict,
      List<String> canaries, List<String> controls, String comparedWith, Double canaryBefore,
      Double canaryDuring, int canaryPoints, Double controlBefore, Double controlDuring,
      int controlPoints, String text) {

    static AnalysisStatus of(Event.AnalysisJudged j) {
      return new AnalysisStatus(j.stage(), j.metric(), j.method(),
          dev.rollout.engine.Wire.name(j.verdict()), j.canaries(),
          j.controls(), j.comparedWith(), j.canaryBefore(), j.canaryDuring(), j.canaryPoints(),
          j.controlBefore(), j.controlDuring(), j.controlPoints(), j.stage() + " " + j.metric()
          + " by " + j.method() + " against " + j.comparedWith() + ": " + j.values() + ": "
          + j.sentence());
    }
  }

  /** An event as the operator reads it. */
  record EventLine(Instant at, String type, String text) {}

  static RunStatus of(RunRecord r, Optional<HostLocks.Lock> driver, boolean torn) {
    Phase phase = r.phase();
    String state = phase.terminal() ? "ended" : phase.paused() ? "paused"
        : driver.isPresent() ? "running" : "interrupted";
    Long soakLeft = !phase.terminal() && !phase.paused() ? r.soakUntil(r.stageLabel())
        .map(u -> Math.max(0, Duration.between(Instant.now(), u).toSeconds())).orElse(null)
        : null;
    List<HostStatus> hosts = new ArrayList<>();
    r.hosts().forEach((h, s) -> {
      Map<String, String> metrics = new java.util.LinkedHashMap<>();
      r.lastMeasured(h).forEach((p, m) -> metrics.put(p, m.reason()));
      hosts.add(new HostStatus(h, s, r.hostReason(h), r.unhealthyProbes(h), metrics));
    });
    List<Event> ev = r.events();
    List<EventLine> last = ev.subList(Math.max(0, ev.size() - 10), ev.size()).stream()
        .map(e -> new EventLine(e.at(), e.getClass().getSimpleName(), e.describe())).toList();
    return new RunStatus(1, r.runId(), r.plan(), state, phase, r.stage(),
        r.paused() ? r.pauseWords() : null,
        r.outcome().orElse(null), r.summary(),
        r.started().orElse(null), r.lastAt().orElse(null), soakLeft, r.failures(),
        r.allowedFailures(), driver.map(HostLocks.Lock::owner).orElse(null), torn, hosts, last,
        r.judgements().stream().map(AnalysisStatus::of).toList());
  }
}
