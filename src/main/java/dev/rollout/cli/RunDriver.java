package dev.rollout.cli;

import dev.rollout.engine.Engine;
import dev.rollout.engine.Event;
import dev.rollout.engine.RunState;
import dev.rollout.notify.Notifier;
import dev.rollout.notify.Undelivered;
import dev.rollout.plan.Notify;
import dev.rollout.plan.Plan;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import dev.rollout.engine.Fleet;
import dev.rollout.engine.Journal;
import dev.rollout.engine.Outcome;
import dev.rollout.engine.RunListener;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.Failpoint;
import dev.rollout.journal.RunLease;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import dev.rollout.probe.Sleeper;
import dev.rollout.transport.ssh.SshTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Drives a run for apply, resume, promote and abort: takes the host locks, keeps their leases
 * alive, journals to the store, shows progress, turns Ctrl-C into a consistent stop, prints the
 * summary and releases the locks once the run has ended.
 */
final class RunDriver {

  /** How long Ctrl-C waits for the run to journal where it stopped. */
  static final Duration UNWIND = Duration.ofSeconds(60);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final List<RunListener> extraListeners = new ArrayList<>();
  private String notifyUrl;
  private GoOn goOn = GoOn.NONE;
  private RunLease.Claimed claimed;
  private boolean managed;
  private RunLease.Status onInterrupt = RunLease.Status.STOPPED;
  private volatile Thread runner;
  private volatile boolean stopRequested;
  private final AtomicReference<RunState> running = new AtomicReference<>();

  RunDriver(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  RunDriver listen(RunListener l) {
    extraListeners.add(l);
    return this;
  }

  /**
   * For a worker: the run was claimed already ({@code claimed}); the caller handles SIGTERM (see
   * {@link #stop}); an interrupted run goes back to the queue for another worker.
   */
  RunDriver managedBy(RunLease.Claimed claimed) {
    this.claimed = claimed;
    this.managed = true;
    this.onInterrupt = RunLease.Status.QUEUED;
    return this;
  }

  /**
   * Stops the run the way Ctrl-C does: it journals where it stopped (unless its lease was lost,
   * when it writes nothing) and {@link #drive} returns.
   */
  void stop() {
    stopRequested = true;
    RunState s = running.get();
    if (s != null) {
      s.leave();
    }
    Thread t = runner;
    if (t != null) {
      t.interrupt();
    }
  }

  /** The options of this command line, which the "go on with" commands it prints repeat. */
  RunDriver goOn(GoOn g) {
    this.goOn = g;
    return this;
  }

  /** A webhook given with {@code --notify}, in place of the plan's. */
  RunDriver notifyTo(String url) {
    this.notifyUrl = url;
    return this;
  }

  private Notifier notifier(PlanFiles.Loaded loaded, String runId,
      AtomicReference<RunState> state) {
    Plan plan = loaded.plan().plan();
    Notify n = notifyUrl == null ? plan.notifications()
        : new Notify(notifyUrl, plan.notifications().command());
    Undelivered undelivered = (notification, message) -> {
      RunState s = state.get();
      if (s != null) {
        s.record(new Event.NotificationFailed(Instant.now(), notification.event().toString(),
            message));
      }
    };
    try {
      return new Notifier(runId, plan.name(), plan.strategy().onFailure(),
          Notifier.channels(n), undelivered, Notifier.DEFAULT_DRAIN);
    } catch (IllegalArgumentException e) {
      throw new RolloutException(ExitCode.INVALID_INPUT, e.getMessage(), "check notify.webhook "
          + "or --notify");
    }
  }

  int drive(RunStore store, StoredRun run, PlanFiles.Loaded loaded, RunRecord record,
      Path baseDir, Function<Engine, Outcome> action) throws IOException {
    List<String> hosts = loaded.plan().targets().stream().map(h -> h.name()).toList();
    long claimedAt = System.nanoTime();
    RunLease.Claimed claim = claimed != null ? claimed : Claims.claim(store, run.runId());
    LeaseKeeper lease = new LeaseKeeper(store, run.runId(), claimedAt);
    runner = Thread.currentThread();
    Clock clock = Clock.systemUTC();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemon("probe"));
    // renews the host locks and the run's lease: often enough for the shorter of the two
    long beat = Math.min(10_000, Math.min(store.locks().lease().toMillis(),
        store.leaseLength().toMillis()) / 3);
    scheduler.scheduleWithFixedDelay(() -> {
      Locking.heartbeat(store.locks(), run.runId());
      if (!lease.renew() && lease.lost()) {
        stop();
      }
    }, beat, beat, TimeUnit.MILLISECONDS);
    try {
      Locking.take(store.locks(), run.runId(), hosts,
          claim.adopted() ? claim.before().owner() : null);
    } catch (RuntimeException | IOException e) {
      scheduler.shutdownNow();
      Claims.letBack(store, run.runId(), claim.before().status());
      throw e;
    }
    Colors colors = Colors.detect();
    GoOn next = goOn.run(run.runId());
    boolean live = !managed && LiveView.wanted(json); // a worker's runs log lines, never draw
    Journal journal = run.journal(Failpoint.fromEnvironment());
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<RunState> stateRef = new AtomicReference<>();
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread hook = interruptHook(Thread.currentThread(), stateRef, done, exitCode);
    Outcome outcome = null;
    RunState finalState = null;
    try (Notifier notifier = notifier(loaded, run.runId(), stateRef);
        LiveView view = live ? new LiveView(out, colors, clock, next) : null;
        Fleet fleet = new Fleet(new FencedTransport(
            new SshTransport(FencedTransport.gate(lease)), lease), loaded.plan(),
            baseDir)) {
      List<RunListener> listeners = new ArrayList<>(extraListeners);
      listeners.add(notifier);
      listeners.add(live ? view : new ProgressLines(err, clock, next));
      JsonLines lines = json ? new JsonLines(out, managed ? run.runId() : null) : null;
      if (json) {
        listeners.add(lines);
      }
      Engine engine = new Engine(run.runId(), loaded.plan(), fleet, journal, listeners,
          new Engine.Settings(clock, Sleeper.SYSTEM, scheduler, Duration.ofSeconds(2)), record);
      stateRef.set(engine.state());
      running.set(engine.state());
      if (stopRequested) {
        stop();
      }
      finalState = engine.state();
      try {
        if (!managed) {
          Runtime.getRuntime().addShutdownHook(hook);
        }
      } catch (IllegalStateException e) {
        store.locks().release(run.runId());
        Claims.letBack(store, run.runId(), claim.before().status());
        throw new RolloutException(ExitCode.INTERRUPTED, "interrupted before run " + run.runId()
            + " started; nothing was changed", "");
      }
      if (claim.adopted() && !journal.events().isEmpty()) {
        engine.state().record(new Event.RunAdopted(clock.instant(), claim.before().owner(),
            claim.lease().owner(), claim.lease().token()));
      }
      outcome = action.apply(engine);
      if (view != null) {
        view.end(); // before any line below: the block never stays above them
      }
      if (lease.lost()) {
        ErrorHandler.report(err, "run " + run.runId() + " was taken over by another controller "
            + "while this one could not renew its lease (" + Claims.holder(store, run.runId())
            + "); this controller stopped driving it, wrote nothing more and ran no more commands",
            next.complete("follow it with: rollout status " + run.runId() + " --watch"));
        removeHook(hook);
        return ExitCode.LOCKED.code();
      }
      if (outcome == Outcome.JOURNAL_LOST) {
        ErrorHandler.report(err, "the run's journal could not be written (" + engine.journalLoss()
            + "); the run stopped where it was and started nothing more", next.complete("once the "
            + "state store is back, go on with: rollout resume " + run.runId()));
      }
      if (json) {
        List<Event> events = journal.events();
        lines.summary(run.runId(), outcome, engine.state(),
            dev.rollout.engine.RunRecord.fold(events).phase(), events);
      } else {
        PrintWriter summary = view == null ? out
            : new PrintWriter(new FoldedLines(out, view::columns, 14), true);
        new RunSummary(summary, colors, next).print(run.runId(), outcome, engine.state(),
            journal.events());
        summary.flush();
      }
    } finally {
      scheduler.shutdownNow();
      // an interrupted run keeps the flag, and file channels refuse to work for such a thread
      boolean interrupted = Thread.interrupted();
      try {
        if (!lease.lost()) {
          Locking.afterRun(store.locks(), run.runId(), outcome, finalState, err, next);
          Claims.settle(store, run.runId(), outcome, onInterrupt);
        }
      } catch (dev.rollout.journal.Fenced f) {
        // taken over meanwhile: the new owner holds the locks now
      } finally {
        runner = null;
        running.set(null);
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        exitCode.set(ExitCode.of(outcome == null ? Outcome.INTERRUPTED : outcome).code());
        done.countDown();
      }
    }
    removeHook(hook);
    return ExitCode.of(outcome).code();
  }

  /**
   * Ctrl-C and SIGTERM alike: the run stops journaling what the shutdown does to its hosts, is
   * interrupted, and journals where it stopped; then the process exits with the code the run
   * printed (130 for an interrupted run), not the JVM's 143 for SIGTERM, once main has returned
   * (so that a caller such as the demo cleans up first).
   */
  private static Thread interruptHook(Thread runner, AtomicReference<RunState> state,
      CountDownLatch done, AtomicInteger exitCode) {
    return new Thread(() -> {
      RunState s = state.get();
      if (s != null) {
        s.leave();
      }
      runner.interrupt();
      try {
        done.await(UNWIND.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int code = exitCode.get();
      ProcessExit.haltAfterMain(UNWIND, code < 0 ? ExitCode.INTERRUPTED.code() : code);
    }, "rollout-interrupt");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down already, or never added
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, "rollout-" + name);
      t.setDaemon(true);
      return t;
    };
  }
}
