package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run that stops while it rolls back a failure within maxFailures: the tolerated rollback is
 * not the run's final one, so every host in the rollback scope is rolled back before the run
 * ends as rolled back. On virtual time: b fails within maxFailures, and while its rollback step
 * runs (30 s of virtual time) the probes find c broken too, which stops the run.
 */
class StopDuringToleratedRollbackTest {

  static final String PLAN = VirtualFleet.plan("{ canary: 1, soak: 1m, waves: [100%], "
      + "waveSoak: 10m, maxParallel: 1, maxFailures: 1 }");

  /** While b's rollback step runs, c turns out broken by the change and 30 s go by. */
  static void cBreaksDuringTheRollbackOfB(VirtualFleet f) {
    f.meanwhile = (host, command) -> {
      if (host.equals("b") && command.equals("undo-change")) {
        f.changeBreaksProbe.add("c");
        f.time.advance(Duration.ofSeconds(30));
      }
    };
  }

  static List<String> fromFirstRollback(List<Event> events) {
    List<String> types = events.stream().filter(e -> !(e instanceof Event.HealthCounted)
        && !(e instanceof Event.HealthChanged) && !(e instanceof Event.ProbeResultChanged)).map(e -> e.getClass().getSimpleName()).toList();
    return types.subList(types.indexOf("RollbackStarted"), types.size());
  }

  @Test
  void aStopDuringTheRollbackOfAFailureInTheSoakRollsBackEveryChangedHost() throws Exception {
    VirtualFleet f = new VirtualFleet(PLAN);
    f.listeners.add((e, st) -> {
      if (e instanceof Event.SoakStarted s && s.stage().equals("wave 1")) {
        f.changeBreaksProbe.add("b");
      }
    });
    cBreaksDuringTheRollbackOfB(f);
    MemoryJournal j = new MemoryJournal();

    Outcome o = f.engine(j, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertStoppedThenRolledBackAll(j.events());
  }

  @Test
  void aStopDuringTheRollbackOfAFailedChangeRollsBackEveryChangedHost() throws Exception {
    VirtualFleet f = new VirtualFleet(PLAN);
    f.verifyFails.add("b");
    cBreaksDuringTheRollbackOfB(f);
    MemoryJournal j = new MemoryJournal();

    Outcome o = f.engine(j, Duration.ZERO).start(false);

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
    assertStoppedThenRolledBackAll(j.events());
  }

  private static void assertStoppedThenRolledBackAll(List<Event> ev) {
    List<String> types = fromFirstRollback(ev);
    int finalRollback = types.lastIndexOf("RollbackStarted");
    // b's rollback and the loop failing c (seen by the probes while b's step ran) go on at once:
    // each in its order, both within the tolerated rollback
    List<Event> first = ev.subList(ev.indexOf(VirtualFleet.of(Event.RollbackStarted.class, ev)
        .get(0)), ev.indexOf(VirtualFleet.of(Event.RollbackFinished.class, ev).get(0)) + 1);
    assertThat(first.stream().filter(e -> "b".equals(hostOf(e)))
        .map(e -> e.getClass().getSimpleName()).toList()).containsExactly(
            "HostStateChanged", "StepStarted", "StepFinished", "HostStateChanged");
    assertThat(first.stream().filter(e -> hostOf(e) == null && !(e instanceof Event.HealthChanged)
        && !(e instanceof Event.HealthCounted) && !(e instanceof Event.ProbeResultChanged)).map(e -> e.getClass().getSimpleName()).toList())
        .containsExactly("RollbackStarted", "HostFailed", "RunStopping", "RollbackFinished");
    assertThat(types.subList(types.indexOf("RollbackFinished"), finalRollback + 1))
        .containsExactly("RollbackFinished", "RollbackStarted");
    // the final rollback takes a and c at once: each host's events in order, the two interleaved
    List<Event> last = ev.subList(ev.lastIndexOf(VirtualFleet.of(Event.RollbackStarted.class, ev)
        .get(1)) + 1, ev.size());
    for (String h : List.of("a", "c")) {
      assertThat(last.stream().filter(e -> h.equals(hostOf(e)))
          .map(e -> e.getClass().getSimpleName()).toList()).as(h).containsExactly(
              "HostStateChanged", "StepStarted", "StepFinished", "HostStateChanged");
    }
    assertThat(types.subList(finalRollback + 1, types.size())).hasSize(10)
        .endsWith("RollbackFinished", "RunEnded");
    List<Event.RollbackStarted> rollbacks = VirtualFleet.of(Event.RollbackStarted.class, ev);
    assertThat(rollbacks.get(0).hosts()).containsExactly("b");
    assertThat(rollbacks.get(0).reason()).isEqualTo("failure within maxFailures");
    assertThat(rollbacks.get(1).hosts()).containsExactly("a", "c");
    String why = "the change failed (more failures (2) than maxFailures allows (1))";
    assertThat(rollbacks.get(1).reason()).isEqualTo(why);
    Event.HostFailed c = VirtualFleet.of(Event.HostFailed.class, ev).get(1);
    assertThat(c.host()).isEqualTo("c");
    assertThat(c.failures()).isEqualTo(2);
    Event.RunEnded end = (Event.RunEnded) ev.get(ev.size() - 1);
    assertThat(end.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(end.summary()).isEqualTo(why + "; rolled back: a, b, c");
    RunRecord r = RunRecord.fold(ev);
    assertThat(r.hosts()).containsExactly(Map.entry("a", HostState.ROLLED_BACK),
        Map.entry("b", HostState.ROLLED_BACK), Map.entry("c", HostState.ROLLED_BACK));
    assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);
  }

  private static String hostOf(Event e) {
    if (e instanceof Event.HostStateChanged c) {
      return c.host();
    } else if (e instanceof Event.StepStarted st) {
      return st.host();
    } else if (e instanceof Event.StepFinished f) {
      return f.host();
    }
    return null;
  }
}
