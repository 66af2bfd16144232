package dev.rollout.engine;

import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Wave;
import dev.rollout.probe.CanaryJudge.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * The failures of a metric probe that the analysis judges instead of the probe: while a stage
 * with control hosts soaks, a changed host's probe of one of {@code analysis.metrics} reaching
 * {@code unhealthyAfter} does not fail the host by itself (a fleet-wide blip would fail every
 * canary before the comparison with the controls could tell). It calls for the stage's judgement
 * at once instead ({@link #judgeNow}), and that judgement decides: the control hosts moved too
 * (or there was nothing to judge by) pauses the run and keeps the failure held back; the
 * canaries worse fails them by the judgement; a pass lets the probe's failure fail the host as
 * usual. A promote accepts the failures standing at it, until the probe is healthy again. The
 * last stage has no controls: its metric failures fail the host as any probe's. Pure.
 */
final class HeldBack {

  private HeldBack() {}

  /** Whether a failure of {@code probe} on {@code host}, a changed host, is held back. */
  static boolean heldBack(ResolvedPlan rp, RunRecord r, String host, String probe) {
    var a = rp.plan().strategy().analysis();
    if (a == null || !a.metrics().contains(probe)) {
      return false;
    }
    if (r.failureAccepted(host, probe)) {
      return true;
    }
    Optional<Wave> w = judging(rp, r);
    if (w.isEmpty()) {
      return false;
    }
    var judged = r.judged(w.get().label());
    if (!judged.keySet().containsAll(a.metrics())) {
      return true; // the judgement is due
    }
    if (judged.values().stream().anyMatch(j -> j.verdict() == Verdict.CANARY_WORSE)) {
      return judged.values().stream().anyMatch(j -> j.verdict() == Verdict.CANARY_WORSE
          && j.canaries().contains(host)); // failed by the judgement, with its reason
    }
    return !r.judgementAccepted(w.get().label()) && judged.values().stream().anyMatch(
        j -> j.verdict() == Verdict.CONTROLS_MOVED_TOO || j.verdict() == Verdict.NO_DATA);
  }

  /**
   * The stage under way whose analysis has control hosts: started, not completed, soaking or
   * about to; empty between stages, in the last stage, or without an analysis.
   */
  static Optional<Wave> judging(ResolvedPlan rp, RunRecord r) {
    for (Wave w : rp.waves()) {
      if (!r.stageCompleted(w.label())) {
        return r.stageStarted(w.label()) && !Analysis.controls(rp, w.label()).isEmpty()
            ? Optional.of(w) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code w}'s judgement is due now, before its soak ends: it is not judged yet, a
   * changed host has a held-back failure, and every metric has a measurement in the soak on
   * both sides (until then the soak goes on; at its end the judgement comes anyway).
   */
  static boolean judgeNow(ResolvedPlan rp, RunRecord r, Wave w) {
    if (!r.soakStarted(w.label()) || judging(rp, r).filter(w::equals).isEmpty()
        || r.judged(w.label()).keySet().containsAll(rp.plan().strategy().analysis().metrics())
        || !anyHeldBack(rp, r)) {
      return false;
    }
    List<String> canaries = w.hosts().stream()
        .filter(h -> r.hosts().get(h) == HostState.CHANGED).toList();
    List<String> controls = Analysis.controls(rp, w.label());
    return !canaries.isEmpty() && rp.plan().strategy().analysis().metrics().stream()
        .map(m -> Analysis.windows(r.events(), m, w.label(), canaries, controls))
        .allMatch(v -> v.canaryDuring().length > 0 && v.controlDuring().length > 0);
  }

  private static boolean anyHeldBack(ResolvedPlan rp, RunRecord r) {
    return r.hosts().entrySet().stream().filter(e -> e.getValue() == HostState.CHANGED)
        .anyMatch(e -> r.unhealthyAll(e.getKey()).stream()
            .anyMatch(c -> !r.failureAccepted(e.getKey(), c.probe())
                && heldBack(rp, r, e.getKey(), c.probe())));
  }
}
