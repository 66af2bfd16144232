package dev.rollout.engine;

import dev.rollout.engine.Event.AnalysisJudged;
import dev.rollout.plan.AnalysisSpec;
import dev.rollout.plan.ControlHosts;
import dev.rollout.plan.ProbeSpec;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Wave;
import dev.rollout.probe.CanaryJudge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strategy.analysis} applied to a stage: which hosts are its controls, and the judgement
 * of each metric at the end of its soak, made by {@link CanaryJudge} from the journaled
 * measurements alone (so a controller taking the run up judges as the dead one would have).
 * Windows are cut by journal order, not by time: a canary's measurements before its first move
 * to changing are its pre-change window, and the controls' are theirs before the stage's first
 * canary moved; a stage's soak window runs from its first {@link Event.SoakStarted} to its {@link
 * Event.SoakPassed}, on both sides. What either side measured between the change and the soak
 * counts for neither: the control probes start a moment before SoakStarted is journaled, and a
 * control's first measurement, landing before it on a busy machine, would otherwise count as the
 * controls' baseline while already showing a blip that began with the change. Pure.
 */
final class Analysis {

  private Analysis() {}

  /** Whether {@code w}'s soak is judged: the plan has an analysis and the stage soaks. */
  static boolean applies(ResolvedPlan rp, Wave w) {
    var s = rp.plan().strategy();
    return s.analysis() != null && !(w.canary() ? s.soak() : s.waveSoak()).isZero();
  }

  /**
   * The control hosts of {@code stage}: hosts of later stages, never its own; empty for the last
   * stage, or without an analysis.
   */
  static List<String> controls(ResolvedPlan rp, String stage) {
    AnalysisSpec a = rp.plan().strategy().analysis();
    List<Wave> waves = rp.waves();
    for (int i = 0; a != null && i < waves.size(); i++) {
      if (waves.get(i).label().equals(stage) && applies(rp, waves.get(i))) {
        return ControlHosts.of(rp, i, a.control());
      }
    }
    return List.of();
  }

  /**
   * Each metric of the analysis judged for {@code w}'s changed hosts at {@code now}; empty when
   * none of its hosts is changed (nothing left to judge).
   */
  static List<AnalysisJudged> judge(ResolvedPlan rp, RunRecord r, Wave w, Instant now) {
    return judge(rp, r, w, now, 0);
  }

  /**
   * As {@link #judge(ResolvedPlan, RunRecord, Wave, Instant)}, the soak window on both sides
   * starting no earlier than the journal's event {@code from}: a judgement called early by a
   * held-back failure ({@link HeldBack}) compares what both sides measured since the failure
   * began, not a long soak's normal hours that would dilute a blip to nothing.
   */
  static List<AnalysisJudged> judge(ResolvedPlan rp, RunRecord r, Wave w, Instant now,
      int from) {
    AnalysisSpec a = rp.plan().strategy().analysis();
    List<String> canaries = w.hosts().stream()
        .filter(h -> r.hosts().get(h) == HostState.CHANGED).toList();
    if (canaries.isEmpty()) {
      return List.of();
    }
    List<String> controls = controls(rp, w.label());
    List<AnalysisJudged> out = new ArrayList<>();
    for (String metric : a.metrics()) {
      Windows v = windows(r.events(), metric, w.label(), canaries, controls, from);
      boolean own = controls.isEmpty();
      CanaryJudge.Judgement j = CanaryJudge.judge(metric, higherIsWorse(rp, metric),
          v.canaryBefore(), v.canaryDuring(), own ? null : v.controlBefore(),
          own ? null : v.controlDuring(), a.tolerance(), a.confidence());
      out.add(new AnalysisJudged(now, w.label(), metric, j.method(), j.verdict(), canaries,
          controls, v.canaryDuring().length, own ? v.canaryBefore().length
          : v.controlDuring().length, mean(v.canaryBefore()), mean(v.canaryDuring()),
          own ? null : mean(v.controlBefore()), own ? null : mean(v.controlDuring()),
          j.sentence()));
    }
    return out;
  }

  /** The measured values of one metric, by side and window. */
  record Windows(double[] canaryBefore, double[] canaryDuring, double[] controlBefore,
      double[] controlDuring) {}

  static Windows windows(List<Event> events, String metric, String stage, List<String> canaries,
      List<String> controls) {
    return windows(events, metric, stage, canaries, controls, 0);
  }

  /** The windows, the soak's starting no earlier than event {@code from}. */
  static Windows windows(List<Event> events, String metric, String stage, List<String> canaries,
      List<String> controls, int from) {
    int start = events.size();
    int end = events.size();
    Map<String, Integer> changing = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      if (e instanceof Event.SoakStarted s && s.stage().equals(stage) && start == events.size()) {
        start = i;
      } else if (e instanceof Event.SoakPassed p && p.stage().equals(stage)) {
        end = i;
      } else if (e instanceof Event.HostStateChanged c && c.to() == HostState.CHANGING) {
        changing.putIfAbsent(c.host(), i);
      }
    }
    int changed = end;
    for (String h : canaries) {
      changed = Math.min(changed, changing.getOrDefault(h, end));
    }
    List<Double> cb = new ArrayList<>();
    List<Double> cd = new ArrayList<>();
    List<Double> kb = new ArrayList<>();
    List<Double> kd = new ArrayList<>();
    for (int i = 0; i < end; i++) {
      if (events.get(i) instanceof Event.MetricMeasured m && m.probe().equals(metric)
          && m.value() != null && !m.value().isNaN()) {
        if (canaries.contains(m.host()) && i < changing.getOrDefault(m.host(), end)) {
          cb.add(m.value());
        } else if (canaries.contains(m.host()) && i > start && i >= from) {
          cd.add(m.value()); // not between its change and the soak: only the soak is judged
        } else if (controls.contains(m.host()) && i < changed) {
          kb.add(m.value());
        } else if (controls.contains(m.host()) && i > start && i >= from) {
          kd.add(m.value());
        }
      }
    }
    return new Windows(array(cb), array(cd), array(kb), array(kd));
  }

  /** Whether a value going up is worse, from the probe's success condition. */
  private static boolean higherIsWorse(ResolvedPlan rp, String metric) {
    return rp.plan().health().probes().stream().filter(p -> p.name().equals(metric))
        .findFirst().map(ProbeSpec::metric).map(m -> m.rule().success().higherIsWorse())
        .orElse(true);
  }

  private static double[] array(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Double mean(double[] v) {
    return v.length == 0 ? null : java.util.Arrays.stream(v).average().orElseThrow();
  }
}
