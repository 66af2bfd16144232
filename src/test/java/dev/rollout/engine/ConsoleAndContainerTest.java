package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The out-of-band path and container targets, on virtual time over the fake transport, each test
 * asserting the whole journal ({@link JournalText}). Host a has a console through host d (as
 * {@code pct exec 101 --} on a hypervisor); containers web-c1 and web-c2 live on host b. The fake
 * transport names a console path {@code a~console} and a container by its own name, and either
 * answers only while its carrier does. That the wraps really reach the target over SSH is tested
 * in {@link ConsoleAndContainerOverSshTest}.
 */
class ConsoleAndContainerTest {

  static final String INVENTORY = """
      hosts:
        a: { address: 127.0.0.2, console: { host: d, wrap: pct exec 101 -- } }
        b: { address: 127.0.0.3 }
        c: { address: 127.0.0.4 }
        d: { address: 127.0.0.5 }
        web-c1: { container: { host: b, wrap: docker exec web-c1 } }
        web-c2: { container: { host: b, wrap: docker exec web-c2 } }
      groups:
        all: [a, b, c]
      """;

  /** The virtual fleet's plan over a and b: canary a soaks 30 s, then b. */
  static final String A_AND_B = VirtualFleet.plan("{ canary: 1, soak: 30s }")
      .replace("targets: all", "targets: [a, b]");

  final MemoryJournal journal = new MemoryJournal();

  static VirtualFleet fleet(String plan) {
    VirtualFleet f = new VirtualFleet(plan, INVENTORY);
    f.files.putAll(Map.of("d", "v1", "web-c1", "v1", "web-c2", "v1"));
    return f;
  }

  void assertJournal(String expected) {
    JournalText.assertJournal(journal.events(), expected);
  }

  @Test
  void rollsBackACanaryWhoseSshDiedThroughItsConsole() throws Exception {
    VirtualFleet f = fleet(A_AND_B);
    f.listeners.add((e, st) -> {
      if (e instanceof Event.SoakStarted) {
        f.unreachable.add("a");
      }
    });
    f.meanwhile = (shell, command) -> {
      if (shell.equals("a~console") && command.equals("undo-change")) {
        f.unreachable.remove("a"); // the rollback through the console brings SSH back
      }
    };

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).containsEntry("a", "v1").containsEntry("b", "v1");
    assertThat(f.reached("undo-change")).containsExactly("a", "a~console");
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b] allowedFailures=0
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightPassed targets=2
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
        10s      ConsoleUsed a console='pct exec 101 -- @ d' reason='rollback step "undo-change": a does not answer'
        10s      StepStarted a phase=rollback number=1 name=undo-change path=console
        10s      StepFinished a phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        10s      HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        10s      RollbackFinished rolledBack=[a]
        10s      RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a'
        """);
  }

  @Test
  void changesAndRollsBackContainersEntirelyThroughTheirHost() throws Exception {
    VirtualFleet f = fleet(VirtualFleet.plan("{ canary: 0, waves: [100%], maxParallel: 1, "
        + "rollbackScope: changed }").replace("targets: all", "targets: [web-c1, web-c2]"));
    f.verifyFails.add("web-c2");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).containsEntry("web-c1", "v1").containsEntry("web-c2", "v1")
        .containsEntry("b", "v1");
    assertThat(f.transport.calls()).extracting(FakeTransport.Call::host)
        .as("every command went through the containers' wrap, none to b itself")
        .containsOnly("web-c1", "web-c2");
    assertThat(f.reached("undo-change")).containsExactlyInAnyOrder("web-c1", "web-c2");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[web-c1, web-c2] allowedFailures=0
        0s       PreflightChecked web-c1 passed
        0s       PreflightChecked web-c2 passed
        0s       PreflightPassed targets=2
        0s       StageStarted stage='wave 1' hosts=[web-c1, web-c2]
        0s       HostStateChanged web-c1 from=PENDING to=CHANGING
        0s       StepStarted web-c1 phase=change number=1 name=apply-change path=ssh
        0s       StepFinished web-c1 phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged web-c1 from=CHANGING to=VERIFYING
        0s       StepStarted web-c1 phase=verify number=1 name=check-change path=ssh
        0s       StepFinished web-c1 phase=verify number=1 name=check-change exitCode=0 duration=0s
        0s       HostStateChanged web-c1 from=VERIFYING to=CHANGED reason='verified; under probes until the run ends'
        0s       HostStateChanged web-c2 from=PENDING to=CHANGING
        0s       StepStarted web-c2 phase=change number=1 name=apply-change path=ssh
        0s       StepFinished web-c2 phase=change number=1 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged web-c2 from=CHANGING to=VERIFYING
        0s       StepStarted web-c2 phase=verify number=1 name=check-change path=ssh
        0s       StepFinished web-c2 phase=verify number=1 name=check-change exitCode=1 duration=0s stderr=failed
        0s       HostFailed web-c2 failure=VERIFY_FAILED reason='verify step "check-change" exited 1: failed' failures=1
        0s       RunStopping reason='more failures (1) than maxFailures allows (0)'
        0s       RollbackStarted hosts=[web-c1, web-c2] reason='the change failed (more failures (1) than maxFailures allows (0))'
        0s       HostStateChanged web-c1 from=CHANGED to=ROLLING_BACK
        0s       StepStarted web-c1 phase=rollback number=1 name=undo-change path=ssh
        0s       StepFinished web-c1 phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        0s       HostStateChanged web-c1 from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        0s       HostStateChanged web-c2 from=FAILED to=ROLLING_BACK
        0s       StepStarted web-c2 phase=rollback number=1 name=undo-change path=ssh
        0s       StepFinished web-c2 phase=rollback number=1 name=undo-change exitCode=0 duration=0s
        0s       HostStateChanged web-c2 from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        0s       RollbackFinished rolledBack=[web-c1, web-c2]
        0s       RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: web-c1, web-c2'
        """);
  }

  @Test
  void takesASnapshotFromTheConsoleHostAndRollsBackToIt() throws Exception {
    VirtualFleet f = fleet("""
        name: snapshot
        targets: [a]
        rollbackCheck:
          - on: consoleHost
            run: can-roll-back
        change:
          - name: snapshot from outside
            on: consoleHost
            run: snapshot a
          - run: apply-change
        verify: [ check-change ]
        rollback:
          - name: back to the snapshot
            on: consoleHost
            run: restore a
        """);
    f.verifyFails.add("a");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).containsEntry("a", "v1");
    assertThat(f.snapshots).isEqualTo(Map.of("a", "v1"));
    assertThat(f.transport.calls()).filteredOn(c -> c.host().equals("d"))
        .extracting(FakeTransport.Call::command)
        .containsExactly("can-roll-back", "snapshot a", "restore a");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=snapshot targets=[a] allowedFailures=0
        0s       StepStarted a phase=rollbackCheck number=1 name=can-roll-back path=consoleHost
        0s       StepFinished a phase=rollbackCheck number=1 name=can-roll-back exitCode=0 duration=0s
        0s       PreflightChecked a passed
        0s       PreflightPassed targets=1
        0s       StageStarted stage=canary hosts=[a]
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       StepStarted a phase=change number=1 name='snapshot from outside' path=consoleHost
        0s       StepFinished a phase=change number=1 name='snapshot from outside' exitCode=0 duration=0s
        0s       StepStarted a phase=change number=2 name=apply-change path=ssh
        0s       StepFinished a phase=change number=2 name=apply-change exitCode=0 duration=0s
        0s       HostStateChanged a from=CHANGING to=VERIFYING
        0s       StepStarted a phase=verify number=1 name=check-change path=ssh
        0s       StepFinished a phase=verify number=1 name=check-change exitCode=1 duration=0s stderr=failed
        0s       HostFailed a failure=VERIFY_FAILED reason='verify step "check-change" exited 1: failed' failures=1
        0s       RunStopping reason='more failures (1) than maxFailures allows (0)'
        0s       RollbackStarted hosts=[a] reason='the change failed (more failures (1) than maxFailures allows (0))'
        0s       HostStateChanged a from=FAILED to=ROLLING_BACK
        0s       StepStarted a phase=rollback number=1 name='back to the snapshot' path=consoleHost
        0s       StepFinished a phase=rollback number=1 name='back to the snapshot' exitCode=0 duration=0s
        0s       HostStateChanged a from=ROLLING_BACK to=ROLLED_BACK reason='rollback steps done, probes healthy'
        0s       RollbackFinished rolledBack=[a]
        0s       RunEnded outcome=ROLLED_BACK summary='the change failed (more failures (1) than maxFailures allows (0)); rolled back: a'
        """);
  }

  @Test
  void refusesTheRunWhenAConsoleHostIsUnreachable() throws Exception {
    VirtualFleet f = fleet(A_AND_B);
    f.unreachable.add("d");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(f.reached("apply-change")).isEmpty();
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b] allowedFailures=0
        0s       PreflightChecked a reason='the way back is not proven: console path pct exec 101 -- @ d does not answer: d (carrier of a~console) does not answer'
        0s       PreflightChecked b passed
        0s       RunEnded outcome=PREFLIGHT_REFUSED summary='preflight refused the run; nothing was changed'
        """);
  }

  @Test
  void goesOnWithAnUnprovenWayBackOnlyWhenAllowedAndRecordsIt() throws Exception {
    VirtualFleet f = fleet(A_AND_B);
    f.unreachable.add("d");

    Outcome o = f.engine(journal, Duration.ZERO).allowUnprovenRollback(true).start(false);

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(f.files).containsEntry("a", "v2").containsEntry("b", "v2");
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b] allowedFailures=0
        0s       RollbackUnproven a reason='console path pct exec 101 -- @ d does not answer: d (carrier of a~console) does not answer'
        0s       PreflightChecked a passed
        0s       PreflightChecked b passed
        0s       PreflightPassed targets=2
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
        30s      StageCompleted stage='wave 1'
        30s      RunEnded outcome=COMPLETED summary='2 host(s) changed and healthy'
        """);
  }

  @Test
  void refusesTheRunWhenARollbackCheckFails() throws Exception {
    VirtualFleet f = fleet(A_AND_B.replace("change: [", "rollbackCheck: [ can-roll-back ]\n"
        + "change: ["));
    f.rollbackCheckFails.add("b");

    Outcome o = f.engine(journal, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(f.reached("can-roll-back")).containsExactlyInAnyOrder("a", "b");
    assertThat(f.reached("apply-change")).isEmpty();
    assertJournal("""
        0s       RunStarted runId=run-1 plan=virtual targets=[a, b] allowedFailures=0
        0s       StepStarted a phase=rollbackCheck number=1 name=can-roll-back path=ssh
        0s       StepFinished a phase=rollbackCheck number=1 name=can-roll-back exitCode=0 duration=0s
        0s       PreflightChecked a passed
        0s       StepStarted b phase=rollbackCheck number=1 name=can-roll-back path=ssh
        0s       StepFinished b phase=rollbackCheck number=1 name=can-roll-back exitCode=1 duration=0s stderr=failed
        0s       PreflightChecked b reason='the way back is not proven: rollbackCheck step "can-roll-back" exited 1: failed'
        0s       RunEnded outcome=PREFLIGHT_REFUSED summary='preflight refused the run; nothing was changed'
        """);
  }
}
