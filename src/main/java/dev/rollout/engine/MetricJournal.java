package dev.rollout.engine;

import dev.rollout.engine.Event.MetricMeasured;
import dev.rollout.probe.HealthChange;
import dev.rollout.probe.HealthListener;
import dev.rollout.probe.Measurement;
import dev.rollout.probe.ProbeResult;

/**
 * Journals every measurement of a metric probe (query, value, time, verdict) and hands health
 * changes on to the {@link HealthWatch}. The one seam between metric probes and the engine's
 * health handling: measurements never reach the watch.
 */
final class MetricJournal implements HealthListener {

  private final HealthListener next;
  private final RunState state;
  private final Masker masker;

  MetricJournal(HealthListener next, RunState state, Masker masker) {
    this.next = next;
    this.state = state;
    this.masker = masker;
  }

  @Override
  public void healthChanged(HealthChange change) {
    next.healthChanged(change);
  }

  @Override
  public void resultChanged(dev.rollout.probe.ResultChange change) {
    next.resultChanged(change);
  }

  @Override
  public void measured(String host, ProbeResult r) {
    Measurement m = r.measurement();
    try {
      state.record(new MetricMeasured(r.checkedAt(), host, r.probe(), masker.mask(m.query()),
          m.value(), m.at(), m.condition(), m.verdict(), masker.mask(r.reason())));
    } catch (JournalFailure | ControllerLeaving f) {
      // the run is stopping on its own thread; nothing more can be recorded here
    }
  }
}
