package dev.rollout.engine;

import dev.rollout.plan.HostValues;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.HealthMonitor;
import dev.rollout.probe.ProbeResult;
import dev.rollout.probe.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What the parts of one run share: the plan, the fleet, the state, the probes, the clock. */
record RunContext(
    String runId,
    ResolvedPlan plan,
    Fleet fleet,
    RunState state,
    StepRunner steps,
    HealthMonitor monitor,
    Masker masker,
    Clock clock,
    Sleeper sleeper,
    Map<String, HostValues> values,
    ExecutorService hostThreads) {

  static Map<String, HostValues> valuesOf(ResolvedPlan rp, String runId) {
    return rp.targets().stream().collect(Collectors.toMap(h -> h.name(), h -> rp.values(h,
        runId), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  HostValues values(String host) {
    return values.get(host);
  }

  /** Probes the host now (up to unhealthyAfter tries each); empty when every probe is healthy. */
  String unhealthyReason(String host) throws InterruptedException {
    return unhealthyReason(host, false);
  }

  /**
   * As {@link #unhealthyReason(String)}; with {@code holdBack}, without the probes whose failure
   * waits for the analysis' judgement ({@link HeldBack}): the monitor finds them again.
   */
  String unhealthyReason(String host, boolean holdBack) throws InterruptedException {
    List<ProbeResult> results = monitor.baseline(host);
    return results.stream().filter(r -> !r.healthy() && !r.inconclusive())
        .filter(r -> !holdBack || !state.read(rec -> HeldBack.heldBack(plan, rec, host,
            r.probe())))
        .map(r -> "probe \"" + r.probe() + "\": " + masker.mask(r.reason()))
        .collect(Collectors.joining("; "));
  }

  /**
   * One pool of host threads for the whole run. At most one per host in flight (each {@link
   * #forEach} admits {@code parallel} at once), none per host waiting in soak; an idle thread
   * ends after {@link #HOST_THREAD_IDLE}. A host's work is the engine's own code and the
   * journal's writes, so a stack of {@link #HOST_THREAD_STACK} bytes is plenty.
   */
  static ExecutorService newHostThreads() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, HOST_THREAD_IDLE.toMillis(),
        TimeUnit.MILLISECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(null, r, "rollout-host", HOST_THREAD_STACK);
          t.setDaemon(true);
          return t;
        });
  }

  static final java.time.Duration HOST_THREAD_IDLE = java.time.Duration.ofSeconds(5);
  static final long HOST_THREAD_STACK = 512 * 1024;

  /** Runs {@code work} for each host, at most {@code parallel} at once, and waits for all. */
  void forEach(List<String> hosts, int parallel, Consumer<String> work)
      throws InterruptedException {
    forEach(hosts, parallel, work, () -> true);
  }

  /**
   * Between hosts: called on the calling thread whenever the run's state changed while hosts are
   * in flight; false stops new hosts from starting (those in flight finish).
   */
  @FunctionalInterface
  interface Between {
    boolean goOn() throws InterruptedException;
  }

  /**
   * Runs {@code work} for each host, at most {@code parallel} at once, and waits for all; each
   * time the run's state changes meanwhile, {@code between} is asked whether to start more.
   */
  void forEach(List<String> hosts, int parallel, Consumer<String> work, Between between)
      throws InterruptedException {
    Semaphore slots = new Semaphore(Math.max(1, parallel));
    List<Future<?>> futures = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    try {
      boolean more = true;
      for (String h : hosts) {
        long seen = state.changes();
        while (more && !slots.tryAcquire()) {
          state.awaitChange(seen);
          seen = state.changes();
          more = between.goOn();
        }
        if (!more || !(more = between.goOn())) {
          break;
        }
        futures.add(hostThreads.submit(() -> {
          try {
            work.accept(h);
          } finally {
            fleet.release(h);
            // counted before the wake-up, so the waiting loop below never misses an end
            done.incrementAndGet();
            slots.release();
            state.changed();
          }
        }));
      }
      long seen = state.changes();
      while (done.get() < futures.size()) {
        state.awaitChange(seen);
        seen = state.changes();
        between.goOn();
      }
      // once more: what was observed while the last host finished is acted on within the action
      between.goOn();
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JournalFailure f) {
        throw f;
      }
      if (e.getCause() instanceof ControllerLeaving l) {
        futures.forEach(f -> f.cancel(true));
        throw l;
      }
      throw new IllegalStateException("a host task failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
  }
}
