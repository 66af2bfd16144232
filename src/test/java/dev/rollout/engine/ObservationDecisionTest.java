package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Action.FailReason;
import dev.rollout.engine.Action.StopReason;
import dev.rollout.engine.Event.HealthChanged;
import dev.rollout.engine.Event.HostStateChanged;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.Health;
import dev.rollout.probe.HealthChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the probes observe is journaled, and only the decision acts on it: a changed host whose
 * probe turned unhealthy is failed by the loop, and the stop that follows (over budget, a failed
 * canary, a failed rehearsal) is a pure function of the record too.
 */
class ObservationDecisionTest {

  static final Instant T = Instant.parse("2026-11-25T00:00:00Z");

  final List<Event> events = new ArrayList<>(List.of(
      new Event.RunStarted(T, "run-1", "virtual", List.of("a", "b", "c"), 1, false),
      new Event.PreflightPassed(T, 3)));

  Action next(ResolvedPlan plan) {
    return Decision.next(plan, RunRecord.fold(events), T.plusSeconds(100));
  }

  Optional<Action.Stop> stopDue(ResolvedPlan plan) {
    return Decision.stopDue(plan, RunRecord.fold(events));
  }

  void changed(String host) {
    events.add(new HostStateChanged(T, host, HostState.PENDING, HostState.CHANGING, ""));
    events.add(new HostStateChanged(T, host, HostState.CHANGING, HostState.VERIFYING, ""));
    events.add(new HostStateChanged(T, host, HostState.VERIFYING, HostState.CHANGED, ""));
  }

  void failed(String host, int failures) {
    events.add(new Event.HostFailed(T, host, FailureClass.UNHEALTHY, "x", failures));
  }

  @Test
  void aChangedHostWhoseProbeTurnedUnhealthyIsFailedByTheDecisionWithTheProbesWords()
      throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%], maxFailures: 1 }");
    changed("a");
    events.add(new HealthChanged(T, "a", "site", false, "HTTP 503", 3, false));

    assertThat(next(p)).isEqualTo(new Action.FailHosts(List.of(new Action.HostFailure("a",
        FailureClass.UNHEALTHY, FailReason.PROBE_UNHEALTHY,
        "probe \"site\" failed 3 time(s) in a row: HTTP 503")), "probes found a unhealthy"));
  }

  @Test
  void aProbeThatCouldNotReachTheHostFailsItAsUnreachable() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%] }");
    changed("a");
    events.add(new HealthChanged(T, "a", "ssh", false, "connection refused", 2, true));

    Action a = next(p);

    assertThat(a).isInstanceOf(Action.FailHosts.class);
    Action.HostFailure f = ((Action.FailHosts) a).hosts().get(0);
    assertThat(f.failure()).isEqualTo(FailureClass.UNREACHABLE);
    assertThat(f.reason()).isEqualTo(FailReason.PROBE_UNREACHABLE);
  }

  @Test
  void aProbeHealthyAgainBeforeTheLoopActedFailsNothing() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%] }");
    changed("a");
    events.add(new HealthChanged(T, "a", "site", false, "HTTP 503", 3, false));
    events.add(new HealthChanged(T, "a", "site", true, ""));

    assertThat(next(p)).isInstanceOf(Action.SoakUntil.class);
  }

  @Test
  void anObservationOnAHostNotChangedIsNotAFailure() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%] }");
    events.add(new HealthChanged(T, "b", "site", false, "HTTP 503", 3, false));

    assertThat(next(p)).isInstanceOf(Action.Change.class);
  }

  @Test
  void failuresOverTheBudgetAreAStopDueBeforeItIsJournaled() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%], maxFailures: 1 }");
    changed("a");
    events.add(new Event.StageCompleted(T, "canary"));
    changed("b");
    changed("c");
    failed("b", 1);
    assertThat(stopDue(p)).isEmpty();
    failed("c", 2);

    assertThat(next(p)).isEqualTo(new Action.Stop(StopReason.FAILURES_OVER_BUDGET,
        "more failures (2) than maxFailures allows (1)"));
    events.add(new Event.RunStopping(T, "more failures (2) than maxFailures allows (1)"));
    assertThat(stopDue(p)).isEmpty();
    assertThat(next(p)).isInstanceOf(Action.RollBack.class);
  }

  @Test
  void aFailedCanaryIsAStopDueWithinTheBudgetUntilAPromoteAcceptsIt() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%], maxFailures: 1, "
        + "onFailure: pause }");
    changed("a");
    failed("a", 1);

    assertThat(next(p)).isEqualTo(new Action.Stop(StopReason.CANARY_FAILED,
        "canary a failed: a failed canary stops the run whatever maxFailures allows"));
    events.add(new Event.RunStopping(T, "canary a failed"));
    events.add(new Event.RunPaused(T, "canary", "on failure"));
    events.add(new Event.Promoted(T, "ops"));
    assertThat(stopDue(p)).isEmpty();
  }

  @Test
  void aFailedRehearsalOfTheCanaryIsAStopDue() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%], "
        + "rehearseRollback: true }");
    changed("a");
    events.add(new HostStateChanged(T, "a", HostState.CHANGED, HostState.ROLLING_BACK,
        "rehearsal"));
    events.add(new HostStateChanged(T, "a", HostState.ROLLING_BACK, HostState.ROLLBACK_FAILED,
        "rehearsal: exit 1"));

    assertThat(next(p)).isEqualTo(new Action.Stop(StopReason.REHEARSAL_FAILED,
        "the rehearsed rollback failed on canary a: the way back does not work"));
  }

  @Test
  void theProbeThreadOnlyJournalsWhatItSawAndTheStateSaysStoppingAtOnce() throws Exception {
    ResolvedPlan p = DecisionTest.plan("{ canary: 1, soak: 1m, waves: [100%] }");
    MemoryJournal journal = new MemoryJournal();
    events.forEach(journal::append);
    RunState st = new RunState(journal, List.of(), Clock.fixed(T, ZoneOffset.UTC),
        List.of("a", "b", "c"), 0);
    st.stopRule(r -> Decision.stopDue(p, r));
    st.transition("a", HostState.CHANGING, "");
    st.transition("a", HostState.VERIFYING, "");
    st.transition("a", HostState.CHANGED, "");
    HealthWatch watch = new HealthWatch(st, Masker.of(p));

    watch.healthChanged(new HealthChange("a", "site", Health.UNHEALTHY, Health.UNHEALTHY, 3,
        false, "HTTP 503", T));

    assertThat(st.state("a")).isEqualTo(HostState.CHANGED);
    assertThat(journal.events().get(journal.events().size() - 1)).isEqualTo(
        new HealthChanged(T, "a", "site", false, "HTTP 503", 3, false));
    assertThat(st.stopping()).isFalse();
    Action a = st.decide(p, T);
    assertThat(a).isInstanceOf(Action.FailHosts.class);
    Action.HostFailure f = ((Action.FailHosts) a).hosts().get(0);
    st.fail(f.host(), f.failure(), f.sentence());
    // a failed canary: the stop is due at once, before the loop journals it
    assertThat(st.stopping()).isTrue();
    assertThat(st.stopReason()).isNull();
  }
}
