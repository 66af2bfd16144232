package dev.rollout.engine;

import dev.rollout.engine.Action.EndReason;
import dev.rollout.engine.Action.PauseReason;
import dev.rollout.engine.Action.RollbackReason;
import dev.rollout.engine.Action.StopReason;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Strategy;
import dev.rollout.plan.Strategy.OnFailure;
import dev.rollout.plan.Wave;
import dev.rollout.probe.CanaryJudge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The run's next action, a pure function of the plan, the record folded from the journal and the
 * time: the same journal always gives the same decision, so a controller taking a run up after
 * any death decides as the dead one would have. A recorded abort wins over everything; after it
 * no action changes a pending host.
 */
public final class Decision {

  private static final Set<HostState> TOUCHED = Set.of(HostState.CHANGING, HostState.VERIFYING,
      HostState.CHANGED, HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK,
      HostState.ROLLBACK_FAILED);

  /** Touched and not given up on: a rollback is still due before the run may end rolled back. */
  private static final HostState[] OPEN = {HostState.CHANGING, HostState.VERIFYING,
      HostState.CHANGED, HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK};

  private Decision() {}

  /** What the run {@code r} of {@code plan} does next, at {@code now}. */
  public static Action next(ResolvedPlan plan, RunRecord r, Instant now) {
    if (r.abortRequested()) {
      return aborting(r);
    }
    if (!r.preflightPassed()) {
      return new Action.Preflight("preflight on every target before any change");
    }
    Optional<Action> urgent = urgent(plan, r);
    if (urgent.isPresent()) {
      return urgent.get();
    }
    Strategy s = plan.plan().strategy();
    if (r.stopReason().isPresent()) {
      return stopped(s, r);
    }
    List<String> failed = new ArrayList<>(r.in(HostState.FAILED, HostState.UNREACHABLE));
    r.in(HostState.ROLLING_BACK).stream().filter(h -> !r.rehearsing(h)).forEach(failed::add);
    if (!failed.isEmpty() && (s.onFailure() == OnFailure.ROLLBACK || r.promotedPastFailure())) {
      return r.promotedPastFailure()
          ? new Action.RollBack(RollbackReason.PROMOTED_PAST_FAILURE, failed, "promoted past a "
              + "pause on failure: the failed host(s) are rolled back, the run goes on")
          : new Action.RollBack(RollbackReason.TOLERATED_FAILURE, failed,
              "failure within maxFailures");
    }
    for (Wave w : plan.waves()) {
      if (!r.stageCompleted(w.label())) {
        return stage(plan, s, r, w, now);
      }
      if (w.canary() && r.gateAfterCanary() && !r.gatePassed()) {
        return new Action.Pause(PauseReason.GATE_AFTER_CANARY, w.label(),
            "the gate after the canary (--until canary or pauseAfterCanary)");
      }
    }
    if (!s.watch().isZero() && !r.stageCompleted("watch")) {
      Duration left = r.soakPassed("watch") ? Duration.ZERO : r.soakLeft("watch", s.watch());
      return left.isZero() ? new Action.CompleteStage("watch", "the watch passed")
          : new Action.SoakUntil("watch", now.plus(left), left,
              "the watch: every host stays under probes with rollback armed");
    }
    List<String> bad = r.in(HostState.ROLLBACK_FAILED);
    return bad.isEmpty()
        ? new Action.End(Outcome.COMPLETED, EndReason.ALL_STAGES_PASSED, completed(r))
        : new Action.End(Outcome.NEEDS_ATTENTION, EndReason.ROLLBACK_FAILED,
            "rollback failed on " + String.join(", ", bad));
  }

  /**
   * The part of {@link #next} that cannot wait for the action in flight to end: failing the
   * changed hosts found unhealthy or degraded ({@link Action.FailHosts}), or the stop that is due
   * ({@link Action.Stop}); empty when there is none, and while the run is aborting or before its
   * preflight passed, as {@code next} would then decide something else. It is asked whenever the
   * run's state changes while hosts are in flight, so it walks only the hosts it may return,
   * never the whole fleet: {@code next} builds a wave's list of pending hosts, this does not.
   */
  public static Optional<Action> urgent(ResolvedPlan plan, RunRecord r) {
    if (r.abortRequested() || !r.preflightPassed()) {
      return Optional.empty();
    }
    List<Action.HostFailure> unhealthy = unhealthyChanged(plan, r);
    if (!unhealthy.isEmpty()) {
      return Optional.of(new Action.FailHosts(unhealthy, "probes found " + unhealthy.stream()
          .map(Action.HostFailure::host).collect(Collectors.joining(", ")) + " unhealthy"));
    }
    List<Action.HostFailure> worse = judgedWorse(plan, r);
    if (!worse.isEmpty()) {
      return Optional.of(new Action.FailHosts(worse, "the analysis found " + worse.stream()
          .map(Action.HostFailure::host).collect(Collectors.joining(", ")) + " degraded"));
    }
    return stopDue(plan, r).map(Action.class::cast);
  }

  /**
   * Whether the run must start stopping, from the record alone: more failures than {@code
   * maxFailures} and those a promote accepted allow; a canary failed; or the canary's rehearsed
   * rollback failed. Failures before the last promote were accepted by it. Empty when the run is
   * stopping already, or aborting; but a failure overrides a stop that only pauses (a host that
   * fails between a pausing RunStopping and its RunPaused is handled as onFailure says, not
   * paused over).
   */
  public static Optional<Action.Stop> stopDue(ResolvedPlan plan, RunRecord r) {
    if (r.abortRequested() || r.stopReason().isPresent() && !r.stopPauses()) {
      return Optional.empty();
    }
    Optional<Action.Stop> failed = failureStopDue(plan, r);
    return failed.isPresent() || r.stopReason().isPresent() ? failed : pauseDue(plan, r);
  }

  /** A stop that failures call for: over budget, a failed canary, a failed rehearsal. */
  private static Optional<Action.Stop> failureStopDue(ResolvedPlan plan, RunRecord r) {
    int allowed = r.allowedFailures();
    int accepted = r.acceptedFailures();
    if (r.failures() > Math.max(allowed, accepted)) {
      return Optional.of(new Action.Stop(StopReason.FAILURES_OVER_BUDGET, "more failures ("
          + r.failures() + ") than maxFailures allows (" + allowed + ")" + (accepted > allowed
          ? " and the " + accepted + " accepted by promote" : "")));
    }
    Set<String> canaries = plan.waves().stream().filter(Wave::canary)
        .flatMap(w -> w.hosts().stream()).collect(Collectors.toSet());
    Optional<String> canary = r.failedSincePromote().stream().filter(canaries::contains)
        .findFirst();
    if (canary.isPresent()) {
      return Optional.of(new Action.Stop(StopReason.CANARY_FAILED, "canary " + canary.get()
          + " failed: a failed canary stops the run whatever maxFailures allows"));
    }
    Optional<String> rehearsal = r.rehearsalFailed().stream().findFirst();
    if (rehearsal.isPresent()) {
      return Optional.of(new Action.Stop(StopReason.REHEARSAL_FAILED, "the rehearsed rollback "
          + "failed on canary " + rehearsal.get() + ": the way back does not work"));
    }
    return Optional.empty();
  }

  /**
   * A pause that nothing failed for: a stage's analysis found the control hosts moved too (or
   * had nothing to judge by), or a changed host's probe gave inconclusive values with {@code
   * onInconclusive: pause}; in both cases unless a promote accepted it since.
   */
  private static Optional<Action.Stop> pauseDue(ResolvedPlan plan, RunRecord r) {
    for (Wave w : plan.waves()) {
      Map<String, Event.AnalysisJudged> j = r.judged(w.label());
      if (!judgedAll(plan, r, w.label()) || r.judgementAccepted(w.label())
          || r.stageCompleted(w.label())
          || j.values().stream().anyMatch(x -> x.verdict() == Verdict.CANARY_WORSE)) {
        continue;
      }
      for (Event.AnalysisJudged x : j.values()) {
        if (x.verdict() == Verdict.CONTROLS_MOVED_TOO || x.verdict() == Verdict.NO_DATA) {
          return Optional.of(new Action.Stop(x.verdict() == Verdict.NO_DATA
              ? StopReason.ANALYSIS_NO_DATA : StopReason.CONTROLS_MOVED_TOO, w.label() + ": "
              + x.sentence()));
        }
      }
    }
    for (String h : r.changedWithUnhealthyProbes()) {
      Optional<Event.HealthChanged> c = r.inconclusive(h);
      if (c.isPresent()) {
        return Optional.of(new Action.Stop(StopReason.PROBE_INCONCLUSIVE, "probe \""
            + c.get().probe() + "\" on " + h + " was inconclusive " + c.get().failures()
            + " time(s) in a row (onInconclusive: pause): " + c.get().reason()));
      }
    }
    return Optional.empty();
  }

  /** Whether every metric of the analysis was judged for {@code stage}. */
  private static boolean judgedAll(ResolvedPlan plan, RunRecord r, String stage) {
    var a = plan.plan().strategy().analysis();
    return a != null && r.judged(stage).keySet().containsAll(a.metrics());
  }

  /** Changed hosts of a stage whose analysis found them degraded: they are failed next. */
  private static List<Action.HostFailure> judgedWorse(ResolvedPlan plan, RunRecord r) {
    List<Action.HostFailure> out = new ArrayList<>();
    for (Wave w : plan.waves()) {
      r.judged(w.label()).values().stream().filter(x -> x.verdict() == Verdict.CANARY_WORSE)
          .findFirst().ifPresent(x -> x.canaries().stream()
              .filter(h -> r.hosts().get(h) == HostState.CHANGED)
              .forEach(h -> out.add(new Action.HostFailure(h, FailureClass.UNHEALTHY,
                  Action.FailReason.ANALYSIS_CANARY_WORSE, "analysis of " + w.label() + " by "
                  + x.method() + ": " + x.sentence()))));
    }
    return out;
  }

  /**
   * Changed hosts whose probes' last recorded health is unhealthy: they are failed next, but for
   * the metric failures that wait for (or were answered by) the analysis ({@link HeldBack}).
   */
  private static List<Action.HostFailure> unhealthyChanged(ResolvedPlan plan, RunRecord r) {
    List<Action.HostFailure> out = new ArrayList<>();
    for (String h : r.changedWithUnhealthyProbes()) {
      r.unhealthyAll(h).stream().filter(c -> !HeldBack.heldBack(plan, r, h, c.probe())).findFirst()
          .ifPresent(c -> out.add(new Action.HostFailure(h, c.unreachable()
          ? FailureClass.UNREACHABLE : FailureClass.UNHEALTHY, c.unreachable()
          ? Action.FailReason.PROBE_UNREACHABLE : Action.FailReason.PROBE_UNHEALTHY,
          "probe \"" + c.probe() + "\" failed " + c.failures() + " time(s) in a row: "
          + c.reason())));
    }
    return out;
  }

  /** A stage not completed: its pending hosts change, then it soaks. */
  private static Action stage(ResolvedPlan plan, Strategy s, RunRecord r, Wave w,
      Instant now) {
    List<String> pending = w.hosts().stream()
        .filter(h -> r.hosts().get(h) == HostState.PENDING).toList();
    if (!pending.isEmpty()) {
      return new Action.Change(w, pending, w.label() + ": change " + String.join(", ",
          pending));
    }
    Duration d = w.canary() ? s.soak() : s.waveSoak();
    Duration left = r.soakPassed(w.label()) ? Duration.ZERO : r.soakLeft(w.label(), d);
    if (!left.isZero() && HeldBack.judgeNow(plan, r, w)) {
      return judge(plan, r, w, now, true);
    }
    if (!left.isZero()) {
      return new Action.SoakUntil(w.label(), now.plus(left), left, w.label()
          + ": soak under probes");
    }
    if (Analysis.applies(plan, w) && !judgedAll(plan, r, w.label())) {
      return judge(plan, r, w, now, false);
    }
    return new Action.CompleteStage(w.label(), w.label() + " completed");
  }

  /**
   * The judgement of {@code w}'s metrics not judged yet; {@code early} when a held-back metric
   * failure calls for it before the soak ends. A controller that died between two judgements
   * judges the rest, from the same window.
   */
  private static Action judge(ResolvedPlan plan, RunRecord r, Wave w, Instant now,
      boolean early) {
    Map<String, Event.AnalysisJudged> done = r.judged(w.label());
    List<Event.AnalysisJudged> j = Analysis.judge(plan, r, w, now,
        early ? HeldBack.since(plan, r) : 0).stream()
        .filter(x -> !done.containsKey(x.metric())).toList();
    if (j.isEmpty()) {
      return new Action.CompleteStage(w.label(), w.label() + " completed");
    }
    List<String> controls = Analysis.controls(plan, w.label());
    return new Action.Judge(w.label(), j, early, w.label() + ": judge the analysis' metrics "
        + (controls.isEmpty() ? "against the hosts' own pre-change window"
        : "against the control hosts " + String.join(", ", controls)) + (early
        ? " now, before the soak ends: a metric probe found a changed host unhealthy" : ""));
  }

  /**
   * The run stopped: a pause for a person's judgement, whatever {@code onFailure} says; on
   * failures, pause, halt, or roll back as the plan says.
   */
  private static Action stopped(Strategy s, RunRecord r) {
    String why = r.stopReason().orElseThrow();
    if (r.stopPauses()) {
      return new Action.Pause(PauseReason.NEEDS_JUDGEMENT, r.stageLabel(), why + "; nothing "
          + "failed and no host is rolled back: promote goes on, abort rolls back");
    }
    if (s.onFailure() == OnFailure.PAUSE) {
      return new Action.Pause(PauseReason.ON_FAILURE, r.stageLabel(), "on failure (" + why
          + "); hosts left as they are: " + hosts(r));
    }
    if (s.onFailure() == OnFailure.HALT) {
      return new Action.End(Outcome.NEEDS_ATTENTION, EndReason.HALTED, "halted on failure ("
          + why + "); hosts left as they are: " + hosts(r) + "; roll back with: rollout abort "
          + r.runId());
    }
    // the run ends rolled back only once no host in the scope is still touched, whatever
    // rollback finished before; a host whose rollback failed is left for a person
    List<String> scope = s.rollbackScope() == Strategy.RollbackScope.CHANGED
        ? r.in(OPEN) : r.in(HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK);
    String failedWhy = "the change failed (" + why + ")";
    if (!scope.isEmpty()) {
      return new Action.RollBack(RollbackReason.RUN_STOPPED, scope, failedWhy);
    }
    return endAfterRollback(r, failedWhy, EndReason.STOPPED_AND_ROLLED_BACK);
  }

  /** An abort: every touched host is rolled back, then the run ends. */
  private static Action aborting(RunRecord r) {
    String why = "aborted by " + r.abortedBy();
    // a host whose rollback failed is tried once more by the abort's own rollback; any host
    // still touched after it (changed while it ran) is rolled back before the run ends
    List<String> due = r.finalRollbackDone() ? r.in(OPEN)
        : r.in(TOUCHED.toArray(HostState[]::new));
    if (!due.isEmpty()) {
      return new Action.RollBack(RollbackReason.ABORTED, due, why);
    }
    if (!r.touchedAnyHost()) {
      return new Action.End(Outcome.ROLLED_BACK, EndReason.ABORTED_BEFORE_ANY_CHANGE, why
          + " before any host changed: nothing was changed, nothing to roll back");
    }
    return endAfterRollback(r, why, EndReason.ABORTED);
  }

  private static Action endAfterRollback(RunRecord r, String why, EndReason reason) {
    List<String> bad = r.in(HostState.ROLLBACK_FAILED);
    return bad.isEmpty()
        ? new Action.End(Outcome.ROLLED_BACK, reason, why + "; rolled back: "
            + String.join(", ", r.in(HostState.ROLLED_BACK)))
        : new Action.End(Outcome.NEEDS_ATTENTION, EndReason.ROLLBACK_FAILED,
            "rollback failed on " + String.join(", ", bad) + "; see the journal");
  }

  private static String completed(RunRecord r) {
    List<String> parts = new ArrayList<>();
    parts.add(r.in(HostState.CHANGED).size() + " host(s) changed and healthy");
    List<String> rolled = r.in(HostState.ROLLED_BACK);
    if (!rolled.isEmpty()) {
      parts.add("failed within maxFailures and rolled back: " + String.join(", ", rolled));
    }
    return String.join("; ", parts);
  }

  private static String hosts(RunRecord r) {
    List<String> out = new ArrayList<>();
    r.hosts().forEach((h, s) -> out.add(h + "=" + s.words()));
    return String.join(", ", out);
  }

}
