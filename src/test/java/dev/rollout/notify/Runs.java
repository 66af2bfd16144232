package dev.rollout.notify;

import dev.rollout.engine.Event;
import dev.rollout.engine.Event.HostStateChanged;
import dev.rollout.engine.Event.StepFinished;
import dev.rollout.engine.Event.StepStarted;
import dev.rollout.engine.HostState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Synthetic event sequences, in the order the engine records them. */
final class Runs {

  static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
  static final List<String> TARGETS = List.of("off-net", "robotoff-net", "mongo-dev", "monitoring");

  private Runs() {}

  static Event.RunStarted started() {
    return new Event.RunStarted(AT, "20261125-1", "docker-storage-driver", TARGETS, 0, false);
  }

  /** Preflight passing on every target. */
  static List<Event> preflight() {
    return TARGETS.stream().<Event>map(h -> new Event.PreflightChecked(AT, h, true, "")).toList();
  }

  /** A host changed and verified, with its steps: the events no person needs to hear of. */
  static List<Event> change(String host) {
    List<Event> out = new ArrayList<>();
    out.add(moved(host, HostState.PENDING, HostState.CHANGING));
    out.add(new StepStarted(AT, host, "change", 1, "switch driver", "ssh"));
    out.add(new StepFinished(AT, host, "change", 1, "switch driver", 0, false,
        Duration.ofMillis(40), "", "", null));
    out.add(moved(host, HostState.CHANGING, HostState.VERIFYING));
    out.add(moved(host, HostState.VERIFYING, HostState.CHANGED));
    return out;
  }

  /** A soak under probes, with a probe that flaps but recovers: no notification. */
  static List<Event> soak(String stage, String host) {
    return List.of(new Event.SoakStarted(AT, stage, Duration.ofHours(72), AT.plusSeconds(60)),
        new Event.HealthChanged(AT, host, "site answers", false, "HTTP 502"),
        new Event.HealthChanged(AT, host, "site answers", true, ""),
        new Event.SoakPassed(AT, stage));
  }

  static HostStateChanged moved(String host, HostState from, HostState to) {
    return new HostStateChanged(AT, host, from, to, "");
  }
}
