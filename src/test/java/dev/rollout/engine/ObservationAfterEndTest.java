package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A probe's check can be in flight when the run ends. What it finds after the end is dropped, so
 * a journal always ends with its {@code RunEnded} (found by CrashResumeIT under load: a probe's
 * first result was journaled after the end).
 */
class ObservationAfterEndTest {

  static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void aProbeResultArrivingAfterTheRunEndedIsNotJournaled() {
    MemoryJournal journal = new MemoryJournal();
    RunState state = new RunState(journal, List.of(), Clock.systemUTC(), List.of("h1"), 0);
    state.record(new Event.ProbeResultChanged(T, "h1", "site", "healthy", "", 0, "HTTP 200",
        null));
    state.record(new Event.RunEnded(T, Outcome.COMPLETED, "1 host(s) changed and healthy"));

    state.record(new Event.ProbeResultChanged(T, "h1", "site", "unhealthy", "healthy", 4,
        "HTTP 503", null));
    state.record(new Event.HealthChanged(T, "h1", "site", false, "HTTP 503", 1, false, false));
    state.record(new Event.NotificationFailed(T, "webhook", "connection refused by 127.0.0.1:9"));

    assertThat(journal.events()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "ProbeResultChanged", "RunEnded", "NotificationFailed");
  }
}
