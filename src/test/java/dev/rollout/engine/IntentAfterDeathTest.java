package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Intent is durable: once an abort or a promote is journaled, every later controller honours it,
 * however often the controllers die. Each controller here dies right after any one of its
 * journaled events (its journal fails there, as SIGKILL leaves it), and the next one takes the
 * run up; the hosts' files and the commands that reached them are checked, not only the journal.
 */
class IntentAfterDeathTest {

  static final String GATED = VirtualFleet.plan(
      "{ canary: 1, soak: 1m, waves: [100%], maxParallel: 2, pauseAfterCanary: true }");

  /** How a later controller takes the run up. */
  enum Next {
    RESUME((e, by) -> e.resume(by, "")),
    ABORT(Engine::abort),
    PROMOTE(Engine::promote);

    final BiFunction<Engine, String, Outcome> act;

    Next(BiFunction<Engine, String, Outcome> act) {
      this.act = act;
    }
  }

  /** The number of events an abort of the paused run journals when nothing kills it. */
  static int abortEvents() throws Exception {
    VirtualFleet f = new VirtualFleet(GATED);
    MemoryJournal j = new MemoryJournal();
    assertThat(f.engine(j, Duration.ZERO).start(false)).isEqualTo(Outcome.PAUSED);
    int paused = j.events().size();
    assertThat(f.engine(j, Duration.ofMinutes(1)).abort("ops")).isEqualTo(Outcome.ROLLED_BACK);
    return j.events().size() - paused;
  }

  @ParameterizedTest
  @ValueSource(strings = {"RESUME", "ABORT", "PROMOTE"})
  void anAbortKilledAfterAnyOfItsEventsIsFinishedAndNoPendingHostIsEverChanged(String next)
      throws Exception {
    int events = abortEvents();
    assertThat(events).isGreaterThanOrEqualTo(8);
    for (int k = 1; k < events; k++) {
      VirtualFleet f = new VirtualFleet(GATED);
      MemoryJournal j = new MemoryJournal();
      f.engine(j, Duration.ZERO).start(false);
      int paused = j.events().size();
      assertThat(f.dyingEngine(j, paused + k, Duration.ofMinutes(1)).abort("ops"))
          .isEqualTo(Outcome.JOURNAL_LOST);

      Outcome o = Next.valueOf(next).act.apply(f.engine(j, Duration.ofMinutes(5)), "later");

      String what = next + " after the abort died at its event " + k;
      assertThat(o).as(what).isEqualTo(Outcome.ROLLED_BACK);
      assertThat(f.files).as(what).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
      assertThat(f.reached("apply-change")).as(what + ": only the canary was ever changed")
          .containsExactly("a");
      RunRecord r = RunRecord.fold(j.events());
      assertThat(r.hosts()).as(what).containsExactly(Map.entry("a", HostState.ROLLED_BACK),
          Map.entry("b", HostState.PENDING), Map.entry("c", HostState.PENDING));
      assertThat(r.phase()).as(what).isEqualTo(Phase.ROLLED_BACK);
      assertThat(VirtualFleet.of(Event.Promoted.class, j.events())).as(what).isEmpty();
      Event.RunEnded end = (Event.RunEnded) j.events().get(j.events().size() - 1);
      assertThat(end.summary()).as(what).isEqualTo("aborted by "
          + (next.equals("ABORT") ? "later" : "ops") + "; rolled back: a");
    }
  }

  @Test
  void anAbortAfterAControllerDiedMidWaveRollsBackEveryTouchedHostAndStartsNoOther()
      throws Exception {
    VirtualFleet clean = new VirtualFleet(GATED);
    MemoryJournal full = new MemoryJournal();
    clean.engine(full, Duration.ZERO).start(false);
    int paused = full.events().size();
    clean.engine(full, Duration.ofMinutes(1)).promote("ops");
    int end = full.events().size();
    for (int k = paused + 2; k < end; k++) {
      VirtualFleet f = new VirtualFleet(GATED);
      MemoryJournal j = new MemoryJournal();
      f.engine(j, Duration.ZERO).start(false);
      f.dyingEngine(j, k, Duration.ofMinutes(1)).promote("ops");
      int changedBefore = f.reached("apply-change").size();
      f.dyingEngine(j, k + 3, Duration.ofMinutes(2)).abort("ops");

      Outcome o = f.engine(j, Duration.ofMinutes(3)).resume("later", "");

      String what = "promote died at event " + k + ", then its abort after 3 events";
      assertThat(o).as(what).isEqualTo(Outcome.ROLLED_BACK);
      assertThat(f.files.values()).as(what).containsOnly("v1");
      assertThat(f.reached("apply-change")).as(what + ": nothing changed after the abort")
          .hasSize(changedBefore);
      RunRecord r = RunRecord.fold(j.events());
      assertThat(r.hosts().values()).as(what).isSubsetOf(HostState.ROLLED_BACK,
          HostState.PENDING);
    }
  }

  @Test
  void aPromoteKilledAfterAnyOfItsEventsIsCarriedOnByResume() throws Exception {
    VirtualFleet clean = new VirtualFleet(GATED);
    MemoryJournal full = new MemoryJournal();
    clean.engine(full, Duration.ZERO).start(false);
    int paused = full.events().size();
    assertThat(clean.engine(full, Duration.ofMinutes(1)).promote("ops"))
        .isEqualTo(Outcome.COMPLETED);
    int events = full.events().size() - paused;
    for (int k = 1; k < events; k++) {
      VirtualFleet f = new VirtualFleet(GATED);
      MemoryJournal j = new MemoryJournal();
      f.engine(j, Duration.ZERO).start(false);
      f.dyingEngine(j, paused + k, Duration.ofMinutes(1)).promote("ops");

      Outcome o = f.engine(j, Duration.ofMinutes(5)).resume("later", "");

      String what = "resume after the promote died at its event " + k;
      assertThat(o).as(what).isEqualTo(Outcome.COMPLETED);
      assertThat(f.files.values()).as(what).containsOnly("v2");
      assertThat(f.reached("apply-change")).as(what + ": each host changed once")
          .containsExactlyInAnyOrder("a", "b", "c");
      assertThat(VirtualFleet.of(Event.RunPaused.class, j.events())).as(what + ": the gate "
          + "stays passed").hasSize(1);
    }
  }

  @Test
  void anAbortOfARunThatChangedNothingSaysSoAndEndsIt() throws Exception {
    VirtualFleet f = new VirtualFleet(GATED);
    MemoryJournal j = new MemoryJournal();
    assertThat(f.dyingEngine(j, 2, Duration.ZERO).start(false)).isEqualTo(Outcome.JOURNAL_LOST);

    Outcome o = f.engine(j, Duration.ofMinutes(1)).abort("ops");

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    List<Event> abort = j.events().subList(2, j.events().size());
    assertThat(abort).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("AbortRequested", "RunStopping", "RunEnded");
    assertThat(((Event.RunStopping) abort.get(1)).reason()).isEqualTo("abort requested by ops");
    assertThat(((Event.RunEnded) abort.get(2)).summary()).isEqualTo("aborted by ops before any "
        + "host changed: nothing was changed, nothing to roll back");
    assertThat(f.transport.calls()).noneMatch(c -> c.command().endsWith("-change"));
    RunRecord r = RunRecord.fold(j.events());
    assertThat(r.phase()).isEqualTo(Phase.ENDED_BEFORE_ANY_CHANGE);
    assertThat(r.stage()).isEqualTo("ended before any change");
  }
}
