package dev.rollout.cli;

import dev.rollout.engine.Event;
import dev.rollout.engine.Phase;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.HostLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The document {@code rollout status --output json} prints ({@code schemaVersion} 1), also the
 * source of the text view.
 *
 * @param state running, paused, interrupted (no controller drives it) or ended
 * @param phase the run's {@link Phase} in words: preflight, progressing, stopping, paused at
 *     gate, paused on failure, aborting, completed, rolled back, ended before any change, needs
 *     attention
 * @param soakLeftSeconds for a run in a soak, the seconds left; else null
 * @param driver {@code pid@machine} of the controller driving it now, or null
 */
record RunStatus(int schemaVersion, String runId, String plan, String state, String phase,
    String stage,
    String outcome, String summary, Instant startedAt, Instant lastEventAt, Long soakLeftSeconds,
    int failures, int allowedFailures, String driver, boolean journalTornTail,
    List<HostStatus> hosts, List<EventLine> lastEvents) {

  /** One host: its state, the reason of its last change, its unhealthy probes. */
  record HostStatus(String name, String state, String reason, Map<String, String> unhealthy) {}

  /** An event as the operator reads it. */
  record EventLine(Instant at, String type, String text) {}

  static RunStatus of(RunRecord r, Optional<HostLocks.Lock> driver, boolean torn) {
    Phase phase = r.phase();
    String state = phase.terminal() ? "ended" : phase.paused() ? "paused"
        : driver.isPresent() ? "running" : "interrupted";
    Long soakLeft = !phase.terminal() && !phase.paused() ? r.soakUntil(r.stageLabel())
        .map(u -> Math.max(0, Duration.between(Instant.now(), u).toSeconds())).orElse(null)
        : null;
    List<HostStatus> hosts = new ArrayList<>();
    r.hosts().forEach((h, s) -> hosts.add(new HostStatus(h, s.words(), r.hostReason(h),
        r.unhealthyProbes(h))));
    List<Event> ev = r.events();
    List<EventLine> last = ev.subList(Math.max(0, ev.size() - 10), ev.size()).stream()
        .map(e -> new EventLine(e.at(), e.getClass().getSimpleName(), e.describe())).toList();
    return new RunStatus(1, r.runId(), r.plan(), state, phase.words(), r.stage(),
        r.outcome().map(o -> o.name().toLowerCase()).orElse(null), r.summary(),
        r.started().orElse(null), r.lastAt().orElse(null), soakLeft, r.failures(),
        r.allowedFailures(), driver.map(HostLocks.Lock::owner).orElse(null), torn, hosts, last);
  }
}
