package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A host is changed only once every change step ran: when the controller dies during change step
 * 1 of [apply-change, restart-app], the next controller lets verify decide whether step 1 is in
 * place, then runs step 2 (it had not started) and verifies again; a rehearsed canary caught so
 * is still rehearsed before its soak. On virtual time, each controller killed right after the
 * journaled start of the step (its command reaches the host, its end is never journaled).
 */
class ChangeStepsAfterDeathTest {

  static String plan(String strategy) {
    return VirtualFleet.plan(strategy).replace("change: [ \"apply-change\" ]",
        "change: [ \"apply-change\", \"restart-app\" ]");
  }

  static final String PLAIN = plan("{ canary: 1, soak: 1m, waves: [100%], maxParallel: 1 }");
  static final String REHEARSED = plan(
      "{ canary: 1, soak: 1m, waves: [100%], maxParallel: 1, rehearseRollback: true }");

  /** How many events a clean run of {@code plan} journals up to its {@code nth} start of step. */
  static int upToStart(String plan, String host, String phase, int number, int nth)
      throws Exception {
    VirtualFleet clean = new VirtualFleet(plan);
    MemoryJournal j = new MemoryJournal();
    assertThat(clean.engine(j, Duration.ZERO).start(false)).isEqualTo(Outcome.COMPLETED);
    int seen = 0;
    for (int i = 0; i < j.events().size(); i++) {
      if (j.events().get(i) instanceof Event.StepStarted s && s.host().equals(host)
          && s.phase().equals(phase) && s.number() == number && ++seen == nth) {
        return i + 1;
      }
    }
    throw new AssertionError("no such step in a clean run");
  }

  /** A run of {@code plan} whose controller died while change step 1 ran on a (its nth time). */
  static MemoryJournal killedInStepOneOfA(VirtualFleet f, String plan, int nth) throws Exception {
    MemoryJournal j = new MemoryJournal();
    int limit = upToStart(plan, "a", "change", 1, nth);
    assertThat(f.dyingEngine(j, limit, Duration.ZERO).start(false))
        .isEqualTo(Outcome.JOURNAL_LOST);
    assertThat(j.events().get(limit - 1)).isInstanceOf(Event.StepStarted.class);
    return j;
  }

  static List<String> steps(List<Event> events, String host) {
    return events.stream().map(e -> e instanceof Event.StepStarted s && s.host().equals(host)
        ? s.phase() + " " + s.number() : e instanceof Event.HostStateChanged c
        && c.host().equals(host) ? c.from() + "->" + c.to() : e instanceof Event.HostFailed h
        && h.host().equals(host) ? "failed" : null).filter(s -> s != null).toList();
  }

  @Test
  void aHostCaughtInItsFirstChangeStepRunsTheStepsThatNeverStartedBeforeItCountsAsChanged()
      throws Exception {
    VirtualFleet f = new VirtualFleet(PLAIN);
    MemoryJournal j = killedInStepOneOfA(f, PLAIN, 1);
    int died = j.events().size();

    Outcome o = f.engine(j, Duration.ofMinutes(5)).resume("later", "");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(steps(j.events().subList(died, j.events().size()), "a")).containsExactly(
        "verify 1", "change 2", "CHANGING->VERIFYING", "verify 1", "VERIFYING->CHANGED");
    List<Event.StepStarted> resumed = VirtualFleet.of(Event.StepStarted.class,
        j.events().subList(died, j.events().size()));
    assertThat(resumed.get(1)).isEqualTo(new Event.StepStarted(resumed.get(1).at(), "a",
        "change", 2, "restart-app", "ssh"));
    assertThat(f.reached("apply-change")).as("step 1 never runs twice")
        .containsExactly("a", "b", "c");
    assertThat(f.reached("restart-app")).containsExactly("a", "b", "c");
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
    Event.HostStateChanged changed = VirtualFleet.of(Event.HostStateChanged.class, j.events())
        .stream().filter(c -> c.host().equals("a") && c.to() == HostState.CHANGED)
        .findFirst().orElseThrow();
    assertThat(changed.reason()).isEqualTo("verify says the step caught in flight is in place; "
        + "the change steps after it ran");
  }

  @Test
  void aHostCaughtInAStepThatVerifySaysIsNotInPlaceIsRolledBackAndNothingMoreRuns()
      throws Exception {
    VirtualFleet f = new VirtualFleet(PLAIN);
    MemoryJournal j = killedInStepOneOfA(f, PLAIN, 1);
    f.verifyFails.add("a");
    int died = j.events().size();

    Outcome o = f.engine(j, Duration.ofMinutes(5)).resume("later", "");

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(steps(j.events().subList(died, j.events().size()), "a")).containsExactly(
        "verify 1", "failed", "FAILED->ROLLING_BACK", "rollback 1", "ROLLING_BACK->ROLLED_BACK");
    assertThat(f.reached("restart-app")).isEmpty();
    assertThat(f.files).isEqualTo(Map.of("a", "v1", "b", "v1", "c", "v1"));
  }

  @Test
  void aRehearsedCanaryCaughtInItsFirstChangeIsStillRehearsedBeforeItsSoak() throws Exception {
    VirtualFleet f = new VirtualFleet(REHEARSED);
    MemoryJournal j = killedInStepOneOfA(f, REHEARSED, 1);
    int died = j.events().size();

    Outcome o = f.engine(j, Duration.ofMinutes(5)).resume("later", "");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(steps(j.events().subList(died, j.events().size()), "a")).containsExactly(
        "verify 1", "change 2", "CHANGING->VERIFYING", "verify 1",
        "VERIFYING->ROLLING_BACK", "rollback 1",
        "ROLLING_BACK->CHANGING", "change 1", "change 2", "CHANGING->VERIFYING", "verify 1",
        "VERIFYING->CHANGED");
    assertThat(f.reached("undo-change")).containsExactly("a");
    assertThat(f.files).isEqualTo(Map.of("a", "v2", "b", "v2", "c", "v2"));
  }

  @Test
  void aRehearsedCanaryCaughtInItsChangeAfterTheRehearsalIsNotRehearsedTwice()
      throws Exception {
    VirtualFleet f = new VirtualFleet(REHEARSED);
    MemoryJournal j = killedInStepOneOfA(f, REHEARSED, 2);
    int died = j.events().size();

    Outcome o = f.engine(j, Duration.ofMinutes(5)).resume("later", "");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    assertThat(steps(j.events().subList(died, j.events().size()), "a")).containsExactly(
        "verify 1", "change 2", "CHANGING->VERIFYING", "verify 1", "VERIFYING->CHANGED");
    assertThat(f.reached("undo-change")).containsExactly("a");
    assertThat(f.reached("restart-app")).as("a's change after its rehearsal ran whole")
        .containsExactly("a", "a", "b", "c");
  }

  static final String CONSOLE_INVENTORY = """
      hosts:
        hv: { address: 127.0.0.5 }
        a: { address: 127.0.0.2, console: { host: hv, wrap: "pct exec 101 --" } }
        b: { address: 127.0.0.3, console: { host: hv, wrap: "pct exec 102 --" } }
        c: { address: 127.0.0.4, console: { host: hv, wrap: "pct exec 103 --" } }
      groups:
        all: [a, b, c]
      """;

  @Test
  void aStepOnTheConsoleHostThatNeverStartedRunsThereAfterTheStepCaughtInFlight()
      throws Exception {
    String plan = VirtualFleet.plan("{ canary: 1, soak: 1m, waves: [100%], maxParallel: 1 }")
        .replace("change: [ \"apply-change\" ]",
            "change: [ \"apply-change\", { run: \"restart-guest\", on: consoleHost } ]");
    VirtualFleet clean = new VirtualFleet(plan, CONSOLE_INVENTORY);
    MemoryJournal full = new MemoryJournal();
    assertThat(clean.engine(full, Duration.ZERO).start(false)).isEqualTo(Outcome.COMPLETED);
    int limit = 1 + full.events().indexOf(full.events().stream().filter(e -> e
        instanceof Event.StepStarted s && s.host().equals("a") && s.phase().equals("change"))
        .findFirst().orElseThrow());
    VirtualFleet f = new VirtualFleet(plan, CONSOLE_INVENTORY);
    MemoryJournal j = new MemoryJournal();
    f.dyingEngine(j, limit, Duration.ZERO).start(false);
    int died = j.events().size();

    Outcome o = f.engine(j, Duration.ofMinutes(5)).resume("later", "");

    assertThat(o).isEqualTo(Outcome.COMPLETED);
    Event.StepStarted step2 = VirtualFleet.of(Event.StepStarted.class,
        j.events().subList(died, j.events().size())).get(1);
    assertThat(step2).isEqualTo(new Event.StepStarted(step2.at(), "a", "change", 2,
        "restart-guest", "consoleHost"));
    assertThat(f.reached("restart-guest")).as("once for each of a, b, c, on their console host")
        .containsExactly("hv", "hv", "hv");
    assertThat(f.files).containsAllEntriesOf(Map.of("a", "v2", "b", "v2", "c", "v2"));
  }
}
