package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Action.StopReason;
import dev.rollout.engine.Event.AnalysisJudged;
import dev.rollout.engine.Event.HostStateChanged;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.CanaryJudge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decisions around a stage's analysis, from journals written by hand: a failure overrides a
 * stop that only pauses, and a controller that died between two judgements judges the rest.
 * Hosts a (canary), b, c; the analysis judges errors and latency with control c, then b.
 */
class AnalysisDecisionTest {

  static final Instant T = Instant.parse("2026-12-02T00:00:00Z");

  final List<Event> events = new ArrayList<>(List.of(
      new Event.RunStarted(T, "run-1", "virtual", List.of("a", "b", "c"), 0, false),
      new Event.PreflightPassed(T, 3)));

  static ResolvedPlan plan() throws Exception {
    return new VirtualFleet("""
        name: virtual
        targets: all
        strategy:
          canary: 1
          soak: 1m
          waves: [100%]
          analysis: { control: 2, metrics: [errors, latency] }
        change: [ "apply-change" ]
        verify: [ "check-change" ]
        rollback: [ "undo-change" ]
        health:
          interval: 10s
          probes:
            - name: errors
              prometheus: http://127.0.0.1:9
              query: errors{host="${host.name}"}
              success: "< 100"
            - name: latency
              prometheus: http://127.0.0.1:9
              query: latency{host="${host.name}"}
              success: "< 100"
        """).resolved();
  }

  Action next(ResolvedPlan p) {
    return Decision.next(p, RunRecord.fold(events), T.plusSeconds(100));
  }

  void measured(String host, String metric, double value) {
    events.add(new Event.MetricMeasured(T, host, metric, metric, value, T, "< 100", "passed",
        metric + " " + value));
  }

  /** The canary a changed and soaked; every host measured 1 before and 5 during: a blip. */
  void soakedThroughABlip() {
    for (String h : List.of("a", "b", "c")) {
      measured(h, "errors", 1);
      measured(h, "latency", 1);
    }
    events.add(new Event.StageStarted(T, "canary", List.of("a")));
    events.add(new HostStateChanged(T, "a", HostState.PENDING, HostState.CHANGING, ""));
    events.add(new HostStateChanged(T, "a", HostState.CHANGING, HostState.VERIFYING, ""));
    events.add(new HostStateChanged(T, "a", HostState.VERIFYING, HostState.CHANGED, ""));
    events.add(new Event.SoakStarted(T, "canary", Duration.ofMinutes(1), T.plusSeconds(60)));
    for (String h : List.of("a", "b", "c")) {
      measured(h, "errors", 5);
      measured(h, "latency", 5);
    }
    events.add(new Event.SoakPassed(T, "canary"));
  }

  @Test
  void aCanaryFailingBetweenAPausingStopAndItsPauseStopsTheRunOnTheFailure() throws Exception {
    ResolvedPlan p = plan();
    soakedThroughABlip();
    Action judge = next(p);
    ((Action.Judge) judge).judgements().forEach(events::add);
    Action stop = next(p);
    assertThat(stop).isInstanceOfSatisfying(Action.Stop.class,
        s -> assertThat(s.reason()).isEqualTo(StopReason.CONTROLS_MOVED_TOO));
    events.add(new Event.RunStopping(T, ((Action.Stop) stop).sentence(), true));
    events.add(new Event.HostFailed(T, "a", FailureClass.UNHEALTHY, "probe failed", 1));

    Action failed = next(p);

    assertThat(failed).isInstanceOfSatisfying(Action.Stop.class,
        s -> assertThat(s.reason()).isEqualTo(StopReason.FAILURES_OVER_BUDGET));
    events.add(new Event.RunStopping(T, ((Action.Stop) failed).sentence(), false));
    assertThat(next(p)).isEqualTo(new Action.RollBack(Action.RollbackReason.RUN_STOPPED,
        List.of("a"), "the change failed (more failures (1) than maxFailures allows (0))"));
  }

  @Test
  void aPausingStopWithNoFailureStillPauses() throws Exception {
    ResolvedPlan p = plan();
    soakedThroughABlip();
    ((Action.Judge) next(p)).judgements().forEach(events::add);
    events.add(new Event.RunStopping(T, "the control hosts moved too", true));

    assertThat(next(p)).isInstanceOfSatisfying(Action.Pause.class,
        a -> assertThat(a.reason()).isEqualTo(Action.PauseReason.NEEDS_JUDGEMENT));
  }

  @Test
  void aControllerThatDiedBetweenTwoJudgementsJudgesTheRestBeforeAnyPause() throws Exception {
    ResolvedPlan p = plan();
    soakedThroughABlip();
    List<AnalysisJudged> all = ((Action.Judge) next(p)).judgements();
    assertThat(all).extracting(AnalysisJudged::metric).containsExactly("errors", "latency");
    events.add(all.get(0)); // then the controller died

    Action a = next(p);

    assertThat(a).isInstanceOfSatisfying(Action.Judge.class, j -> {
      assertThat(j.judgements()).extracting(AnalysisJudged::metric).containsExactly("latency");
      assertThat(j.judgements().get(0)).isEqualTo(all.get(1));
      assertThat(j.judgements().get(0).verdict()).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    });
  }
}
