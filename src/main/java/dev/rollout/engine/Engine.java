package dev.rollout.engine;

import dev.rollout.engine.Event.RunEnded;
import dev.rollout.engine.Event.StageCompleted;
import dev.rollout.engine.Event.StageStarted;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Strategy;
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
  private final ControlProbes controls;

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
    state.stopRule(r -> Decision.stopDue(rp, r));
    Masker masker = Masker.of(rp);
    HealthPolicy policy = new HealthPolicy(rp.plan().health().interval(),
        rp.plan().health().unhealthyAfter(), s.baselinePause());
    HealthWatch watch = new HealthWatch(state, masker);
    HealthMonitor monitor = new HealthMonitor(policy, s.scheduler(), s.sleeper(), s.clock(),
        new MetricJournal(watch, state, masker));
    watch.readFrom(monitor::health, h -> reachable(fleet, h));
    this.ctx = new RunContext(runId, rp, fleet, state, new StepRunner(state, masker, s.clock(), fleet),
        monitor, masker, s.clock(), s.sleeper(), RunContext.valuesOf(rp, runId),
        RunContext.newHostThreads());
    ProbeFactory probes = new ProbeFactory(s.clock(), masker, rp.plan().health().interval());
    for (String h : targets) {
      monitor.add(h, probes.probes(rp.plan().health().probes(), ctx.values(h), fleet.shell(h)));
    }
    this.controls = new ControlProbes(new HealthMonitor(policy, s.scheduler(), s.sleeper(),
        s.clock(), new MetricJournal(c -> { }, state, masker)), rp, probes, ctx);
    this.change = new HostChange(ctx);
    this.rollback = new Rollback(ctx);
    this.soak = new Soak(ctx, stage -> soakOn(ctx.state().decide(rp, now()), stage));
  }

  /**
   * Whether {@code a} still lets the soak of {@code stage} go on: soaking it, or what follows its
   * end (judging, completing it), which the record may call for a moment before the soak's own
   * clock says it passed.
   */
  private static boolean soakOn(Action a, String stage) {
    return a instanceof Action.SoakUntil u && u.stage().equals(stage)
        || a instanceof Action.Judge j && j.stage().equals(stage) && !j.early()
        || a instanceof Action.CompleteStage c && c.stage().equals(stage);
  }

  /** Whether SSH (or the container's carrier) answers, to tell unreachable from unhealthy. */
  private static boolean reachable(Fleet fleet, String host) {
    try {
      fleet.shell(host).run("true", Duration.ofSeconds(15));
      return true;
    } catch (dev.rollout.transport.TransportException e) {
      return !e.unreachable();
    } finally {
      fleet.release(host);
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
    return reconcile();
  }

  /**
   * Goes on with a run whose controller died or was stopped. A recorded abort is honoured: the
   * abort is finished, and no host still pending is ever changed.
   */
  public Outcome resume(String by, String note) {
    ctx.state().record(new Event.RunResumed(now(), by, note));
    return reconcile();
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
    } else {
      ctx.state().record(new Event.Promoted(now(), by));
    }
    return reconcile();
  }

  /**
   * Rolls back every touched host of the run (a host caught mid change too: its change is not
   * finished first) and ends it. Once journaled, the abort binds every later controller.
   */
  public Outcome abort(String by) {
    ctx.state().record(new Event.AbortRequested(now(), by));
    return reconcile();
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
      controls.close();
      ctx.hostThreads().shutdownNow();
    }
  }

  /** Why the journal was lost, when a run ended {@link Outcome#JOURNAL_LOST}. */
  public String journalLoss() {
    return ctx.state().journalLoss();
  }

  /**
   * The loop: settle what this controller found in flight, then fold the journal, decide, perform
   * that one action, and again, until the run pauses or ends. Every action journals before it
   * acts, so the next decision sees what it did.
   */
  private Outcome reconcile() {
    return guarded(() -> {
      takeUp();
      while (true) {
        long before = ctx.state().changes();
        Action a = ctx.state().decide(ctx.plan(), now());
        Outcome o = perform(a);
        if (o != null) {
          return o;
        }
        if (ctx.state().changes() == before) {
          throw new IllegalStateException("the run made no progress on: " + a.sentence());
        }
      }
    });
  }

  /**
   * What a controller taking up a run does once, before deciding: with an abort recorded, nothing
   * new may start; otherwise hosts caught mid change are settled (verify decides) and changed
   * hosts probed again before any soak time counts.
   */
  private void takeUp() throws InterruptedException {
    RunState st = ctx.state();
    String abortedBy = st.read(r -> r.abortRequested() ? r.abortedBy() : null);
    if (abortedBy != null) {
      st.stop("abort requested by " + abortedBy);
      return;
    }
    if (record.preflightPassed()) {
      Recovery recovery = new Recovery(ctx, change, record);
      recovery.recoverInterrupted();
      recovery.recheckChanged();
    }
  }

  /** Performs {@code a}; the run's outcome when it pauses or ends there, else null. */
  private Outcome perform(Action a) throws InterruptedException {
    RunState st = ctx.state();
    if (a instanceof Action.Preflight) {
      if (!new Preflight(ctx, allowUnprovenRollback).run(targetNames())) {
        return end(Outcome.PREFLIGHT_REFUSED, "preflight refused the run; nothing was changed");
      }
      st.record(new Event.PreflightPassed(now(), ctx.plan().targets().size()));
    } else if (a instanceof Action.Change c) {
      change(c);
    } else if (actedUrgently(a)) {
      return null;
    } else if (a instanceof Action.SoakUntil s) {
      controls.during(Analysis.controls(ctx.plan(), s.stage()), () -> soak.run(s.stage(),
          s.left()));
    } else if (a instanceof Action.Judge j) {
      j.judgements().forEach(st::record);
    } else if (a instanceof Action.CompleteStage c) {
      st.record(new StageCompleted(now(), c.stage()));
    } else if (a instanceof Action.Pause p) {
      st.record(new Event.RunPaused(now(), p.stage(), p.sentence()));
      return p.reason() == Action.PauseReason.GATE_AFTER_CANARY ? Outcome.PAUSED
          : Outcome.PAUSED_ON_FAILURE;
    } else if (a instanceof Action.RollBack r) {
      int parallel = r.reason() == Action.RollbackReason.ABORTED
          || r.reason() == Action.RollbackReason.RUN_STOPPED
          ? Math.max(strategy.maxParallel(), 4) : strategy.maxParallel();
      rollback.run(r.hosts(), r.sentence(), parallel, this::urgent);
    } else if (a instanceof Action.End e) {
      return end(e.outcome(), e.sentence());
    }
    return null;
  }

  /**
   * Changes the wave's pending hosts, {@code maxParallel} at once. While hosts are in flight the
   * loop goes on deciding: hosts its probes found unhealthy meanwhile are failed at once, and once
   * the run is stopping no new host starts. A failure within maxFailures does not hold the wave
   * up: its rollback is the next action, once the hosts in flight are done.
   */
  private void change(Action.Change c) throws InterruptedException {
    RunState st = ctx.state();
    if (!st.stageStarted(c.wave().label())) {
      st.record(new StageStarted(now(), c.wave().label(), c.wave().hosts()));
    }
    boolean rehearse = c.wave().canary() && strategy.rehearseRollback();
    ctx.forEach(c.hosts(), strategy.maxParallel(), h -> change.apply(h, rehearse), () -> {
      urgent();
      return !st.stopping();
    });
  }

  /**
   * Performs the decisions that cannot wait for the action in flight to end (failing hosts the
   * probes found unhealthy, and the stop that may follow). Called whenever the run's state
   * changes while hosts are in flight.
   */
  private void urgent() {
    while (ctx.state().urgent(ctx.plan()).map(this::actedUrgently).orElse(false)) {
      // decide again: failing a host may make a stop due
    }
  }

  /**
   * Performs {@code a} when it is one of the decisions that cannot wait (fail hosts, stop); false
   * for any other action, which is left to the loop.
   */
  private boolean actedUrgently(Action a) {
    RunState st = ctx.state();
    if (a instanceof Action.FailHosts f) {
      for (Action.HostFailure h : f.hosts()) {
        if (st.state(h.host()) == HostState.CHANGED) { // a host moves once
          st.fail(h.host(), h.failure(), h.sentence());
        }
      }
      return true;
    }
    if (a instanceof Action.Stop stop) {
      st.stop(stop.sentence(), stop.reason().pauses());
      return true;
    }
    return false;
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
