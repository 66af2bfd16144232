package dev.rollout.report;

import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal of a run whose canary fails in its soak and is rolled back, as the engine writes
 * it, with a hostile host name and step output: the first failure of the probe's streak at
 * {@link #FIRST_FAILURE}, declared unhealthy at {@link #DECLARED}.
 */
final class FailedCanaryJournal {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final Instant FIRST_FAILURE = T0.plusSeconds(20);
  static final Instant DECLARED = T0.plusSeconds(80);
  static final String HOSTILE = "<script>alert(1)</script>web";

  private FailedCanaryJournal() {}

  static List<Event> events() {
    List<Event> e = new ArrayList<>();
    e.add(new Event.RunStarted(T0, "r1", "p<b>", List.of("canary", HOSTILE), 0, false));
    e.add(new Event.PreflightPassed(at(1), 2));
    e.add(new Event.StageStarted(at(2), "canary", List.of("canary")));
    e.add(new Event.HostStateChanged(at(2), "canary", HostState.PENDING, HostState.CHANGING, ""));
    e.add(new Event.StepStarted(at(2), "canary", "change", 1, "write v2", "ssh"));
    e.add(new Event.StepFinished(at(3), "canary", "change", 1, "write v2", 1, false,
        Duration.ofMillis(40), "<script>alert(2)</script> see http://evil.example/x", "", null));
    e.add(new Event.HostStateChanged(at(3), "canary", HostState.CHANGING, HostState.VERIFYING,
        ""));
    e.add(new Event.HostStateChanged(at(4), "canary", HostState.VERIFYING, HostState.CHANGED,
        "verified"));
    e.add(new Event.ProbeResultChanged(at(5), "canary", "site", "healthy", "", 0, "HTTP 200",
        null));
    e.add(new Event.SoakStarted(at(5), "canary", Duration.ofMinutes(5), at(305)));
    e.add(new Event.MetricMeasured(at(6), "canary", "restarts", "q", 0.0, at(6), "< 1", "passed",
        "restarts 0 < 1: passed"));
    e.add(new Event.MetricMeasured(at(36), "canary", "restarts", "q", 3.0, at(36), "< 1",
        "failed", "restarts 3 < 1: failed"));
    e.add(new Event.ProbeResultChanged(FIRST_FAILURE, "canary", "site", "unhealthy", "healthy",
        1, "HTTP 503 from http://10.0.0.1/health <i>", null));
    e.add(new Event.HealthChanged(DECLARED, "canary", "site", false, "HTTP 503", 3, false));
    e.add(new Event.HostFailed(at(81), "canary", FailureClass.UNHEALTHY,
        "probe site: HTTP 503 <img src=http://evil.example/i.png>", 1));
    e.add(new Event.RunStopping(at(81), "a canary failed"));
    e.add(new Event.RollbackStarted(at(82), List.of("canary"), "the change failed"));
    e.add(new Event.HostStateChanged(at(82), "canary", HostState.FAILED, HostState.ROLLING_BACK,
        ""));
    e.add(new Event.StepStarted(at(82), "canary", "rollback", 1, "restore", "ssh"));
    e.add(new Event.StepFinished(at(83), "canary", "rollback", 1, "restore", 0, false,
        Duration.ofMillis(30), "", "", null));
    e.add(new Event.HostStateChanged(at(84), "canary", HostState.ROLLING_BACK,
        HostState.ROLLED_BACK, "rollback steps done, probes healthy"));
    e.add(new Event.RollbackFinished(at(85), List.of("canary"), List.of()));
    e.add(new Event.RunEnded(at(86), Outcome.ROLLED_BACK, "the change failed; rolled back: "
        + "canary"));
    return e;
  }

  /** The same run as journals were written before ProbeResultChanged. */
  static List<Event> old() {
    return events().stream().filter(e -> !(e instanceof Event.ProbeResultChanged)).toList();
  }

  /** The run's journal up to (not including) the first event of {@code type}. */
  static List<Event> until(Class<? extends Event> type) {
    List<Event> all = events();
    return all.subList(0, all.indexOf(all.stream().filter(type::isInstance).findFirst()
        .orElseThrow()));
  }

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }
}
