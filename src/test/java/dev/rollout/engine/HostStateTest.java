package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of host states: legal moves pass through RunState and are journaled; others throw. */
class HostStateTest {

  static final Set<String> LEGAL = Set.of(
      "PENDING>CHANGING", "PENDING>FAILED", "PENDING>UNREACHABLE",
      "CHANGING>VERIFYING", "CHANGING>FAILED", "CHANGING>UNREACHABLE", "CHANGING>ROLLING_BACK",
      "VERIFYING>CHANGED", "VERIFYING>FAILED", "VERIFYING>UNREACHABLE",
      "VERIFYING>ROLLING_BACK",
      "CHANGED>FAILED", "CHANGED>UNREACHABLE", "CHANGED>ROLLING_BACK",
      "FAILED>ROLLING_BACK", "UNREACHABLE>ROLLING_BACK",
      "ROLLING_BACK>ROLLED_BACK", "ROLLING_BACK>ROLLBACK_FAILED", "ROLLING_BACK>CHANGING",
      "ROLLBACK_FAILED>ROLLING_BACK");

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (HostState from : HostState.values()) {
      for (HostState to : HostState.values()) {
        if (from != to) {
          out.add(Arguments.of(from, to));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void onlyLegalMovesPassAndEachIsJournaled(HostState from, HostState to) {
    MemoryJournal journal = journalIn(from);
    RunState state = new RunState(journal, List.of(), Clock.systemUTC(), List.of("h"), 0);
    boolean legal = LEGAL.contains(from + ">" + to);

    assertThat(from.canMoveTo(to)).isEqualTo(legal);
    if (legal) {
      state.transition("h", to, "test");
      assertThat(state.state("h")).isEqualTo(to);
      assertThat(journal.events().subList(2, journal.events().size())).singleElement()
          .isEqualTo(new Event.HostStateChanged(((Event.HostStateChanged) journal.events()
              .get(2)).at(), "h", from, to, "test"));
    } else {
      assertThatThrownBy(() -> state.transition("h", to, "test"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("illegal move");
      assertThat(journal.events()).hasSize(2);
      assertThat(state.state("h")).isEqualTo(from);
    }
  }

  /** A journal that holds {@code events} and refuses every new one, as a full disk does. */
  static final class RefusingJournal implements Journal {
    private final List<Event> events;

    RefusingJournal(List<Event> events) {
      this.events = List.copyOf(events);
    }

    @Override
    public void append(Event event) {
      throw new JournalFailure("disk full", null);
    }

    @Override
    public List<Event> events() {
      return events;
    }
  }

  /** The journal of a run whose one host {@code h} is in {@code from}. */
  static List<Event> eventsIn(HostState from) {
    return List.of(new Event.RunStarted(java.time.Instant.EPOCH, "r", "p", List.of("h"), 0,
        false), new Event.HostStateChanged(java.time.Instant.EPOCH, "h", HostState.PENDING, from,
        ""));
  }

  static MemoryJournal journalIn(HostState from) {
    MemoryJournal journal = new MemoryJournal();
    eventsIn(from).forEach(journal::append);
    return journal;
  }

  static RunState stateIn(Journal journal) {
    return new RunState(journal, List.of(), Clock.systemUTC(), List.of("h"), 0);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void aMoveTheJournalRefusesChangesNothingInMemory(HostState from, HostState to) {
    RunState state = stateIn(new RefusingJournal(eventsIn(from)));

    if (LEGAL.contains(from + ">" + to)) {
      assertThatThrownBy(() -> state.transition("h", to, "test"))
          .isInstanceOf(JournalFailure.class);
    } else {
      assertThatThrownBy(() -> state.transition("h", to, "test"))
          .isInstanceOf(IllegalStateException.class);
    }

    assertThat(state.state("h")).isEqualTo(from);
    assertThat(state.lastReason("h")).isEmpty();
  }

  @ParameterizedTest(name = "{0} fails")
  @org.junit.jupiter.params.provider.EnumSource(HostState.class)
  void aFailurePassesTheSameDoorAndCountsOnlyOnceJournaled(HostState from) {
    MemoryJournal journal = journalIn(from);
    RunState state = stateIn(journal);
    RunState refused = stateIn(new RefusingJournal(eventsIn(from)));
    boolean legal = LEGAL.contains(from + ">FAILED");

    if (legal) {
      state.fail("h", FailureClass.VERIFY_FAILED, "test");
      assertThat(state.state("h")).isEqualTo(HostState.FAILED);
      assertThat(state.failures()).isEqualTo(1);
      assertThat(journal.events().get(2)).isInstanceOf(Event.HostFailed.class);
      assertThatThrownBy(() -> refused.fail("h", FailureClass.VERIFY_FAILED, "test"))
          .isInstanceOf(JournalFailure.class);
    } else if (from != HostState.FAILED) {
      assertThatThrownBy(() -> state.fail("h", FailureClass.VERIFY_FAILED, "test"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("illegal move");
      assertThat(journal.events()).hasSize(2);
    }
    assertThat(refused.state("h")).isEqualTo(from);
    assertThat(refused.failures()).isZero();
  }

  @Test
  void aStopTheJournalRefusesLeavesTheRunNotStoppedInMemory() {
    RunState refused = stateIn(new RefusingJournal(eventsIn(HostState.CHANGED)));

    assertThatThrownBy(() -> refused.stop("more failures than allowed"))
        .isInstanceOf(JournalFailure.class);

    assertThat(refused.stopReason()).isNull();
  }

  @Test
  void aStopIsJournaledOnceAndListenersSeeItInMemory() {
    MemoryJournal journal = new MemoryJournal();
    List<String> seen = new ArrayList<>();
    RunState state = new RunState(journal, List.of((e, st) -> seen.add(st.stopReason())),
        Clock.systemUTC(), List.of("h"), 0);

    state.stop("first");
    state.stop("second");

    assertThat(journal.events()).extracting(e -> ((Event.RunStopping) e).reason())
        .containsExactly("first");
    assertThat(seen).containsExactly("first");
    assertThat(state.stopReason()).isEqualTo("first");
  }
}
