package dev.rollout.engine;

import dev.rollout.plan.AnalysisSpec;
import dev.rollout.plan.ProbeSpec;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.HealthMonitor;
import java.util.List;

/**
 * Measures the control hosts of {@code strategy.analysis} while a stage soaks: only the
 * analysis' metric probes, on a monitor of their own whose measurements are journaled ({@link
 * MetricJournal}) and whose health is never judged, so a control is never failed, and its
 * standing there never mixes with its own probes' once it is changed in a later wave.
 */
final class ControlProbes implements AutoCloseable {

  /** A soak, run while the controls are measured. */
  @FunctionalInterface
  interface Soaking {
    boolean run() throws InterruptedException;
  }

  private final HealthMonitor monitor;

  ControlProbes(HealthMonitor monitor, ResolvedPlan rp, ProbeFactory probes, RunContext ctx) {
    this.monitor = monitor;
    AnalysisSpec a = rp.plan().strategy().analysis();
    if (a == null) {
      return;
    }
    List<ProbeSpec> metrics = rp.plan().health().probes().stream()
        .filter(p -> a.metrics().contains(p.name())).toList();
    for (var h : rp.targets()) {
      monitor.add(h.name(), probes.probes(metrics, ctx.values(h.name()),
          ctx.fleet().shell(h.name())));
    }
  }

  /** Runs {@code soak} while {@code controls} are measured; stops measuring them however it ends. */
  boolean during(List<String> controls, Soaking soak) throws InterruptedException {
    try {
      controls.forEach(monitor::start);
      return soak.run();
    } finally {
      controls.forEach(monitor::stop);
    }
  }

  @Override
  public void close() {
    monitor.close();
  }
}
