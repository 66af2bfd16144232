package dev.rollout.engine;

import dev.rollout.engine.Event.HealthChanged;
import dev.rollout.probe.Health;
import dev.rollout.probe.HealthChange;
import dev.rollout.probe.HealthListener;

/**
 * Turns probe health changes into events, and a changed host that became unhealthy (after {@code
 * unhealthyAfter} failures in a row) into a failed host.
 */
final class HealthWatch implements HealthListener {

  private final RunState state;
  private final Masker masker;

  HealthWatch(RunState state, Masker masker) {
    this.state = state;
    this.masker = masker;
  }

  @Override
  public void healthChanged(HealthChange c) {
    String reason = masker.mask(c.reason());
    synchronized (state) {
      state.record(new HealthChanged(c.at(), c.host(), c.probe(), c.health() == Health.HEALTHY,
          reason));
      if (c.hostHealth() == Health.UNHEALTHY && state.state(c.host()) == HostState.CHANGED) {
        FailureClass cls = c.unreachable() ? FailureClass.UNREACHABLE : FailureClass.UNHEALTHY;
        state.fail(c.host(), cls, "probe \"" + c.probe() + "\" failed "
            + c.consecutiveFailures() + " time(s) in a row: " + reason);
      }
    }
  }
}
