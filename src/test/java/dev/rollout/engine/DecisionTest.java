package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Action.EndReason;
import dev.rollout.engine.Action.PauseReason;
import dev.rollout.engine.Action.RollbackReason;
import dev.rollout.engine.Event.HostStateChanged;
import dev.rollout.plan.ResolvedPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decision: the same record always gives the same next action, reason and sentence. */
class DecisionTest {

  static final Instant T = Instant.parse("2026-11-25T00:00:00Z");

  final List<Event> events = new ArrayList<>(List.of(
      new Event.RunStarted(T, "run-1", "virtual", List.of("a", "b", "c"), 0, true)));

  static ResolvedPlan plan(String strategy) throws Exception {
    return new VirtualFleet(VirtualFleet.plan(strategy)).resolved();
  }

  Action next(ResolvedPlan plan) {
    return Decision.next(plan, RunRecord.fold(events), T.plusSeconds(100));
  }

  void changed(String host) {
    events.add(new HostStateChanged(T, host, HostState.PENDING, HostState.CHANGING, ""));
    events.add(new HostStateChanged(T, host, HostState.CHANGING, HostState.VERIFYING, ""));
    events.add(new HostStateChanged(T, host, HostState.VERIFYING, HostState.CHANGED, ""));
  }

  @Test
  void walksPreflightCanaryItsSoakTheGateAndTheWaveInOrder() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1m, waves: [100%], pauseAfterCanary: true }");

    assertThat(next(p)).isInstanceOf(Action.Preflight.class);
    events.add(new Event.PreflightPassed(T, 3));
    assertThat(next(p)).isEqualTo(new Action.Change(p.waves().get(0), List.of("a"),
        "canary: change a"));
    events.add(new Event.StageStarted(T, "canary", List.of("a")));
    changed("a");
    assertThat(next(p)).isEqualTo(new Action.SoakUntil("canary", T.plusSeconds(160), Duration.ofMinutes(1),
        "canary: soak under probes"));
    events.add(new Event.StageCompleted(T, "canary"));
    assertThat(next(p)).isEqualTo(new Action.Pause(PauseReason.GATE_AFTER_CANARY, "canary",
        "the gate after the canary (--until canary or pauseAfterCanary)"));
    events.add(new Event.RunPaused(T, "canary", "gate"));
    events.add(new Event.Promoted(T, "ops"));
    assertThat(next(p)).isEqualTo(new Action.Change(p.waves().get(1), List.of("b", "c"),
        "wave 1: change b, c"));
  }

  @Test
  void aRecordedAbortRollsBackTouchedHostsOnlyThenEnds() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1m, waves: [100%] }");
    events.add(new Event.PreflightPassed(T, 3));
    changed("a");
    events.add(new HostStateChanged(T, "b", HostState.PENDING, HostState.CHANGING, ""));
    events.add(new Event.AbortRequested(T, "ops"));

    assertThat(next(p)).isEqualTo(new Action.RollBack(RollbackReason.ABORTED,
        List.of("a", "b"), "aborted by ops"));
    events.add(new Event.RollbackStarted(T, List.of("a", "b"), "aborted by ops"));
    for (String h : List.of("a", "b")) {
      events.add(new HostStateChanged(T, h, HostState.CHANGED, HostState.ROLLING_BACK, ""));
      events.add(new HostStateChanged(T, h, HostState.ROLLING_BACK, HostState.ROLLED_BACK, ""));
    }
    events.add(new Event.RollbackFinished(T, List.of("a", "b"), List.of()));
    assertThat(next(p)).isEqualTo(new Action.End(Outcome.ROLLED_BACK, EndReason.ABORTED,
        "aborted by ops; rolled back: a, b"));
  }

  @Test
  void aStoppedRunPausesHaltsOrRollsBackAsThePlanSays() throws Exception {
    events.add(new Event.PreflightPassed(T, 3));
    changed("a");
    events.add(new Event.HostFailed(T, "a", FailureClass.UNHEALTHY, "probe", 1));
    events.add(new Event.RunStopping(T, "canary a failed"));

    assertThat(next(plan("{ canary: 1, waves: [100%], onFailure: pause }")))
        .isInstanceOf(Action.Pause.class).extracting(a -> ((Action.Pause) a).reason())
        .isEqualTo(PauseReason.ON_FAILURE);
    assertThat(next(plan("{ canary: 1, waves: [100%], onFailure: halt }")))
        .isInstanceOf(Action.End.class).extracting(a -> ((Action.End) a).reason())
        .isEqualTo(EndReason.HALTED);
    assertThat(next(plan("{ canary: 1, waves: [100%] }"))).isEqualTo(new Action.RollBack(
        RollbackReason.RUN_STOPPED, List.of("a"), "the change failed (canary a failed)"));
  }

  @Test
  void aSoakTakenUpGoesOnUntilTheTimeItHadLeft() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1h, waves: [100%] }");
    events.add(new Event.PreflightPassed(T, 3));
    events.add(new Event.StageStarted(T, "canary", List.of("a")));
    changed("a");
    events.add(new Event.SoakStarted(T, "canary", Duration.ofHours(1), T.plusSeconds(3600)));
    events.add(new Event.HealthCounted(T.plusSeconds(600), 20, 0, 1));
    events.add(new Event.RunResumed(T.plusSeconds(5000), "later", ""));

    assertThat(next(p)).isEqualTo(new Action.SoakUntil("canary",
        T.plusSeconds(100).plusSeconds(3000), Duration.ofSeconds(3000), "canary: soak under probes"));
  }

  /** a changed, b failed within maxFailures and its tolerated rollback under way. */
  void toleratedRollbackOfBUnderWay() {
    events.add(new Event.PreflightPassed(T, 3));
    changed("a");
    changed("b");
    events.add(new Event.HostFailed(T, "b", FailureClass.UNHEALTHY, "probe", 1));
    events.add(new Event.RollbackStarted(T, List.of("b"), "failure within maxFailures"));
    events.add(new HostStateChanged(T, "b", HostState.FAILED, HostState.ROLLING_BACK, ""));
  }

  void bRolledBack() {
    events.add(new HostStateChanged(T, "b", HostState.ROLLING_BACK, HostState.ROLLED_BACK, ""));
    events.add(new Event.RollbackFinished(T, List.of("b"), List.of()));
  }

  @Test
  void anAbortRecordedDuringAToleratedRollbackStillRollsBackEveryTouchedHost() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1m, waves: [100%], maxFailures: 1 }");
    toleratedRollbackOfBUnderWay();
    events.add(new Event.AbortRequested(T, "ops"));
    bRolledBack();

    assertThat(RunRecord.fold(events).finalRollbackDone()).isFalse();
    assertThat(next(p)).isEqualTo(new Action.RollBack(RollbackReason.ABORTED, List.of("a"),
        "aborted by ops"));
  }

  @Test
  void aStopRecordedDuringAToleratedRollbackRollsBackTheRestOfTheScope() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1m, waves: [100%], maxFailures: 1 }");
    toleratedRollbackOfBUnderWay();
    changed("c");
    events.add(new Event.HostFailed(T, "c", FailureClass.UNHEALTHY, "probe", 2));
    events.add(new Event.RunStopping(T, "more failures"));
    bRolledBack();

    assertThat(RunRecord.fold(events).finalRollbackDone()).isFalse();
    assertThat(next(p)).isEqualTo(new Action.RollBack(RollbackReason.RUN_STOPPED,
        List.of("a", "c"), "the change failed (more failures)"));
    assertThat(next(plan("{ canary: 1, waves: [100%], maxFailures: 1, rollbackScope: failed }")))
        .isEqualTo(new Action.RollBack(RollbackReason.RUN_STOPPED, List.of("c"),
            "the change failed (more failures)"));
  }

  @Test
  void aRunNeverEndsRolledBackWhileAHostInTheScopeIsStillTouched() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1m, waves: [100%] }");
    events.add(new Event.PreflightPassed(T, 3));
    changed("a");
    events.add(new Event.HostFailed(T, "a", FailureClass.UNHEALTHY, "probe", 1));
    events.add(new Event.RunStopping(T, "canary a failed"));
    events.add(new Event.RollbackStarted(T, List.of("a"), "the change failed"));
    events.add(new HostStateChanged(T, "a", HostState.FAILED, HostState.ROLLING_BACK, ""));
    events.add(new HostStateChanged(T, "b", HostState.PENDING, HostState.CHANGING, ""));
    events.add(new HostStateChanged(T, "a", HostState.ROLLING_BACK, HostState.ROLLED_BACK, ""));
    events.add(new Event.RollbackFinished(T, List.of("a"), List.of()));

    assertThat(RunRecord.fold(events).finalRollbackDone()).isTrue();
    assertThat(next(p)).isEqualTo(new Action.RollBack(RollbackReason.RUN_STOPPED, List.of("b"),
        "the change failed (canary a failed)"));
    events.add(new Event.AbortRequested(T, "ops"));
    events.add(new Event.RollbackStarted(T, List.of("b"), "aborted by ops"));
    events.add(new HostStateChanged(T, "b", HostState.CHANGING, HostState.ROLLING_BACK, ""));
    events.add(new HostStateChanged(T, "b", HostState.ROLLING_BACK, HostState.ROLLBACK_FAILED,
        "undo exited 1"));
    events.add(new Event.RollbackFinished(T, List.of(), List.of("b")));
    assertThat(next(p)).isEqualTo(new Action.End(Outcome.NEEDS_ATTENTION,
        EndReason.ROLLBACK_FAILED, "rollback failed on b; see the journal"));
  }

  @Test
  void aStopRecordedDuringTheRollbackOfARunPromotedPastAFailureIsHonoured() throws Exception {
    ResolvedPlan p = plan("{ canary: 1, soak: 1m, waves: [100%], onFailure: pause }");
    events.add(new Event.PreflightPassed(T, 3));
    changed("a");
    changed("b");
    events.add(new Event.HostFailed(T, "b", FailureClass.UNHEALTHY, "probe", 1));
    events.add(new Event.RunStopping(T, "more failures (1)"));
    events.add(new Event.RunPaused(T, "wave 1", "on failure"));
    events.add(new Event.Promoted(T, "ops"));
    events.add(new Event.RollbackStarted(T, List.of("b"), "promoted past a pause on failure"));
    events.add(new HostStateChanged(T, "b", HostState.FAILED, HostState.ROLLING_BACK, ""));
    events.add(new Event.HostFailed(T, "a", FailureClass.UNHEALTHY, "probe", 2));
    events.add(new Event.RunStopping(T, "more failures (2)"));
    bRolledBack();

    assertThat(RunRecord.fold(events).finalRollbackDone()).isFalse();
    assertThat(next(p)).isInstanceOf(Action.Pause.class);
    assertThat(next(plan("{ canary: 1, waves: [100%], onFailure: pause }"))).extracting(
        a -> ((Action.Pause) a).reason()).isEqualTo(PauseReason.ON_FAILURE);
  }
}
