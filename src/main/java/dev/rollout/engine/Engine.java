package dev.rollout.engine;

import dev.rollout.engine.Event.RunEnded;
import dev.rollout.engine.Event.StageCompleted;
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
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Drives a run: preflight on every target, the canary (its rollback rehearsed when asked), its
 * soak, the gate after it, each wave with its soak, the watch, and the rollback when failures
 * exceed {@code maxFailures}. Every changed host stays under probes until the run ends. A run
 * taken up again from its journal ({@link #resume}, {@link #promote}, {@link #abort}) goes on from
 * where the journal says it stood.
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

  private boolean allowUnprovenRollback;

  /** Lets preflight go on where only the way back is not proven; each such host is journaled. */
  public Engine allowUnprovenRollback(boolean allow) {
    this.allowUnprovenRollback = allow;
    return this;
  }

  /**
   * Preflight alone, for {@code rollout plan --check}: connects, runs the preflight steps and the
   * rollback checks, probes; changes nothing. COMPLETED when every target passed.
   */
  public Outcome check() {
    try {
      return new Preflight(ctx, false).run(targetNames()) ? Outcome.COMPLETED
          : Outcome.PREFLIGHT_REFUSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.INTERRUPTED;
    } finally {
      ctx.monitor().close();
      ctx.hostThreads().shutdownNow();
    }
  }

  private List<String> targetNames() {
    return ctx.plan().targets().stream().map(h -> h.name()).toList();
  }

  private final RunContext ctx;
  private final Strategy strategy;
  private final HostChange change;
  private final Rollback rollback;
  private final Soak soak;
  private final RunRecord record;

  /**
   * @param record the run as its journal has it, or null for a new run
   */
  public Engine(String runId, ResolvedPlan rp, Fleet fleet, Journal journal,
      List<RunListener> listeners, Settings s, RunRecord record) {
    this.strategy = rp.plan().strategy();
    this.record = record == null ? RunRecord.fold(List.of()) : record;
    List<String> targets = rp.targets().stream().map(h -> h.name()).toList();
    RunState state = new RunState(journal, listeners, s.clock(), targets,
        strategy.maxFailures().of(targets.size()));
    state.restore(this.record);
    state.canaries(rp.waves().stream().filter(Wave::canary).flatMap(w -> w.hosts().stream())
        .toList());
    Masker masker = Masker.of(rp);
    HealthPolicy policy = new HealthPolicy(rp.plan().health().interval(),
        rp.plan().health().unhealthyAfter(), s.baselinePause());
    HealthWatch watch = new HealthWatch(state, masker);
    HealthMonitor monitor = new HealthMonitor(policy, s.scheduler(), s.sleeper(), s.clock(), watch);
    watch.readFrom(monitor::health, h -> reachable(fleet, h));
    this.ctx = new RunContext(runId, rp, fleet, state, new StepRunner(state, masker, s.clock(), fleet),
        monitor, masker, s.clock(), s.sleeper(), RunContext.valuesOf(rp, runId),
        RunContext.newHostThreads());
    ProbeFactory probes = new ProbeFactory(s.clock());
    for (String h : targets) {
      monitor.add(h, probes.probes(rp.plan().health().probes(), ctx.values(h), fleet.shell(h)));
    }
    this.change = new HostChange(ctx);
    this.rollback = new Rollback(ctx);
    this.soak = new Soak(ctx, this::rollBackTolerated);
  }

  /** Whether SSH (or the container's carrier) answers, to tell unreachable from unhealthy. */
  private static boolean reachable(Fleet fleet, String host) {
    try {
      fleet.shell(host).run("true", Duration.ofSeconds(15));
      return true;
    } catch (dev.rollout.transport.TransportException e) {
      return !e.unreachable();
    }
  }

  public RunState state() {
    return ctx.state();
  }

  /** Starts a new run; {@code untilCanary} (or the plan's pauseAfterCanary) gates it. */
  public Outcome start(boolean untilCanary) {
    List<String> targets = ctx.plan().targets().stream().map(h -> h.name()).toList();
    boolean gate = untilCanary || strategy.pauseAfterCanary();
    ctx.state().record(new Event.RunStarted(now(), ctx.runId(), ctx.plan().plan().name(),
        targets, strategy.maxFailures().of(targets.size()), gate));
    return drive(gate);
  }

  /**
   * Goes on with a run whose controller died or was stopped. A recorded abort is honoured: the
   * abort is finished, and no host still pending is ever changed.
   */
  public Outcome resume(String by, String note) {
    ctx.state().record(new Event.RunResumed(now(), by, note));
    if (record.abortRequested()) {
      return finishAbort(record.abortedBy());
    }
    return drive(record.gateAfterCanary());
  }

  /**
   * Passes the pause of a run and goes on: the gate after the canary, or a pause on failure (the
   * failures so far are accepted and still count; the failed hosts are rolled back first). A run
   * whose abort was recorded is not promoted: its abort is finished.
   */
  public Outcome promote(String by) {
    if (record.abortRequested()) {
      ctx.state().record(new Event.RunResumed(now(), by, "promote of a run whose abort was "
          + "recorded (by " + record.abortedBy() + "): finishing the abort"));
      return finishAbort(record.abortedBy());
    }
    boolean onFailure = record.pausedOnFailure();
    ctx.state().record(new Event.Promoted(now(), by));
    return onFailure ? drive(record.gateAfterCanary(), () -> rollback.run(
        ctx.state().in(HostState.FAILED, HostState.UNREACHABLE), "promoted past a pause on "
            + "failure: the failed host(s) are rolled back, the run goes on",
        strategy.maxParallel())) : drive(false);
  }

  /**
   * Rolls back every touched host of the run and ends it. Once journaled, the abort binds every
   * later controller (resume, promote, another abort).
   */
  public Outcome abort(String by) {
    ctx.state().record(new Event.AbortRequested(now(), by));
    return finishAbort(by);
  }

  /**
   * The abort itself: nothing new starts, every touched host is rolled back (a host caught mid
   * change too: its change is not finished first), and the run ends. A run that never touched a
   * host simply ends, saying so.
   */
  private Outcome finishAbort(String by) {
    return guarded(() -> {
      RunState st = ctx.state();
      st.stop("abort requested by " + by);
      List<String> touched = st.in(HostState.CHANGING, HostState.VERIFYING, HostState.CHANGED,
          HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK,
          HostState.ROLLBACK_FAILED);
      if (touched.isEmpty() && st.in(HostState.ROLLED_BACK).isEmpty()) {
        return end(Outcome.ROLLED_BACK, "aborted by " + by + " before any host changed: "
            + "nothing was changed, nothing to roll back");
      }
      return rollBackAndEnd("aborted by " + by, touched, true);
    });
  }

  /** Work that drives the run, and may be interrupted or lose its journal. */
  @FunctionalInterface
  private interface Driving {
    Outcome run() throws InterruptedException;
  }

  /**
   * Runs {@code work}, turning an interrupt or a lost journal into its outcome, and stops the
   * probes and host threads however it ends.
   */
  private Outcome guarded(Driving work) {
    try {
      return work.run();
    } catch (InterruptedException e) {
      return interrupted();
    } catch (ControllerLeaving l) {
      return interrupted();
    } catch (JournalFailure f) {
      return Outcome.JOURNAL_LOST;
    } finally {
      ctx.monitor().close();
      ctx.hostThreads().shutdownNow();
    }
  }

  /** Why the journal was lost, when a run ended {@link Outcome#JOURNAL_LOST}. */
  public String journalLoss() {
    return ctx.state().journalLoss();
  }

  private Outcome drive(boolean gate) {
    return drive(gate, () -> { });
  }

  /** Drives the run on, after {@code first} (done once any interrupted host is settled). */
  private Outcome drive(boolean gate, Soak.Chore first) {
    return guarded(() -> {
      Recovery recovery = new Recovery(ctx, change, record);
      ctx.state().stopIfOverLimit();
      if (!record.preflightPassed()) {
        if (!new Preflight(ctx, allowUnprovenRollback).run(targetNames())) {
          return end(Outcome.PREFLIGHT_REFUSED, "preflight refused the run; nothing was changed");
        }
        ctx.state().record(new Event.PreflightPassed(now(), ctx.plan().targets().size()));
      } else {
        recovery.recoverInterrupted();
        first.run();
        recovery.recheckChanged();
      }
      for (Wave w : ctx.plan().waves()) {
        if (!record.stageCompleted(w.label()) && !stage(w)) {
          break;
        }
        if (w.canary() && gate && !record.gatePassed() && !ctx.state().stopping()) {
          ctx.state().record(new Event.RunPaused(now(), w.label(), "the gate after the canary "
              + "(--until canary or pauseAfterCanary)"));
          return Outcome.PAUSED;
        }
      }
      if (!ctx.state().stopping() && !record.stageCompleted("watch")
          && !strategy.watch().isZero() && soak.run("watch", strategy.watch(), record)) {
        ctx.state().record(new StageCompleted(now(), "watch"));
      }
      return finish();
    });
  }

  /** Changes the stage's hosts not yet touched, then soaks; false when the run is stopping. */
  private boolean stage(Wave w) throws InterruptedException {
    RunState st = ctx.state();
    if (st.stopping()) {
      return false;
    }
    if (!record.stageStarted(w.label())) {
      st.record(new StageStarted(now(), w.label(), w.hosts()));
    }
    List<String> pending = w.hosts().stream()
        .filter(h -> st.state(h) == HostState.PENDING).toList();
    ctx.forEach(pending, strategy.maxParallel(),
        h -> change.apply(h, w.canary() && strategy.rehearseRollback()));
    rollBackTolerated();
    Duration d = w.canary() ? strategy.soak() : strategy.waveSoak();
    if (st.stopping() || !soak.run(w.label(), d, record)) {
      return false;
    }
    st.record(new StageCompleted(now(), w.label()));
    return true;
  }

  /** Failed hosts within maxFailures are rolled back right away when onFailure is rollback. */
  private void rollBackTolerated() throws InterruptedException {
    if (strategy.onFailure() != OnFailure.ROLLBACK || ctx.state().stopping()) {
      return;
    }
    List<String> failed = ctx.state().in(HostState.FAILED, HostState.UNREACHABLE,
        HostState.ROLLING_BACK);
    rollback.run(failed, "failure within maxFailures", strategy.maxParallel());
  }

  private Outcome finish() throws InterruptedException {
    RunState st = ctx.state();
    if (!st.stopping()) {
      List<String> bad = st.in(HostState.ROLLBACK_FAILED);
      return bad.isEmpty()
          ? end(Outcome.COMPLETED, RunSummaries.completed(st))
          : end(Outcome.NEEDS_ATTENTION, "rollback failed on " + String.join(", ", bad));
    }
    if (st.journalLoss() != null) {
      return Outcome.JOURNAL_LOST;
    }
    if (strategy.onFailure() == OnFailure.PAUSE) {
      st.record(new Event.RunPaused(now(), st.stage(), "on failure (" + st.stopReason()
          + "); hosts left as they are: " + RunSummaries.hosts(st)));
      return Outcome.PAUSED_ON_FAILURE;
    }
    if (strategy.onFailure() != OnFailure.ROLLBACK) {
      return end(Outcome.NEEDS_ATTENTION, "halted on failure (" + st.stopReason()
          + "); hosts left as they are: " + RunSummaries.hosts(st)
          + "; roll back with: rollout abort " + ctx.runId());
    }
    List<String> scope = strategy.rollbackScope() == Strategy.RollbackScope.CHANGED
        ? st.in(HostState.CHANGED, HostState.FAILED, HostState.UNREACHABLE,
            HostState.ROLLING_BACK)
        : st.in(HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK);
    return rollBackAndEnd("the change failed (" + st.stopReason() + ")", scope);
  }

  private Outcome rollBackAndEnd(String why, List<String> scope) throws InterruptedException {
    return rollBackAndEnd(why, scope, false);
  }

  /**
   * Rolls {@code scope} back and ends the run; the summary names {@code scope}, or with {@code
   * everyRolledBack} every host rolled back so far (an abort taken up again after its
   * controller died names the hosts that controller rolled back too).
   */
  private Outcome rollBackAndEnd(String why, List<String> scope, boolean everyRolledBack)
      throws InterruptedException {
    RunState st = ctx.state();
    rollback.run(scope, why, Math.max(strategy.maxParallel(), 4));
    List<String> bad = st.in(HostState.ROLLBACK_FAILED);
    List<String> named = everyRolledBack ? st.in(HostState.ROLLED_BACK) : scope;
    return bad.isEmpty()
        ? end(Outcome.ROLLED_BACK, why + "; rolled back: " + String.join(", ", named))
        : end(Outcome.NEEDS_ATTENTION, "rollback failed on " + String.join(", ", bad)
            + "; see the journal");
  }

  private Outcome interrupted() {
    ctx.state().leave();
    try {
      ctx.state().record(new Event.RunInterrupted(now(), ctx.state().stage()));
    } catch (JournalFailure f) {
      return Outcome.JOURNAL_LOST;
    } finally {
      Thread.currentThread().interrupt();
    }
    return Outcome.INTERRUPTED;
  }

  private Outcome end(Outcome o, String summary) {
    ctx.state().record(new RunEnded(now(), o, summary));
    return o;
  }

  private Instant now() {
    return ctx.clock().instant();
  }
}
