package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link JournalText} writes a journal, on hand-written events. */
class JournalTextTest {

  static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

  static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void writesEveryFieldWithTimesFromTheFirstEventAndLeavesOutWhatIsEmpty() {
    List<Event> events = List.of(
        new Event.RunStarted(T0, "r1", "p", List.of("a", "b"), 1, true),
        new Event.SoakStarted(at(90_000), "wave 1", Duration.ofSeconds(30), at(120_000)),
        new Event.StepFinished(at(90_250).plusNanos(7), "a", "change", 2, "write v2", 1, false,
            Duration.ofMillis(1500), "", "no space", null),
        new Event.RollbackFinished(at(91_000), List.of("a"), List.of()));

    assertThat(JournalText.of(events)).isEqualTo("""
        0s       RunStarted runId=r1 plan=p targets=[a, b] allowedFailures=1 gateAfterCanary
        1m30s    SoakStarted stage='wave 1' duration=30s until=+2m
        1m30s250ms7ns StepFinished a phase=change number=2 name='write v2' exitCode=1 \
        duration=1s500ms stderr='no space'
        1m31s    RollbackFinished rolledBack=[a]
        """);
  }

  @Test
  void showsHostsOfTheSameInstantInNameOrderButMovesNothingAcrossARunEventOrATime() {
    List<Event> events = List.of(
        new Event.HostStateChanged(T0, "b", HostState.PENDING, HostState.CHANGING, ""),
        new Event.HostStateChanged(T0, "a", HostState.PENDING, HostState.CHANGING, ""),
        new Event.HostStateChanged(T0, "b", HostState.CHANGING, HostState.VERIFYING, ""),
        new Event.RunStopping(T0, "why"),
        new Event.HostStateChanged(T0, "b", HostState.VERIFYING, HostState.CHANGED, ""),
        new Event.HostStateChanged(at(1), "a", HostState.CHANGING, HostState.FAILED, ""),
        new Event.HostStateChanged(at(1), "a", HostState.FAILED, HostState.ROLLING_BACK, ""));

    assertThat(JournalText.of(events)).isEqualTo("""
        0s       HostStateChanged a from=PENDING to=CHANGING
        0s       HostStateChanged b from=PENDING to=CHANGING
        0s       HostStateChanged b from=CHANGING to=VERIFYING
        0s       RunStopping reason=why
        0s       HostStateChanged b from=VERIFYING to=CHANGED
        1ms      HostStateChanged a from=CHANGING to=FAILED
        1ms      HostStateChanged a from=FAILED to=ROLLING_BACK
        """);
  }
}
