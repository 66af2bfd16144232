package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a failure does to a run, on virtual time with exact journals: a pause on failure waits
 * for promote or abort, a failed canary stops the run whatever maxFailures allows, and a soak
 * taken up after any death goes on for the time it had left.
 */
class FailureSemanticsTest {

  static final String PAUSE = VirtualFleet.plan(
      "{ canary: 1, soak: 1m, waves: [100%], maxParallel: 1, onFailure: pause }");

  static List<String> types(List<Event> events) {
    return events.stream().map(e -> e.getClass().getSimpleName())
        .filter(t -> !t.equals("HealthCounted")).toList();
  }

  /** Starts the pause plan with b's verify failing: the run pauses on b's failure. */
  static MemoryJournal pausedOnFailure(VirtualFleet f) throws Exception {
    f.verifyFails.add("b");
    MemoryJournal j = new MemoryJournal();
    assertThat(f.engine(j, Duration.ZERO).start(false)).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    return j;
  }

  @Test
  void aFailureWithOnFailurePausePausesTheRunKeepingEveryHostAsItIs() throws Exception {
    VirtualFleet f = new VirtualFleet(PAUSE);

    MemoryJournal j = pausedOnFailure(f);

    List<Event> ev = j.events();
    assertThat(types(ev).subList(types(ev).indexOf("HostFailed"), types(ev).size()))
        .containsExactly("HostFailed", "RunStopping", "RunPaused");
    Event.RunPaused p = (Event.RunPaused) ev.get(ev.size() - 1);
    assertThat(p.stage()).isEqualTo("wave 1");
    assertThat(p.reason()).isEqualTo("on failure (more failures (1) than maxFailures allows "
        + "(0)); hosts left as they are: a=changed, b=failed, c=pending");
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v1"));
    RunRecord r = RunRecord.fold(ev);
    assertThat(r.phase()).isEqualTo(Phase.PAUSED_ON_FAILURE);
    assertThat(r.outcome()).isEmpty();
    assertThat(r.stage()).isEqualTo("paused on failure in wave 1");
  }

  @Test
  void promoteOfARunPausedOnFailureRollsTheFailedHostBackAndGoesOnCountingTheFailure()
      throws Exception {
    VirtualFleet f = new VirtualFleet(PAUSE);
    MemoryJournal j = pausedOnFailure(f);
    int paused = j.events().size();

    Outcome o = f.engine(j, Duration.ofMinutes(10)).promote("ops");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    List<Event> promote = j.events().subList(paused, j.events().size());
    assertThat(types(promote)).containsExactly("Promoted",
        "RollbackStarted", "HostStateChanged", "StepStarted", "StepFinished", "HostStateChanged",
        "RollbackFinished",
        "HostStateChanged", "StepStarted", "StepFinished", "HostStateChanged", "StepStarted",
        "StepFinished", "HostStateChanged", "StageCompleted", "RunEnded");
    Event.RollbackStarted rb = VirtualFleet.of(Event.RollbackStarted.class, promote).get(0);
    assertThat(rb.hosts()).containsExactly("b");
    assertThat(rb.reason()).isEqualTo("promoted past a pause on failure: the failed host(s) are "
        + "rolled back, the run goes on");
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v1", "c", "v2"));
    RunRecord r = RunRecord.fold(j.events());
    assertThat(r.failures()).as("the failure still counts").isEqualTo(1);
    assertThat(((Event.RunEnded) promote.get(promote.size() - 1)).summary())
        .isEqualTo("2 host(s) changed and healthy; failed within maxFailures and rolled back: b");
    assertThat(r.phase()).isEqualTo(Phase.COMPLETED);
  }

  @Test
  void abortOfARunPausedOnFailureRollsBackEveryTouchedHostAndChangesNoOther() throws Exception {
    VirtualFleet f = new VirtualFleet(PAUSE);
    MemoryJournal j = pausedOnFailure(f);

    Outcome o = f.engine(j, Duration.ofMinutes(10)).abort("ops");

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files.values()).containsOnly("v1");
    assertThat(f.reached("apply-change")).containsExactly("a", "b");
    assertThat(RunRecord.fold(j.events()).hosts()).containsExactly(
        Map.entry("a", HostState.ROLLED_BACK), Map.entry("b", HostState.ROLLED_BACK),
        Map.entry("c", HostState.PENDING));
  }

  @Test
  void aFailedCanaryStopsTheRunEvenWithinMaxFailures() throws Exception {
    VirtualFleet f = new VirtualFleet(VirtualFleet.plan(
        "{ canary: 1, soak: 1m, waves: [100%], maxParallel: 2, maxFailures: 1 }"));
    f.verifyFails.add("a");
    MemoryJournal j = new MemoryJournal();

    Outcome o = f.engine(j, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.reached("apply-change")).containsExactly("a");
    assertThat(f.files.values()).containsOnly("v1");
    List<Event> ev = j.events();
    assertThat(types(ev).subList(types(ev).indexOf("HostFailed"), types(ev).size()))
        .containsExactly("HostFailed", "RunStopping", "RollbackStarted", "HostStateChanged",
            "StepStarted", "StepFinished", "HostStateChanged", "RollbackFinished", "RunEnded");
    assertThat(VirtualFleet.of(Event.RunStopping.class, ev).get(0).reason())
        .isEqualTo("canary a failed: a failed canary stops the run whatever maxFailures allows");
    assertThat(VirtualFleet.of(Event.SoakPassed.class, ev)).isEmpty();
  }

  @Test
  void aSoakTakenUpAfterAnyDeathGoesOnForTheTimeItHadLeft() throws Exception {
    VirtualFleet clean = new VirtualFleet(VirtualFleet.plan(
        "{ canary: 1, soak: 20s, waves: [100%], maxParallel: 2 }"));
    MemoryJournal full = new MemoryJournal();
    clean.engine(full, Duration.ZERO).start(false);
    Event.SoakStarted soak = VirtualFleet.of(Event.SoakStarted.class, full.events()).get(0);
    Instant killed = soak.at().plus(Duration.ofSeconds(10));
    int alive = (int) full.events().stream().takeWhile(e -> !e.at().isAfter(killed)).count();

    VirtualFleet f = new VirtualFleet(VirtualFleet.plan(
        "{ canary: 1, soak: 20s, waves: [100%], maxParallel: 2 }"));
    MemoryJournal j = new MemoryJournal();
    f.dyingEngine(j, alive, Duration.ZERO).start(false);
    f.dyingEngine(j, alive + 1, Duration.ofMinutes(3)).resume("later", "");
    assertThat(j.events().get(alive)).as("the next controller died too, right after resuming")
        .isInstanceOf(Event.RunResumed.class);
    Outcome o = f.engine(j, Duration.ofMinutes(7)).resume("later", "");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    Event.SoakStarted resumed = VirtualFleet.of(Event.SoakStarted.class, j.events()).get(1);
    assertThat(resumed.stage()).isEqualTo("canary");
    assertThat(resumed.duration()).as("20 s less the 9 to 10 s the journal saw it soak, "
        + "however long the controllers were dead").isBetween(Duration.ofSeconds(10),
        Duration.ofSeconds(11));
  }
}
