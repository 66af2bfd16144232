package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The rollout on virtual time over the fake transport: canary, soak, waves, watch, rollback, and
 * what preflight refuses. Each test asserts the whole journal, event by event with every field
 * ({@link JournalText}), and what each host holds. The same wiring over real SSH is in {@link
 * ApplyOverSshTest}.
 *
 * <p>Hosts a, b, c; the canary is a, wave 1 is b, wave 2 is c, one host at a time, so the order
 * of events is the run's own. Probes run every 10 s and fail a host after 2 failures in a row.
 */
class ApplyScenariosTest {

  static final String QUICK = VirtualFleet.plan(
      "{ canary: 1, soak: 30s, waves: [1, 100%], waveSoak: 20s, maxParallel: 1 }");

  static String plan(String extra) {
    return QUICK.replace("maxParallel: 1 }", "maxParallel: 1, " + extra + " }");
  }

  final MemoryJournal journal = new MemoryJournal();

  Outcome run(VirtualFleet f) throws Exception {
    return f.engine(journal, Duration.ZERO).start(false);
  }

  /** Does {@code what} once, as soon as the soak of {@code stage} has started. */
  static void whenSoakStarts(VirtualFleet f, String stage, Consumer<VirtualFleet> what) {
    f.listeners.add((e, st) -> {
      if (e instanceof Event.SoakStarted s && s.stage().equals(stage)) {
        what.accept(f);
      }
    });
  }

  void assertJournal(String expected) {
    JournalText.assertJournal(journal.events(), expected);
  }

  @Test
  void changesEveryHostWhenAllIsHealthy() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertThat(f.reached("apply-change")).containsExactly("a", "b", "c");
    assertThat(f.reached("undo-change")).isEmpty();
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=0 hostsMonitored=1
        10s500ms HealthCounted checks=1 failures=0 hostsMonitored=1
        21s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      SoakPassed stage=canary
        30s      StageCompleted stage=canary
        30s      StageStarted stage='wave 1' hosts=[b]
        30s      HostStateChanged b from=PENDING to=CHANGING
        30s      StepStarted b phase=change number=1 name=apply-change path=ssh
        30s      StepFinished b phase=change number=1 name=apply-change exitCode=0 duration=0s
        30s      HostStateChanged b from=CHANGING to=VERIFYING
        30s      StepStarted b phase=verify number=1 name=check-change path=ssh
        30s      StepFinished b phase=verify number=1 name=check-change exitCode=0 duration=0s
        30s      HostStateChanged b from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        30s      SoakStarted stage='wave 1' duration=20s until=+50s
        31s      HealthCounted checks=1 failures=0 hostsMonitored=1
        40s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      SoakPassed stage='wave 1'
        50s      StageCompleted stage='wave 1'
        50s      StageStarted stage='wave 2' hosts=[c]
        50s      HostStateChanged c from=PENDING to=CHANGING
        50s      StepStarted c phase=change number=1 name=apply-change path=ssh
        50s      StepFinished c phase=change number=1 name=apply-change exitCode=0 duration=0s
        50s      HostStateChanged c from=CHANGING to=VERIFYING
        50s      StepStarted c phase=verify number=1 name=check-change path=ssh
        50s      StepFinished c phase=verify number=1 name=check-change exitCode=0 duration=0s
        50s      HostStateChanged c from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        50s      SoakStarted stage='wave 2' duration=20s until=+1m10s
        51s      HealthCounted checks=1 failures=0 hostsMonitored=1
        1m       HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    SoakPassed stage='wave 2'
        1m10s    StageCompleted stage='wave 2'
        1m10s    RunEnded outcome=COMPLETED summary='3 host(s) changed and healthy'
        """);
  }

  @Test
  void rollsBackTheCanaryAndTouchesNoOtherHostWhenItsVerifyFails() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    f.verifyFails.add("a");

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=1 duration=0s stderr=failed
        0s       HostFailed a failure=VERIFY_FAILED reason='verify step "check-change" exited 1: failed' failures=1
        0s       RunStopping reason='more failures (1) than maxFailures allows (0)'
        0s       RollbackStarted hosts=[a] reason='the change failed (more failures (1) than maxFailures allows (0))'
        0s       HostStateChanged a from=FAILED to=ROLLING_BACK
        0s       StepStarted a phase=rollback number=1 name=undo-change path=ssh
        0s       StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        0s       HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        0s       RollbackFinished rolledBack=[a]
        0s       RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a'
        """);
  }

  @Test
  void rollsBackTheCanaryWhenItTurnsUnhealthyDuringItsSoak() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    whenSoakStarts(f, "canary", v -> v.changeBreaksProbe.add("a"));

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=1 hostsMonitored=1
        10s      HealthChanged a probe=app reason='exit 1: failed' failures=2
        10s      HealthCounted checks=1 failures=1 hostsMonitored=1
        10s      HostFailed a failure=UNHEALTHY reason='probe "app" failed 2 time(s) in a row: exit 1: failed' failures=1
        10s      RunStopping reason='more failures (1) than maxFailures allows (0)'
        10s      RollbackStarted hosts=[a] reason='the change failed (more failures (1) than maxFailures allows (0))'
        10s      HostStateChanged a from=FAILED to=ROLLING_BACK
        10s      StepStarted a phase=rollback number=1 name=undo-change path=ssh
        10s      StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        10s      HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        10s      RollbackFinished rolledBack=[a]
        10s      RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a'
        """);
    // the runs of equal results, left out above: the first check under probes already failed
    // (the probe broke as the soak began), the streak's first failure, journaled before the
    // change to unhealthy that its second failure declared
    List<Event> ev = journal.events();
    List<Event.ProbeResultChanged> runs = VirtualFleet.of(Event.ProbeResultChanged.class, ev);
    assertThat(runs).extracting(r -> r.host() + " " + r.result() + " after " + r.previousChecks()
        + " " + r.previous() + ": " + r.reason()).containsExactly(
            "a unhealthy after 0 : exit 1: failed");
    Event.ProbeResultChanged first = runs.get(0);
    Event.HealthChanged declared = VirtualFleet.of(Event.HealthChanged.class, ev).get(0);
    assertThat(first.firstFailure()).isTrue();
    assertThat(ev.indexOf(first)).isLessThan(ev.indexOf(declared));
    assertThat(first.at()).isBefore(declared.at());
  }

  @Test
  void rollsBackEveryChangedHostWhenTheCanaryFailsDuringALaterWave() throws Exception {
    VirtualFleet f = new VirtualFleet(plan("rollbackScope: changed"));
    // a's probes fail at 40 s and 50 s: the second failure falls on the soak's last instant, and
    // it still counts (no SoakPassed before it)
    whenSoakStarts(f, "wave 1", v -> v.changeBreaksProbe.add("a"));

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertThat(f.reached("apply-change")).containsExactly("a", "b");
    assertThat(f.reached("undo-change")).containsExactlyInAnyOrder("a", "b");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=0 hostsMonitored=1
        10s500ms HealthCounted checks=1 failures=0 hostsMonitored=1
        21s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      SoakPassed stage=canary
        30s      StageCompleted stage=canary
        30s      StageStarted stage='wave 1' hosts=[b]
        30s      HostStateChanged b from=PENDING to=CHANGING
        30s      StepStarted b phase=change number=1 name=apply-change path=ssh
        30s      StepFinished b phase=change number=1 name=apply-change exitCode=0 duration=0s
        30s      HostStateChanged b from=CHANGING to=VERIFYING
        30s      StepStarted b phase=verify number=1 name=check-change path=ssh
        30s      StepFinished b phase=verify number=1 name=check-change exitCode=0 duration=0s
        30s      HostStateChanged b from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        30s      SoakStarted stage='wave 1' duration=20s until=+50s
        31s      HealthCounted checks=1 failures=0 hostsMonitored=1
        40s      HealthCounted checks=2 failures=1 hostsMonitored=2
        50s      HealthChanged a probe=app reason='exit 1: failed' failures=2
        50s      HealthCounted checks=2 failures=1 hostsMonitored=2
        50s      HostFailed a failure=UNHEALTHY reason='probe "app" failed 2 time(s) in a row: exit 1: failed' failures=1
        50s      RunStopping reason='more failures (1) than maxFailures allows (0)'
        50s      RollbackStarted hosts=[a, b] reason='the change failed (more failures (1) than maxFailures allows (0))'
        50s      HostStateChanged a from=FAILED to=ROLLING_BACK
        50s      StepStarted a phase=rollback number=1 name=undo-change path=ssh
        50s      StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        50s      HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        50s      HostStateChanged b from=CHANGED to=ROLLING_BACK
        50s      StepStarted b phase=rollback number=1 name=undo-change path=ssh
        50s      StepFinished b phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        50s      HostStateChanged b from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        50s      RollbackFinished rolledBack=[a, b]
        50s      RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a, b'
        """);
  }

  @Test
  void refusesTheRunAndChangesNothingWhenAHostIsUnreachableInPreflight() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    f.unreachable.add("c");

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(f.reached("apply-change")).isEmpty();
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c reason='unreachable: c does not answer'
        0s       RunEnded outcome=PREFLIGHT_REFUSED summary='preflight refused the run; nothing was changed'
        """);
  }

  @Test
  void refusesTheRunWhenAHostIsUnhealthyBeforeAnyChange() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    // no pause between baseline tries: b's retries would move time while a and c are checked
    f.baselinePause = Duration.ZERO;
    f.unhealthy.add("b");

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(f.reached("apply-change")).isEmpty();
    assertThat(f.reached("probe-app")).containsOnly("a", "b", "c").filteredOn("b"::equals)
        .as("b tried unhealthyAfter times").hasSize(2);
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b reason='unhealthy before any change: probe "app": exit 1: failed'
        0s       PreflightChecked c passed
        0s       RunEnded outcome=PREFLIGHT_REFUSED summary='preflight refused the run; nothing was changed'
        """);
  }

  @Test
  void needsAttentionAndNamesTheHostWhenARollbackStepFails() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    f.verifyFails.add("a");
    f.rollbackFails.add("a");

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.NEEDS_ATTENTION);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v1", "c", "v1"));
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=1 duration=0s stderr=failed
        0s       HostFailed a failure=VERIFY_FAILED reason='verify step "check-change" exited 1: failed' failures=1
        0s       RunStopping reason='more failures (1) than maxFailures allows (0)'
        0s       RollbackStarted hosts=[a] reason='the change failed (more failures (1) than maxFailures allows (0))'
        0s       HostStateChanged a from=FAILED to=ROLLING_BACK
        0s       StepStarted a phase=rollback number=1 name=undo-change path=ssh
        0s       StepFinished a phase=rollback number=1 name=undo-change exitCode=7 duration=0s stderr=failed
        0s       HostStateChanged a from=ROLLING_BACK to=ROLLBACK_FAILED reason='rollback step "undo-change" exited 7: failed'
        0s       RollbackFinished failed=[a]
        0s       RunEnded outcome=NEEDS_ATTENTION summary='rollback failed on a; see the journal'
        """);
  }

  @Test
  void refusesAChangedHostKeyBeforeAnyCommandRuns() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    f.transport.refusing.put("b", TransportException.Reason.HOST_KEY_REJECTED);

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(f.transport.calls()).noneMatch(c -> c.host().equals("b"));
    assertThat(f.reached("apply-change")).isEmpty();
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b reason='host key refused: b refused the connection: HOST_KEY_REJECTED'
        0s       PreflightChecked c passed
        0s       RunEnded outcome=PREFLIGHT_REFUSED summary='preflight refused the run; nothing was changed'
        """);
  }

  @Test
  void goesOnThroughASingleProbeBlipBelowUnhealthyAfter() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    whenSoakStarts(f, "canary", v -> v.blips.put("a", 1));

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(f.blips).containsEntry("a", 0);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=1 hostsMonitored=1
        10s500ms HealthCounted checks=1 failures=0 hostsMonitored=1
        21s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      SoakPassed stage=canary
        30s      StageCompleted stage=canary
        30s      StageStarted stage='wave 1' hosts=[b]
        30s      HostStateChanged b from=PENDING to=CHANGING
        30s      StepStarted b phase=change number=1 name=apply-change path=ssh
        30s      StepFinished b phase=change number=1 name=apply-change exitCode=0 duration=0s
        30s      HostStateChanged b from=CHANGING to=VERIFYING
        30s      StepStarted b phase=verify number=1 name=check-change path=ssh
        30s      StepFinished b phase=verify number=1 name=check-change exitCode=0 duration=0s
        30s      HostStateChanged b from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        30s      SoakStarted stage='wave 1' duration=20s until=+50s
        31s      HealthCounted checks=1 failures=0 hostsMonitored=1
        40s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      SoakPassed stage='wave 1'
        50s      StageCompleted stage='wave 1'
        50s      StageStarted stage='wave 2' hosts=[c]
        50s      HostStateChanged c from=PENDING to=CHANGING
        50s      StepStarted c phase=change number=1 name=apply-change path=ssh
        50s      StepFinished c phase=change number=1 name=apply-change exitCode=0 duration=0s
        50s      HostStateChanged c from=CHANGING to=VERIFYING
        50s      StepStarted c phase=verify number=1 name=check-change path=ssh
        50s      StepFinished c phase=verify number=1 name=check-change exitCode=0 duration=0s
        50s      HostStateChanged c from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        50s      SoakStarted stage='wave 2' duration=20s until=+1m10s
        51s      HealthCounted checks=1 failures=0 hostsMonitored=1
        1m       HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    SoakPassed stage='wave 2'
        1m10s    StageCompleted stage='wave 2'
        1m10s    RunEnded outcome=COMPLETED summary='3 host(s) changed and healthy'
        """);
  }

  @Test
  void rehearsesTheCanaryRollbackOnceAndEndsWithTheChangeInPlace() throws Exception {
    VirtualFleet f = new VirtualFleet(plan("rehearseRollback: true"));

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    assertThat(f.reached("apply-change")).containsExactly("a", "a", "b", "c");
    assertThat(f.reached("undo-change")).containsExactly("a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=ROLLING_BACK reason='rehearsal: proving the way back before the soak'
        0s       StepStarted a phase=rollback number=1 name=undo-change path=ssh
        0s       StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        0s       HostStateChanged a from=ROLLING_BACK to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=0 hostsMonitored=1
        10s500ms HealthCounted checks=1 failures=0 hostsMonitored=1
        21s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      SoakPassed stage=canary
        30s      StageCompleted stage=canary
        30s      StageStarted stage='wave 1' hosts=[b]
        30s      HostStateChanged b from=PENDING to=CHANGING
        30s      StepStarted b phase=change number=1 name=apply-change path=ssh
        30s      StepFinished b phase=change number=1 name=apply-change exitCode=0 duration=0s
        30s      HostStateChanged b from=CHANGING to=VERIFYING
        30s      StepStarted b phase=verify number=1 name=check-change path=ssh
        30s      StepFinished b phase=verify number=1 name=check-change exitCode=0 duration=0s
        30s      HostStateChanged b from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        30s      SoakStarted stage='wave 1' duration=20s until=+50s
        31s      HealthCounted checks=1 failures=0 hostsMonitored=1
        40s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      SoakPassed stage='wave 1'
        50s      StageCompleted stage='wave 1'
        50s      StageStarted stage='wave 2' hosts=[c]
        50s      HostStateChanged c from=PENDING to=CHANGING
        50s      StepStarted c phase=change number=1 name=apply-change path=ssh
        50s      StepFinished c phase=change number=1 name=apply-change exitCode=0 duration=0s
        50s      HostStateChanged c from=CHANGING to=VERIFYING
        50s      StepStarted c phase=verify number=1 name=check-change path=ssh
        50s      StepFinished c phase=verify number=1 name=check-change exitCode=0 duration=0s
        50s      HostStateChanged c from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        50s      SoakStarted stage='wave 2' duration=20s until=+1m10s
        51s      HealthCounted checks=1 failures=0 hostsMonitored=1
        1m       HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    SoakPassed stage='wave 2'
        1m10s    StageCompleted stage='wave 2'
        1m10s    RunEnded outcome=COMPLETED summary='3 host(s) changed and healthy'
        """);
  }

  @Test
  void rollsBackAHostThatFailsDuringTheWatch() throws Exception {
    VirtualFleet f = new VirtualFleet(plan("watch: 1m"));
    whenSoakStarts(f, "watch", v -> v.changeBreaksProbe.add("c"));

    Outcome o = run(f);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=0 hostsMonitored=1
        10s500ms HealthCounted checks=1 failures=0 hostsMonitored=1
        21s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      HealthCounted checks=1 failures=0 hostsMonitored=1
        30s      SoakPassed stage=canary
        30s      StageCompleted stage=canary
        30s      StageStarted stage='wave 1' hosts=[b]
        30s      HostStateChanged b from=PENDING to=CHANGING
        30s      StepStarted b phase=change number=1 name=apply-change path=ssh
        30s      StepFinished b phase=change number=1 name=apply-change exitCode=0 duration=0s
        30s      HostStateChanged b from=CHANGING to=VERIFYING
        30s      StepStarted b phase=verify number=1 name=check-change path=ssh
        30s      StepFinished b phase=verify number=1 name=check-change exitCode=0 duration=0s
        30s      HostStateChanged b from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        30s      SoakStarted stage='wave 1' duration=20s until=+50s
        31s      HealthCounted checks=1 failures=0 hostsMonitored=1
        40s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      HealthCounted checks=2 failures=0 hostsMonitored=2
        50s      SoakPassed stage='wave 1'
        50s      StageCompleted stage='wave 1'
        50s      StageStarted stage='wave 2' hosts=[c]
        50s      HostStateChanged c from=PENDING to=CHANGING
        50s      StepStarted c phase=change number=1 name=apply-change path=ssh
        50s      StepFinished c phase=change number=1 name=apply-change exitCode=0 duration=0s
        50s      HostStateChanged c from=CHANGING to=VERIFYING
        50s      StepStarted c phase=verify number=1 name=check-change path=ssh
        50s      StepFinished c phase=verify number=1 name=check-change exitCode=0 duration=0s
        50s      HostStateChanged c from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        50s      SoakStarted stage='wave 2' duration=20s until=+1m10s
        51s      HealthCounted checks=1 failures=0 hostsMonitored=1
        1m       HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    HealthCounted checks=3 failures=0 hostsMonitored=3
        1m10s    SoakPassed stage='wave 2'
        1m10s    StageCompleted stage='wave 2'
        1m10s    SoakStarted stage=watch duration=1m until=+2m10s
        1m22s    HealthCounted checks=3 failures=1 hostsMonitored=3
        1m30s    HealthChanged c probe=app reason='exit 1: failed' failures=2
        1m30s    HealthCounted checks=3 failures=1 hostsMonitored=3
        1m30s    HostFailed c failure=UNHEALTHY reason='probe "app" failed 2 time(s) in a row: exit 1: failed' failures=1
        1m30s    RunStopping reason='more failures (1) than maxFailures allows (0)'
        1m30s    RollbackStarted hosts=[a, b, c] reason='the change failed (more failures (1) than maxFailures allows (0))'
        1m30s    HostStateChanged a from=CHANGED to=ROLLING_BACK
        1m30s    StepStarted a phase=rollback number=1 name=undo-change path=ssh
        1m30s    StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        1m30s    HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        1m30s    HostStateChanged b from=CHANGED to=ROLLING_BACK
        1m30s    StepStarted b phase=rollback number=1 name=undo-change path=ssh
        1m30s    StepFinished b phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        1m30s    HostStateChanged b from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        1m30s    HostStateChanged c from=FAILED to=ROLLING_BACK
        1m30s    StepStarted c phase=rollback number=1 name=undo-change path=ssh
        1m30s    StepFinished c phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        1m30s    HostStateChanged c from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        1m30s    RollbackFinished rolledBack=[a, b, c]
        1m30s    RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a, b, c'
        """);
  }

  @Test
  void reportsAHostThatBecomesUnreachableAfterItsChangeAsUnreachable() throws Exception {
    VirtualFleet f = new VirtualFleet(QUICK);
    whenSoakStarts(f, "canary", v -> v.unreachable.add("a"));

    Outcome o = run(f);

    // Without a console path an unreachable host cannot be rolled back: a person must look.
    assertThat(o).isEqualTo(Outcome.NEEDS_ATTENTION);
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b, c] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightChecked c passed
        0s       PreflightPassed targets=3
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name=apply-change path=ssh
        0s       StepFinished a phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged a from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       SoakStarted stage=canary duration=30s until=+30s
        1s500ms  HealthCounted checks=1 failures=1 hostsMonitored=1
        10s      HealthChanged a probe=app reason='host unreachable: a does not answer' failures=2 unreachable
        10s      HealthCounted checks=1 failures=1 hostsMonitored=1
        10s      HostFailed a failure=UNREACHABLE reason='probe "app" failed 2 time(s) in a row: host unreachable: a does not answer' failures=1
        10s      RunStopping reason='more failures (1) than maxFailures allows (0)'
        10s      RollbackStarted hosts=[a] reason='the change failed (more failures (1) than maxFailures allows (0))'
        10s      HostStateChanged a from=UNREACHABLE to=ROLLING_BACK
        10s      StepStarted a phase=rollback number=1 name=undo-change path=ssh
        10s      StepFinished a phase=rollback number=1 name=undo-change exitCode=-1 duration=0s error='a does not answer'
        10s      HostStateChanged a from=ROLLING_BACK to=ROLLBACK_FAILED reason='rollback step "undo-change": a does not answer'
        10s      RollbackFinished failed=[a]
        10s      RunEnded outcome=NEEDS_ATTENTION summary='rollback failed on a; see the journal'
        """);
  }
}
