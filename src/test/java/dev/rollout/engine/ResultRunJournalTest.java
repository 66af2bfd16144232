package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.probe.Measurement;
import dev.rollout.probe.ProbeResult;
import dev.rollout.probe.ResultChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A probe's change of results, as the run journals it: masked, with the run it ended. */
class ResultRunJournalTest {

  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  final MemoryJournal journal = new MemoryJournal();
  final HealthWatch watch = new HealthWatch(new RunState(journal, List.of(),
      Clock.fixed(T, ZoneOffset.UTC), List.of("web-1"), 0), new Masker(Set.of("s3cr3t")));

  @Test
  void journalsTheFirstFailureOfAStreakWithItsReasonMasked() {
    watch.resultChanged(new ResultChange("web-1", new ProbeResult("site",
        ProbeResult.Outcome.UNHEALTHY, "HTTP 503 from http://a/?token=s3cr3t", "", T,
        Duration.ZERO), ProbeResult.Outcome.HEALTHY, 2_880));

    assertThat(journal.events()).singleElement().isEqualTo(new Event.ProbeResultChanged(T,
        "web-1", "site", "unhealthy", "healthy", 2_880, "HTTP 503 from http://a/?token=****",
        null));
    assertThat(((Event.ProbeResultChanged) journal.events().get(0)).firstFailure()).isTrue();
  }

  @Test
  void journalsAMetricsValueWithAFirstCheck() {
    watch.resultChanged(new ResultChange("web-1", new ProbeResult("restarts",
        ProbeResult.Outcome.INCONCLUSIVE, "restarts 2 between 1 and 3", "", T, Duration.ZERO,
        new Measurement("q", 2.0, T, "inconclusive", "< 1")), null, 0));

    Event.ProbeResultChanged e = (Event.ProbeResultChanged) journal.events().get(0);
    assertThat(e.previous()).isEmpty();
    assertThat(e.value()).isEqualTo(2.0);
    assertThat(e.firstFailure()).isTrue();
    assertThat(e.describe()).isEqualTo("web-1: probe \"restarts\" first failure (inconclusive) "
        + "(first check): restarts 2 between 1 and 3");
  }
}
