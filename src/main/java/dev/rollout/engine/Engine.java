package dev.rollout.engine;

import dev.rollout.engine.Event.RunEnded;
import dev.rollout.engine.Event.RunStarted;
import dev.rollout.engine.Event.SoakPassed;
import dev.rollout.engine.Event.SoakStarted;
import dev.rollout.engine.Event.StageStarted;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Strategy;
import dev.rollout.plan.Strategy.OnFailure;
import dev.rollout.plan.Wave;
import dev.rollout.probe.HealthMonitor;
import dev.rollout.probe.HealthPolicy;
import dev.rollout.probe.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a plan: preflight on every target, the canary (its rollback rehearsed when asked), its
 * soak, each wave with its soak, the watch, and the rollback when failures exceed {@code
 * maxFailures}. Every changed host stays under probes until the run ends.
 */
public final class Engine {

  /**
   * How the engine meets time and threads; tests give a fake clock and a sleeper that moves it.
   *
   * @param clock the time
   * @param sleeper all waiting goes through it
   * @param scheduler runs the probes
   * @param baselinePause pause between tries of a failing probe in a baseline
   */
  public record Settings(Clock clock, Sleeper sleeper, ScheduledExecutorService scheduler,
      Duration baselinePause) {}

  private final RunContext ctx;
  private final Strategy strategy;
  private final HostChange change;
  private final Rollback rollback;

  public Engine(String runId, ResolvedPlan rp, Fleet fleet, Journal journal,
      List<RunListener> listeners, Settings s) {
    this.strategy = rp.plan().strategy();
    List<String> targets = rp.targets().stream().map(h -> h.name()).toList();
    RunState state = new RunState(journal, listeners, s.clock(), targets,
        strategy.maxFailures().of(targets.size()));
    Masker masker = Masker.of(rp);
    HealthPolicy policy = new HealthPolicy(rp.plan().health().interval(),
        rp.plan().health().unhealthyAfter(), s.baselinePause());
    HealthWatch watch = new HealthWatch(state, masker);
    HealthMonitor monitor = new HealthMonitor(policy, s.scheduler(), s.sleeper(), s.clock(), watch);
    watch.readFrom(monitor::health);
    this.ctx = new RunContext(runId, rp, fleet, state, new StepRunner(state, masker, s.clock()),
        monitor, masker, s.clock(), s.sleeper(), RunContext.valuesOf(rp, runId));
    ProbeFactory probes = new ProbeFactory(s.clock());
    for (String h : targets) {
      monitor.add(h, probes.probes(rp.plan().health().probes(), ctx.values(h), fleet.shell(h)));
    }
    this.change = new HostChange(ctx);
    this.rollback = new Rollback(ctx);
  }

  public RunState state() {
    return ctx.state();
  }

  /** Runs the plan to its end and says how it ended. */
  public Outcome run() {
    RunState st = ctx.state();
    List<String> targets = ctx.plan().targets().stream().map(h -> h.name()).toList();
    st.record(new RunStarted(now(), ctx.runId(), ctx.plan().plan().name(), targets,
        strategy.maxFailures().of(targets.size())));
    try {
      if (!new Preflight(ctx).run(targets)) {
        return end(Outcome.PREFLIGHT_REFUSED, "preflight refused the run; nothing was changed");
      }
      for (Wave w : ctx.plan().waves()) {
        if (!stage(w)) {
          break;
        }
      }
      if (!st.stopping()) {
        soak("watch", strategy.watch());
      }
      return finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return end(Outcome.INTERRUPTED, "interrupted; the journal says where the run stood");
    } finally {
      ctx.monitor().close();
    }
  }

  /** Changes one stage's hosts and soaks; false when the run is stopping. */
  private boolean stage(Wave w) throws InterruptedException {
    RunState st = ctx.state();
    if (st.stopping()) {
      return false;
    }
    st.record(new StageStarted(now(), w.label(), w.hosts()));
    RunContext.forEach(w.hosts(), strategy.maxParallel(),
        h -> change.apply(h, w.canary() && strategy.rehearseRollback()));
    rollBackTolerated();
    Duration soak = w.canary() ? strategy.soak() : strategy.waveSoak();
    return !st.stopping() && soak(w.label(), soak);
  }

  /**
   * Waits {@code d} while the probes watch every changed host; false when the run started
   * stopping meanwhile.
   */
  private boolean soak(String stage, Duration d) throws InterruptedException {
    RunState st = ctx.state();
    if (d.isZero()) {
      return !st.stopping();
    }
    Instant until = now().plus(d);
    st.record(new SoakStarted(now(), stage, d, until));
    Duration tick = tick();
    while (!st.stopping()) {
      rollBackTolerated();
      Duration left = Duration.between(now(), until);
      if (left.isNegative() || left.isZero()) {
        st.record(new SoakPassed(now(), stage));
        return true;
      }
      ctx.sleeper().sleep(left.compareTo(tick) < 0 ? left : tick);
    }
    return false;
  }

  private Duration tick() {
    Duration half = ctx.plan().plan().health().interval().dividedBy(2);
    Duration max = Duration.ofMillis(500);
    return half.compareTo(max) > 0 ? max : half.isZero() ? Duration.ofMillis(10) : half;
  }

  /** Failed hosts within maxFailures are rolled back right away when onFailure is rollback. */
  private void rollBackTolerated() throws InterruptedException {
    if (strategy.onFailure() != OnFailure.ROLLBACK || ctx.state().stopping()) {
      return;
    }
    List<String> failed = ctx.state().in(HostState.FAILED, HostState.UNREACHABLE);
    rollback.run(failed, "failure within maxFailures", strategy.maxParallel());
  }

  private Outcome finish() throws InterruptedException {
    RunState st = ctx.state();
    if (!st.stopping()) {
      List<String> bad = st.in(HostState.ROLLBACK_FAILED);
      return bad.isEmpty()
          ? end(Outcome.COMPLETED, summary())
          : end(Outcome.NEEDS_ATTENTION, "rollback failed on " + String.join(", ", bad));
    }
    if (strategy.onFailure() != OnFailure.ROLLBACK) {
      String what = strategy.onFailure() == OnFailure.PAUSE ? "paused" : "halted";
      return end(Outcome.NEEDS_ATTENTION, what + " on failure (" + st.stopReason()
          + "); hosts left as they are: " + describeHosts());
    }
    List<String> scope = strategy.rollbackScope() == Strategy.RollbackScope.CHANGED
        ? st.in(HostState.CHANGED, HostState.FAILED, HostState.UNREACHABLE)
        : st.in(HostState.FAILED, HostState.UNREACHABLE);
    boolean ok = rollback.run(scope, st.stopReason(), Math.max(strategy.maxParallel(), 4));
    ok &= st.in(HostState.ROLLBACK_FAILED).isEmpty();
    return ok
        ? end(Outcome.ROLLED_BACK, "the change failed (" + st.stopReason() + "); rolled back: "
            + String.join(", ", scope))
        : end(Outcome.NEEDS_ATTENTION, "rollback failed on "
            + String.join(", ", st.in(HostState.ROLLBACK_FAILED)) + "; see the journal");
  }

  private String summary() {
    RunState st = ctx.state();
    List<String> parts = new ArrayList<>();
    parts.add(st.in(HostState.CHANGED).size() + " host(s) changed and healthy");
    List<String> rolled = st.in(HostState.ROLLED_BACK);
    if (!rolled.isEmpty()) {
      parts.add("failed within maxFailures and rolled back: " + String.join(", ", rolled));
    }
    return String.join("; ", parts);
  }

  private String describeHosts() {
    List<String> out = new ArrayList<>();
    ctx.state().hosts().forEach((h, s) -> out.add(h + "=" + s.words()));
    return String.join(", ", out);
  }

  private Outcome end(Outcome o, String summary) {
    ctx.state().record(new RunEnded(now(), o, summary));
    return o;
  }

  private Instant now() {
    return ctx.clock().instant();
  }
}
