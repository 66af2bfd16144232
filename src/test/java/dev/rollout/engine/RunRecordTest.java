package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run folded from a hand-written journal: what status shows and where resume goes on. */
class RunRecordTest {

  static final Instant T0 = Instant.parse("2026-11-25T20:48:00Z");
  static final List<String> HOSTS = List.of("host-1", "host-2", "host-3");

  static Instant t(int s) {
    return T0.plusSeconds(s);
  }

  static Event moved(int s, String host, HostState from, HostState to, String why) {
    return new Event.HostStateChanged(t(s), host, from, to, why);
  }

  static Event started(int s, String host, String phase, int n) {
    return new Event.StepStarted(t(s), host, phase, n, "step " + n, "ssh");
  }

  static Event finished(int s, String host, String phase, int n, int exit) {
    return new Event.StepFinished(t(s), host, phase, n, "step " + n, exit, false,
        Duration.ofMillis(5), "", "", null);
  }

  /** The canary changed and soaked, then paused at the gate. */
  static final List<Event> PAUSED_AFTER_CANARY = List.of(
      new Event.RunStarted(t(0), "run-1", "storage-driver", HOSTS, 1, false),
      new Event.PreflightPassed(t(1), 3),
      new Event.StageStarted(t(2), "canary", List.of("host-1")),
      moved(3, "host-1", HostState.PENDING, HostState.CHANGING, ""),
      started(4, "host-1", "change", 1),
      finished(5, "host-1", "change", 1, 0),
      moved(6, "host-1", HostState.CHANGING, HostState.VERIFYING, ""),
      moved(7, "host-1", HostState.VERIFYING, HostState.CHANGED, "verified"),
      new Event.SoakStarted(t(8), "canary", Duration.ofHours(72), t(8).plus(Duration.ofHours(72))),
      new Event.SoakPassed(t(9), "canary"),
      new Event.StageCompleted(t(10), "canary"),
      new Event.RunPaused(t(11), "canary", "--until canary"));

  @Test
  void foldsNothingIntoAnEmptyRun() {
    RunRecord r = RunRecord.fold(List.of());

    assertThat(r.hosts()).isEmpty();
    assertThat(r.started()).isEmpty();
    assertThat(r.lastAt()).isEmpty();
    assertThat(r.outcome()).isEmpty();
    assertThat(r.stage()).isEqualTo("preflight");
    assertThat(r.preflightPassed()).isFalse();
    assertThat(r.cursor("host-1")).isEqualTo(new RunRecord.StepCursor("PENDING", 0, 0));
  }

  @Test
  void foldsAPauseAfterTheCanary() {
    RunRecord r = RunRecord.fold(PAUSED_AFTER_CANARY);

    assertThat(r.runId()).isEqualTo("run-1");
    assertThat(r.plan()).isEqualTo("storage-driver");
    assertThat(r.started()).contains(t(0));
    assertThat(r.lastAt()).contains(t(11));
    assertThat(r.allowedFailures()).isEqualTo(1);
    assertThat(r.preflightPassed()).isTrue();
    assertThat(r.hosts()).containsExactly(Map.entry("host-1", HostState.CHANGED),
        Map.entry("host-2", HostState.PENDING), Map.entry("host-3", HostState.PENDING));
    assertThat(r.hostReason("host-1")).isEqualTo("verified");
    assertThat(r.stageStarted("canary")).isTrue();
    assertThat(r.stageCompleted("canary")).isTrue();
    assertThat(r.stageStarted("wave 1")).isFalse();
    assertThat(r.soakUntil("canary")).contains(t(8).plus(Duration.ofHours(72)));
    assertThat(r.soakUntil("wave 1")).isEmpty();
    assertThat(r.paused()).isTrue();
    assertThat(r.promoted()).isFalse();
    assertThat(r.stage()).isEqualTo("paused after canary");
    assertThat(r.outcome()).isEmpty();
    assertThat(r.events()).hasSize(PAUSED_AFTER_CANARY.size());
  }

  @Test
  void aPromotionPassesThePause() {
    RunRecord r = RunRecord.fold(with(PAUSED_AFTER_CANARY,
        new Event.Promoted(t(20), "ops@1"),
        new Event.StageStarted(t(21), "wave 1", List.of("host-2", "host-3"))));

    assertThat(r.paused()).isFalse();
    assertThat(r.promoted()).isTrue();
    assertThat(r.stage()).isEqualTo("wave 1");
  }

  @Test
  void anAbortRequestEndsThePauseAndEndsTheRunRolledBack() {
    RunRecord r = RunRecord.fold(with(PAUSED_AFTER_CANARY,
        new Event.AbortRequested(t(20), "ops@1"),
        new Event.RollbackStarted(t(21), List.of("host-1"), "aborted by ops@1"),
        moved(22, "host-1", HostState.CHANGED, HostState.ROLLING_BACK, "aborted"),
        moved(23, "host-1", HostState.ROLLING_BACK, HostState.ROLLED_BACK, "rolled back"),
        new Event.RollbackFinished(t(24), List.of("host-1"), List.of()),
        new Event.RunEnded(t(25), Outcome.ROLLED_BACK, "aborted; rolled back: host-1")));

    assertThat(r.abortRequested()).isTrue();
    assertThat(r.paused()).isFalse();
    assertThat(r.hosts()).containsEntry("host-1", HostState.ROLLED_BACK);
    assertThat(r.outcome()).contains(Outcome.ROLLED_BACK);
    assertThat(r.summary()).isEqualTo("aborted; rolled back: host-1");
    assertThat(r.stage()).isEqualTo("ended");
    assertThat(r.lastAt()).contains(t(25));
  }

  @Test
  void countsFailuresAndKeepsTheStopReason() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        new Event.PreflightPassed(t(1), 3),
        new Event.StageStarted(t(2), "canary", List.of("host-1")),
        moved(3, "host-1", HostState.PENDING, HostState.CHANGING, ""),
        started(4, "host-1", "change", 1),
        finished(5, "host-1", "change", 1, 7),
        moved(6, "host-1", HostState.CHANGING, HostState.FAILED, "step 1 exit 7"),
        new Event.HostFailed(t(7), "host-1", FailureClass.CHANGE_FAILED, "step 1 exit 7", 1),
        new Event.RunStopping(t(8), "more failures (1) than maxFailures allows (0)"),
        new Event.HealthChanged(t(9), "host-1", "site", false, "HTTP 503"),
        new Event.HealthChanged(t(9), "host-1", "ssh", false, "refused"),
        new Event.HealthChanged(t(10), "host-1", "ssh", true, "")));

    assertThat(r.failures()).isEqualTo(1);
    assertThat(r.hosts()).containsEntry("host-1", HostState.FAILED);
    assertThat(r.hostReason("host-1")).isEqualTo("step 1 exit 7");
    assertThat(r.stopReason()).contains("more failures (1) than maxFailures allows (0)");
    assertThat(r.unhealthyProbes("host-1")).containsExactly(Map.entry("site", "HTTP 503"));
    assertThat(r.unhealthyProbes("host-2")).isEmpty();
    assertThat(r.cursor("host-1")).isEqualTo(new RunRecord.StepCursor("FAILED", 0, 0));
  }

  @Test
  void aHostRolledBackIsHealthyAgain() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        new Event.HealthChanged(t(9), "host-1", "site", false, "connection refused"),
        new Event.HostFailed(t(10), "host-1", FailureClass.UNREACHABLE, "site failed", 1),
        moved(11, "host-1", HostState.UNREACHABLE, HostState.ROLLING_BACK, "rollback"),
        moved(12, "host-1", HostState.ROLLING_BACK, HostState.ROLLED_BACK,
            "rollback steps done, probes healthy")));

    assertThat(r.unhealthyProbes("host-1")).as("rolled back means probed healthy").isEmpty();
  }

  @Test
  void marksAStepStartedWithNoEndAsInFlight() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        new Event.PreflightPassed(t(1), 3),
        new Event.StageStarted(t(2), "canary", List.of("host-1")),
        moved(3, "host-1", HostState.PENDING, HostState.CHANGING, ""),
        started(4, "host-1", "change", 1),
        finished(5, "host-1", "change", 1, 0),
        started(6, "host-1", "change", 2)));

    assertThat(r.cursor("host-1")).isEqualTo(new RunRecord.StepCursor("CHANGING", 2, 1));
    assertThat(r.cursor("host-1").stepInFlight()).isTrue();
    assertThat(r.stage()).isEqualTo("canary");
  }

  @Test
  void aStepThatFinishedBadlyDoesNotCountAsDone() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        moved(1, "host-1", HostState.PENDING, HostState.CHANGING, ""),
        started(2, "host-1", "change", 1),
        finished(3, "host-1", "change", 1, 0),
        started(4, "host-1", "change", 2),
        finished(5, "host-1", "change", 2, 1)));

    assertThat(r.cursor("host-1")).isEqualTo(new RunRecord.StepCursor("CHANGING", 2, 1));
  }

  @Test
  void aHostChangingWithNoStepStartedHasNothingInFlight() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        moved(1, "host-1", HostState.PENDING, HostState.CHANGING, "")));

    assertThat(r.cursor("host-1")).isEqualTo(new RunRecord.StepCursor("CHANGING", 0, 0));
    assertThat(r.cursor("host-1").stepInFlight()).isFalse();
  }

  @Test
  void aNewStateStartsANewCursor() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        moved(1, "host-1", HostState.PENDING, HostState.CHANGING, ""),
        started(2, "host-1", "change", 1),
        finished(3, "host-1", "change", 1, 0),
        moved(4, "host-1", HostState.CHANGING, HostState.VERIFYING, ""),
        started(5, "host-1", "verify", 1)));

    assertThat(r.cursor("host-1")).isEqualTo(new RunRecord.StepCursor("VERIFYING", 1, 0));
  }

  @Test
  void aVerifyRunWhileAHostIsChangingLeavesItsChangeCursorAlone() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        moved(1, "host-1", HostState.PENDING, HostState.CHANGING, ""),
        started(2, "host-1", "change", 1),
        new Event.RunResumed(t(3), "later", ""),
        started(4, "host-1", "verify", 1),
        finished(5, "host-1", "verify", 1, 0)));

    assertThat(r.cursor("host-1")).as("change step 1 is still the one caught in flight")
        .isEqualTo(new RunRecord.StepCursor("CHANGING", 1, 0));
  }

  @Test
  void aCanaryIsRehearsedOnceItIsChangedAgainAfterItsRehearsedRollback() {
    List<Event> events = new java.util.ArrayList<>(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        moved(1, "host-1", HostState.PENDING, HostState.CHANGING, ""),
        moved(2, "host-1", HostState.CHANGING, HostState.VERIFYING, ""),
        moved(3, "host-1", HostState.VERIFYING, HostState.ROLLING_BACK, "rehearsal")));
    assertThat(RunRecord.fold(events).rehearsed("host-1")).isFalse();

    events.add(moved(4, "host-1", HostState.ROLLING_BACK, HostState.CHANGING, ""));

    assertThat(RunRecord.fold(events).rehearsed("host-1")).isTrue();
    assertThat(RunRecord.fold(events).rehearsed("host-2")).isFalse();
  }

  @Test
  void keepsTheNewestInstantAsLastSeenEvenWhenEventsArriveOutOfOrder() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        new Event.HealthCounted(t(50), 10, 0, 1),
        new Event.NotificationFailed(t(40), "webhook", "HTTP 500")));

    assertThat(r.lastAt()).contains(t(50));
  }

  @Test
  void anInterruptedRunHasNoOutcomeAndKeepsItsStage() {
    RunRecord r = RunRecord.fold(List.of(
        new Event.RunStarted(t(0), "run-1", "p", HOSTS, 0, false),
        new Event.PreflightPassed(t(1), 3),
        new Event.StageStarted(t(2), "canary", List.of("host-1")),
        new Event.SoakStarted(t(3), "canary", Duration.ofMinutes(30), t(3).plusSeconds(1800)),
        new Event.RunInterrupted(t(4), "canary"),
        new Event.RunResumed(t(9), "ops@1", "")));

    assertThat(r.outcome()).isEmpty();
    assertThat(r.paused()).isFalse();
    assertThat(r.stage()).isEqualTo("canary");
    assertThat(r.soakUntil("canary")).contains(t(1803));
  }

  private static List<Event> with(List<Event> head, Event... tail) {
    List<Event> all = new java.util.ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  @Test
  void aMoveIntoRollingBackOutsideARollbackIsTheRehearsalWhateverItsReasonSays() {
    Instant t = Instant.parse("2026-11-25T00:00:00Z");
    List<Event> common = List.of(
        new Event.RunStarted(t, "r", "p", List.of("a", "b"), 0, false),
        new Event.HostStateChanged(t, "a", HostState.PENDING, HostState.CHANGING, ""),
        new Event.HostStateChanged(t, "a", HostState.CHANGING, HostState.VERIFYING, ""),
        new Event.HostStateChanged(t, "b", HostState.PENDING, HostState.CHANGING, ""));
    List<Event> rehearsal = new java.util.ArrayList<>(common);
    rehearsal.add(new Event.HostStateChanged(t, "a", HostState.VERIFYING,
        HostState.ROLLING_BACK, "proving the way back"));
    List<Event> rollback = new java.util.ArrayList<>(common);
    rollback.add(new Event.RollbackStarted(t, List.of("a", "b"), "rehearsal of nothing"));
    rollback.add(new Event.HostStateChanged(t, "a", HostState.VERIFYING,
        HostState.ROLLING_BACK, "rehearsal: a reason that only looks like one"));

    assertThat(RunRecord.fold(rehearsal).rehearsing("a")).isTrue();
    assertThat(RunRecord.fold(rollback).rehearsing("a")).isFalse();
    rehearsal.add(new Event.HostStateChanged(t, "a", HostState.ROLLING_BACK,
        HostState.CHANGING, ""));
    assertThat(RunRecord.fold(rehearsal).rehearsing("a")).as("the change again ends it")
        .isFalse();
  }
}
