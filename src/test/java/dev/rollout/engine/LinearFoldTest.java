package dev.rollout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Folding a journal costs its events (issue 20): a synthetic journal of a finished 1,000-host run
 * with a 72-hour canary soak and a 72-hour watch (the shape bench/journalgen.py writes) is folded
 * with each event visited once. Counted, not timed.
 */
class LinearFoldTest {

  private Instant t = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void aThousandHostJournalIsFoldedVisitingEachEventOnce() {
    List<Event> small = journal(100);
    List<Event> large = journal(1_000);

    RunRecord r = RunRecord.fold(large);

    assertThat(r.visits()).isEqualTo(large.size() + 1_000L); // + RunStarted's targets
    assertThat(RunRecord.fold(small).visits()).isEqualTo(small.size() + 100L);
    assertThat(r.hosts()).hasSize(1_000).allSatisfy((h, s) -> assertThat(s)
        .isEqualTo(HostState.CHANGED));
    assertThat(r.outcome()).contains(Outcome.COMPLETED);
    assertThat(r.unhealthyProbes("h0042")).isEmpty();
  }

  private List<Event> journal(int n) {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      hosts.add(String.format("h%04d", i));
    }
    List<Event> out = new ArrayList<>();
    out.add(new Event.RunStarted(t, "run", "replay", hosts, 0, false));
    hosts.forEach(h -> out.add(new Event.PreflightChecked(t, h, true, "")));
    out.add(new Event.PreflightPassed(t, n));
    int[] cuts = {0, 1, Math.min(n, 101), Math.min(n, 501), n};
    for (int s = 0; s + 1 < cuts.length; s++) {
      String stage = s == 0 ? "canary" : "wave " + s;
      List<String> members = hosts.subList(cuts[s], cuts[s + 1]);
      out.add(new Event.StageStarted(t, stage, members));
      members.forEach(h -> change(out, h));
      if (s == 0) {
        soak(out, stage, 1);
      }
      out.add(new Event.StageCompleted(t, stage));
    }
    out.add(new Event.HealthChanged(t, "h0042", "site", false, "HTTP 503", 1, false));
    out.add(new Event.HealthChanged(t, "h0042", "site", true, "", 0, false));
    soak(out, "watch", n);
    out.add(new Event.RunEnded(t, Outcome.COMPLETED, n + " host(s) changed and healthy"));
    return out;
  }

  private void change(List<Event> out, String h) {
    out.add(new Event.HostStateChanged(t, h, HostState.PENDING, HostState.CHANGING, ""));
    for (int i = 1; i <= 3; i++) {
      out.add(new Event.StepStarted(t, h, "change", i, "step " + i, "ssh"));
      out.add(new Event.StepFinished(t, h, "change", i, "step " + i, 0, false,
          Duration.ofMillis(200), "", "", null));
    }
    out.add(new Event.HostStateChanged(t, h, HostState.CHANGING, HostState.VERIFYING, ""));
    out.add(new Event.StepStarted(t, h, "verify", 1, "verify", "ssh"));
    out.add(new Event.StepFinished(t, h, "verify", 1, "verify", 0, false, Duration.ofMillis(100),
        "", "", null));
    out.add(new Event.HostStateChanged(t, h, HostState.VERIFYING, HostState.CHANGED,
        "verified"));
  }

  /** 72 hours, probe totals every 5 minutes. */
  private void soak(List<Event> out, String stage, int monitored) {
    out.add(new Event.SoakStarted(t, stage, Duration.ofHours(72), t.plus(Duration.ofHours(72))));
    for (int i = 0; i < 72 * 12; i++) {
      t = t.plusSeconds(300);
      out.add(new Event.HealthCounted(t, monitored * 20L, 0, monitored));
    }
    out.add(new Event.SoakPassed(t, stage));
  }
}
