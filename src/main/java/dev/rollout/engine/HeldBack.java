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
   * changed host has a held-back failure, and since that failure began ({@link #since}) the
   * canaries have a measurement of every metric and the controls as many as {@code
   * unhealthyAfter} each (the evidence the failing host needed); until then the soak goes on,
   * and at its end the judgement comes anyway.
   */
  static boolean judgeNow(ResolvedPlan rp, RunRecord r, Wave w) {
    if (!r.soakStarted(w.label()) || judging(rp, r).filter(w::equals).isEmpty()
        || r.judged(w.label()).keySet().containsAll(rp.plan().strategy().analysis().metrics())
        || since(rp, r) < 0) {
      return false;
    }
    List<String> canaries = w.hosts().stream()
        .filter(h -> r.hosts().get(h) == HostState.CHANGED).toList();
    List<String> controls = Analysis.controls(rp, w.label());
    int enough = rp.plan().health().unhealthyAfter() * controls.size();
    int from = since(rp, r);
    return !canaries.isEmpty() && rp.plan().strategy().analysis().metrics().stream()
        .map(m -> Analysis.windows(r.events(), m, w.label(), canaries, controls, from))
        .allMatch(v -> v.canaryDuring().length > 0 && v.controlDuring().length >= enough);
  }

  /**
   * Where the earliest held-back failure (not accepted by a promote) began: the index in the
   * journal of the event after its probe's last passing measurement on that host; -1 when
   * there is none.
   */
  static int since(ResolvedPlan rp, RunRecord r) {
    java.util.Set<String> held = new java.util.HashSet<>();
    for (String h : r.changedWithUnhealthyProbes()) {
      r.unhealthyAll(h).stream().filter(c -> !r.failureAccepted(h, c.probe())
          && heldBack(rp, r, h, c.probe())).forEach(c -> held.add(h + "\n" + c.probe()));
    }
    if (held.isEmpty()) {
      return -1;
    }
    java.util.Map<String, Integer> began = new java.util.HashMap<>();
    List<Event> events = r.events();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof Event.MetricMeasured m && held.contains(m.host() + "\n"
          + m.probe()) && "passed".equals(m.verdict())) {
        began.put(m.host() + "\n" + m.probe(), i + 1);
      }
    }
    return held.stream().mapToInt(k -> began.getOrDefault(k, 0)).min().orElse(-1);
  }
}
