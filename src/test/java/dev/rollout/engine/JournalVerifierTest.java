package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.JournalVerifier.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event is checked against the run's targets and the host transition table. */
class JournalVerifierTest {

  static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  static final Event STARTED = new Event.RunStarted(AT, "run-1", "p", List.of("h1", "h2"), 1,
      false);

  static JournalVerifier.Verdict verify(Event... events) {
    return JournalVerifier.verify(List.of(events), LongStream.rangeClosed(1, events.length)
        .boxed().toList());
  }

  static Event move(String host, HostState from, HostState to) {
    return new Event.HostStateChanged(AT, host, from, to, "");
  }

  @Test
  void acceptsAJournalThatKeepsToTheRules() {
    Event[] run = {STARTED, new Event.StageStarted(AT, "canary", List.of("h1")),
        move("h1", HostState.PENDING, HostState.CHANGING),
        new Event.StepStarted(AT, "h1", "change", 1, "x", "ssh"),
        new Event.StepFinished(AT, "h1", "change", 1, "x", 0, false, Duration.ZERO, "", "", null),
        move("h1", HostState.CHANGING, HostState.VERIFYING),
        new Event.HostFailed(AT, "h1", FailureClass.VERIFY_FAILED, "verify", 1),
        new Event.RollbackStarted(AT, List.of("h1"), "failed"),
        move("h1", HostState.FAILED, HostState.ROLLING_BACK),
        move("h1", HostState.ROLLING_BACK, HostState.ROLLED_BACK),
        new Event.RollbackFinished(AT, List.of("h1"), List.of()),
        new Event.RunEnded(AT, Outcome.ROLLED_BACK, "rolled back")};

    JournalVerifier.Verdict v = verify(run);

    assertThat(v.findings()).isEmpty();
    assertThat(v.accepted()).containsExactly(run);
  }

  @Test
  void aForgedRollbackFinishedIsFoundAndLeftOut() {
    Event changed = move("h1", HostState.VERIFYING, HostState.CHANGED);
    Event forgedAlone = new Event.RollbackFinished(AT, List.of("h1"), List.of());
    Event started = new Event.RollbackStarted(AT, List.of("h1"), "aborted");
    Event halfWay = move("h1", HostState.CHANGED, HostState.ROLLING_BACK);

    JournalVerifier.Verdict alone = verify(STARTED, move("h1", HostState.PENDING,
        HostState.CHANGING), move("h1", HostState.CHANGING, HostState.VERIFYING), changed,
        forgedAlone);
    JournalVerifier.Verdict midway = verify(STARTED, move("h1", HostState.PENDING,
        HostState.CHANGING), move("h1", HostState.CHANGING, HostState.VERIFYING), changed,
        started, halfWay, new Event.RollbackFinished(AT, List.of("h1"), List.of()));

    assertThat(alone.findings()).containsExactly(new Finding(5, "RollbackFinished names h1, on "
        + "which no rollback had started"));
    assertThat(midway.findings()).containsExactly(new Finding(7, "RollbackFinished calls h1 "
        + "rolled back, but it was rolling back"));
  }

  @Test
  void aForgedRollbackOfAChangedHostIsFoundAndLeftOut() {
    Event forged = move("h1", HostState.PENDING, HostState.ROLLED_BACK);

    JournalVerifier.Verdict v = verify(STARTED, move("h1", HostState.PENDING,
        HostState.CHANGING), move("h1", HostState.CHANGING, HostState.VERIFYING),
        move("h1", HostState.VERIFYING, HostState.CHANGED), forged);

    assertThat(v.findings()).containsExactly(new Finding(5,
        "h1 moves pending -> rolled back, but it was changed"));
    assertThat(v.accepted()).doesNotContain(forged);
    assertThat(RunRecord.fold(v.accepted()).hosts().get("h1")).isEqualTo(HostState.CHANGED);
  }

  @Test
  void anEventForAHostThatIsNotATargetIsFound() {
    assertThat(verify(STARTED, new Event.StepStarted(AT, "h9", "change", 1, "x", "ssh"))
        .findings()).containsExactly(new Finding(2,
            "StepStarted names h9, which is not a target of this run"));
    assertThat(verify(STARTED, new Event.RollbackFinished(AT, List.of("h1"), List.of("h9")))
        .findings()).extracting(Finding::what).containsExactly(
            "RollbackFinished names h9, which is not a target of this run");
  }

  @Test
  void showsAForgedHostNameWithItsControlCharactersMadeVisible() {
    assertThat(verify(STARTED, new Event.ConsoleUsed(AT, "h\u001b[2J\u0007", "c", "x"))
        .findings()).extracting(Finding::what).containsExactly(
            "ConsoleUsed names h\\x1b[2J\\x07, which is not a target of this run");
  }

  @Test
  void aJournalMustBeginWithItsOneRunStarted() {
    assertThat(verify(new Event.PreflightPassed(AT, 2), STARTED).findings()).containsExactly(
        new Finding(1, "PreflightPassed before RunStarted: the journal does not begin with the "
            + "run's start"));
    assertThat(verify(new Event.LocksForced(AT, "other", List.of("h1"), "me"), STARTED)
        .findings()).as("a forced unlock is journaled before the run starts").isEmpty();
    assertThat(verify(STARTED, STARTED).findings()).containsExactly(new Finding(2,
        "a second RunStarted: the run had started already"));
  }

  @Test
  void failuresCountUpOneAtATime() {
    assertThat(verify(STARTED, new Event.HostFailed(AT, "h1", FailureClass.UNREACHABLE, "x", 0))
        .findings()).extracting(Finding::what).containsExactly(
            "HostFailed counts 0 failure(s) where 1 were due");
    assertThat(verify(STARTED, new Event.HostFailed(AT, "h1", FailureClass.UNREACHABLE, "x", 1),
        new Event.HostFailed(AT, "h1", FailureClass.VERIFY_FAILED, "x", 2)).findings())
        .extracting(Finding::what).containsExactly("h1 cannot fail while unreachable");
  }

  @Test
  void anEventLackingAFieldIsFound() {
    assertThat(verify(STARTED, new Event.HostStateChanged(AT, "h1", null, HostState.CHANGING,
        "")).findings()).extracting(Finding::what).containsExactly(
            "HostStateChanged lacks a field every such event has");
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (HostState from : HostState.values()) {
      for (HostState to : HostState.values()) {
        pairs.add(Arguments.of(from, to));
      }
    }
    return pairs.stream();
  }

  /** Walks every pair: the verifier allows exactly the moves of the transition table. */
  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void acceptsAMoveExactlyWhenTheTableAllowsIt(HostState from, HostState to) {
    List<Event> events = new ArrayList<>(List.of(STARTED));
    events.addAll(pathTo(from));
    events.add(move("h1", from, to));

    JournalVerifier.Verdict v = JournalVerifier.verify(events, LongStream.rangeClosed(1,
        events.size()).boxed().toList());

    assertThat(v.findings().isEmpty()).as(from + " -> " + to).isEqualTo(from.canMoveTo(to));
  }

  /** Legal moves that take h1 from pending to {@code state}. */
  private static List<Event> pathTo(HostState state) {
    HostState[] path = switch (state) {
      case PENDING -> new HostState[] {HostState.PENDING};
      case CHANGING, FAILED, UNREACHABLE -> new HostState[] {HostState.PENDING, state};
      case VERIFYING -> new HostState[] {HostState.PENDING, HostState.CHANGING, state};
      case CHANGED -> new HostState[] {HostState.PENDING, HostState.CHANGING,
          HostState.VERIFYING, state};
      case ROLLING_BACK -> new HostState[] {HostState.PENDING, HostState.CHANGING, state};
      case ROLLED_BACK, ROLLBACK_FAILED -> new HostState[] {HostState.PENDING,
          HostState.CHANGING, HostState.ROLLING_BACK, state};
    };
    List<Event> out = new ArrayList<>();
    for (int i = 1; i < path.length; i++) {
      out.add(move("h1", path[i - 1], path[i]));
    }
    return out;
  }
}
