package dev.rollout.engine;

import dev.rollout.engine.Event.HealthChanged;
import dev.rollout.engine.Event.ProbeResultChanged;
import dev.rollout.probe.Health;
import dev.rollout.probe.HealthChange;
import dev.rollout.probe.HealthListener;
import dev.rollout.probe.HealthSnapshot;
import dev.rollout.probe.ProbeResult;
import dev.rollout.probe.ResultChange;

/**
 * Journals probe health changes as observations ({@link HealthChanged}), on the probe's thread.
 * It decides nothing: the run's decision ({@link Decision#next}) reads the observations from the
 * record and fails a changed host that became unhealthy; the journal's append wakes the loop.
 */
final class HealthWatch implements HealthListener {

  private final RunState state;
  private final Masker masker;
  private volatile java.util.function.Function<String, HealthSnapshot> snapshots = h -> null;
  private volatile java.util.function.Predicate<String> reachable = h -> true;

  HealthWatch(RunState state, Masker masker) {
    this.state = state;
    this.masker = masker;
  }

  /** Where to read a host's latest probe results, to tell unreachable from unhealthy. */
  void readFrom(java.util.function.Function<String, HealthSnapshot> snapshots,
      java.util.function.Predicate<String> reachable) {
    this.snapshots = snapshots;
    this.reachable = reachable;
  }

  @Override
  public void healthChanged(HealthChange c) {
    try {
      record(c);
    } catch (JournalFailure | ControllerLeaving f) {
      // the run is stopping on its own thread; nothing more can be recorded here
    }
  }

  @Override
  public void resultChanged(ResultChange c) {
    ProbeResult r = c.result();
    Double value = r.measurement() == null ? null : r.measurement().value();
    try {
      state.record(new ProbeResultChanged(r.checkedAt(), c.host(), r.probe(),
          ResultChange.word(r.outcome()), ResultChange.word(c.previous()), c.previousChecks(),
          masker.mask(r.reason()), value));
    } catch (JournalFailure | ControllerLeaving f) {
      // the run is stopping on its own thread; nothing more can be recorded here
    }
  }

  private void record(HealthChange c) {
    String reason = masker.mask(c.reason());
    boolean unhealthy = c.health() == Health.UNHEALTHY;
    // The reachability check blocks on SSH: never under the lock that every host needs, and only
    // where the observation can fail a host.
    boolean unreachable = unhealthy && !c.inconclusive()
        && state.state(c.host()) == HostState.CHANGED
        && (c.unreachable() || lastCheckUnreachable(c.host()) || !reachable.test(c.host()));
    state.record(new HealthChanged(c.at(), c.host(), c.probe(), !unhealthy, reason,
        c.consecutiveFailures(), unreachable, c.inconclusive()));
  }

  /**
   * True when any probe's latest check could not reach the host (it IS unreachable). The
   * {@code reachable} test settles it when an HTTP or TCP probe crossed the line first.
   */
  private boolean lastCheckUnreachable(String host) {
    HealthSnapshot s = snapshots.apply(host);
    return s != null && s.probes().values().stream()
        .anyMatch(p -> p.lastResult().map(ProbeResult::unreachable).orElse(false));
  }
}
