package dev.rollout.engine;

import dev.rollout.plan.HostValues;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.probe.HealthMonitor;
import dev.rollout.probe.ProbeResult;
import dev.rollout.probe.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    Map<String, HostValues> values) {

  static Map<String, HostValues> valuesOf(ResolvedPlan rp, String runId) {
    return rp.targets().stream().collect(Collectors.toMap(h -> h.name(), h -> rp.values(h,
        runId), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  HostValues values(String host) {
    return values.get(host);
  }

  /** Probes the host now (up to unhealthyAfter tries each); empty when every probe is healthy. */
  String unhealthyReason(String host) throws InterruptedException {
    List<ProbeResult> results = monitor.baseline(host);
    return results.stream().filter(r -> !r.healthy())
        .map(r -> "probe \"" + r.probe() + "\": " + masker.mask(r.reason()))
        .collect(Collectors.joining("; "));
  }

  /** Runs {@code work} for each host, at most {@code parallel} at once, and waits for all. */
  static void forEach(List<String> hosts, int parallel, Consumer<String> work)
      throws InterruptedException {
    if (hosts.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, hosts.size()), r -> {
      Thread t = new Thread(r, "rollout-host");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Object>> futures = pool.invokeAll(hosts.stream()
          .map(h -> (Callable<Object>) () -> {
            work.accept(h);
            return null;
          }).toList());
      for (Future<Object> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JournalFailure f) {
        throw f;
      }
      throw new IllegalStateException("a host task failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
