package dev.rollout.cli;

import dev.rollout.engine.RunRecord;
import dev.rollout.journal.RunLease;
import dev.rollout.journal.RunStore;
import dev.rollout.journal.StoredRun;
import dev.rollout.plan.PlanFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The worker's loop: claims a run while it drives fewer than {@code maxRuns}, drives each on a
 * thread of its own with a store of its own (its own connection and lock session), and backs off
 * (1 s doubling to 30 s) while the state store cannot be reached, saying so. Draining stops every
 * run the way Ctrl-C does and waits for them to journal where they stopped.
 */
final class Worker {

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Supplier<RunStore> stores;
  private final WorkerLog log;
  private final int maxRuns;
  private final Duration poll;
  private final Map<String, RunDriver> active = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Object wake = new Object();
  private volatile boolean draining;

  Worker(Supplier<RunStore> stores, WorkerLog log, int maxRuns, Duration poll) {
    this.stores = stores;
    this.log = log;
    this.maxRuns = maxRuns;
    this.poll = poll;
  }

  /** A store, retrying with backoff while it cannot be reached; null when draining meanwhile. */
  RunStore openStore() throws InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    while (!draining) {
      try {
        return stores.get();
      } catch (RolloutException e) {
        if (e.exitCode() == ExitCode.INVALID_INPUT) {
          throw e;
        }
        backoff = away(e.getMessage(), backoff);
      }
    }
    return null;
  }

  private Duration away(String why, Duration backoff) throws InterruptedException {
    log.line("cannot use the state store: " + why + "; trying again in " + backoff.toSeconds()
        + "s");
    pause(backoff);
    return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
        : backoff.multipliedBy(2);
  }

  /**
   * Claims through a store of its own that the run's thread then drives with: the claim's token
   * is that store's, and no time passes between the claim and the first renewal but loading the
   * plan.
   */
  void loop(RunStore store) throws InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    boolean wasAway = false;
    RunStore spare = null;
    while (!draining) {
      boolean claimed = false;
      if (active.size() < maxRuns) {
        try {
          store.registerWorker();
          if (spare == null) {
            spare = stores.get();
          }
          Optional<RunLease.Claimed> c = spare.claimNext();
          if (wasAway) {
            log.line("the state store " + store.describe() + " answers again");
            wasAway = false;
            backoff = Duration.ofSeconds(1);
          }
          if (c.isPresent()) {
            start(c.get(), spare);
            spare = null;
            claimed = true;
          }
        } catch (java.io.IOException | RuntimeException e) {
          wasAway = true;
          backoff = away(e.getMessage(), backoff);
          continue;
        }
      }
      if (!claimed) {
        pause(poll);
      }
    }
    if (spare != null) {
      spare.close();
    }
    joinAll();
  }

  private void pause(Duration d) throws InterruptedException {
    synchronized (wake) {
      if (!draining) {
        wake.wait(Math.max(1, d.toMillis()));
      }
    }
  }

  private void start(RunLease.Claimed c, RunStore store) {
    String id = c.lease().runId();
    log.line(id, "claimed with fencing token " + c.lease().token()
        + (c.adopted() ? ", adopted from " + c.before().owner() + " (its lease ran out)"
        : c.before().status() == RunLease.Status.QUEUED ? ", from the queue" : ""));
    Thread t = new Thread(() -> drive(c, store), "rollout-run-" + id);
    synchronized (threads) {
      threads.removeIf(x -> !x.isAlive());
      threads.add(t);
    }
    active.put(id, new RunDriver(null, null, false));
    t.start();
  }

  private void drive(RunLease.Claimed c, RunStore claimedWith) {
    String id = c.lease().runId();
    PrintWriter out = log.forRun(id);
    int code = -1;
    java.util.concurrent.ScheduledExecutorService keepalive =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            RunDriver.daemon("lease-" + id));
    long beat = Math.max(100, claimedWith.leaseLength().toMillis() / 3);
    keepalive.scheduleWithFixedDelay(() -> renew(claimedWith, id), beat, beat,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    try (RunStore store = claimedWith) {
      StoredRun run = store.open(id).orElseThrow(() -> new RolloutException(
          ExitCode.INVALID_INPUT, "run " + id + " is gone from " + store.describe(), ""));
      code = drive(store, run, c, out);
    } catch (RolloutException e) {
      log.line(id, e.getMessage() + (e.hint().isEmpty() ? "" : " (" + e.hint() + ")"));
    } catch (Exception e) {
      log.line(id, "stopped driving it: " + dev.rollout.transport.Causes.words(e));
    } finally {
      keepalive.shutdownNow();
      out.close();
      active.remove(id);
      log.line(id, "no longer driven by this worker" + (code < 0 ? ""
          : " (exit code " + code + ")"));
      synchronized (wake) {
        wake.notifyAll();
      }
    }
  }

  /**
   * Renews the lease from the claim on, while the plan loads and before the run's own heartbeat
   * begins; stops the run once the store refused the token.
   */
  private void renew(RunStore store, String id) {
    try {
      if (!store.renew(id) && store.fencedOut(id)) {
        RunDriver d = active.get(id);
        if (d != null) {
          d.stop();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // the store is away: the lease runs out unless it comes back in time
    }
  }

  private int drive(RunStore store, StoredRun run, RunLease.Claimed c, PrintWriter out)
      throws Exception {
    RunRecord record;
    PlanFiles.Loaded loaded;
    try {
      record = run.events().isEmpty() ? null : Loading.record(run, false, out);
      List<String> notes = new ArrayList<>();
      loaded = RunArgs.loadAsStarted(run, notes);
      Loading.checkSecrets(loaded.plan());
    } catch (RuntimeException | java.io.IOException e) {
      Claims.letBack(store, run.runId(), RunLease.Status.STOPPED);
      throw e;
    }
    RunDriver driver = (log.json() == null ? new RunDriver(out, out, false)
        : new RunDriver(log.json(), out, true)).managedBy(c);
    active.put(run.runId(), driver);
    if (draining) {
      Claims.letBack(store, run.runId(), RunLease.Status.QUEUED);
      return ExitCode.INTERRUPTED.code();
    }
    Path base = Path.of(run.inventoryFile()).toAbsolutePath().getParent();
    boolean untilCanary = c.lease().has("until=canary");
    boolean unproven = c.lease().has("allowUnprovenRollback");
    String who = "worker " + RunStore.self();
    return driver.drive(store, run, loaded, record, base == null ? Path.of(".") : base,
        e -> record == null ? e.allowUnprovenRollback(unproven).start(untilCanary)
            : e.resume(who, ""));
  }

  /** Stops claiming, and stops every run the way Ctrl-C does; {@link #loop} returns after. */
  void drain(String why) {
    if (draining) {
      return;
    }
    draining = true;
    log.line("draining (" + why + "): stopping " + active.size() + " run(s); each goes back to "
        + "the queue for another worker");
    active.values().forEach(RunDriver::stop);
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void joinAll() throws InterruptedException {
    List<Thread> all;
    synchronized (threads) {
      all = List.copyOf(threads);
    }
    long deadline = System.nanoTime() + RunDriver.UNWIND.toNanos();
    for (Thread t : all) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
  }
}
