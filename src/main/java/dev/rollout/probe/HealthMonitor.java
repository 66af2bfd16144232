package dev.rollout.probe;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the probes of each watched host every {@link HealthPolicy#interval()}, judges them with a
 * {@link HostHealth} per host and tells the {@link HealthListener} about every change. Each probe
 * is scheduled on its own, so a slow probe (a test suite) never delays a quick one; the first check
 * runs at once. Also takes the preflight baseline. Thread-safe. The executor belongs to the caller:
 * {@link #close()} stops monitoring but does not shut it down.
 */
public final class HealthMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  private final HealthPolicy policy;
  private final ScheduledExecutorService executor;
  private final Sleeper sleeper;
  private final Clock clock;
  private final HealthListener listener;
  private final Map<String, HostWatch> hosts = new ConcurrentHashMap<>();

  public HealthMonitor(
      HealthPolicy policy,
      ScheduledExecutorService executor,
      Sleeper sleeper,
      Clock clock,
      HealthListener listener) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Makes a host's probes known, healthy until judged otherwise. Replaces the probes of a host
   * that is not being monitored.
   *
   * @throws IllegalStateException when the host is being monitored
   */
  public void add(String host, List<Probe> probes) {
    hosts.compute(
        host,
        (name, old) -> {
          if (old != null && isRunning(old)) {
            throw new IllegalStateException(host + " is being monitored; stop it first");
          }
          return new HostWatch(host, probes, policy.unhealthyAfter());
        });
  }

  /**
   * Runs every probe of the host now, on the calling thread, for preflight. A failing probe is
   * tried again after {@link HealthPolicy#baselinePause()}, up to {@link
   * HealthPolicy#unhealthyAfter()} attempts in all, until it succeeds: the same tolerance for a
   * blip that monitoring has, so one lost packet does not refuse a run, while a probe that is
   * really down still does. Baseline results are neither judged nor counted; a metric probe's
   * last measurement is told to the listener, as the value before the change.
   *
   * @return each probe's last result, in the probes' order; all healthy when the host is fit
   * @throws InterruptedException when interrupted while waiting between attempts
   */
  public List<ProbeResult> baseline(String host) throws InterruptedException {
    List<ProbeResult> results = new ArrayList<>();
    for (Probe probe : watch(host).probes) {
      ProbeResult r = baselineOf(host, probe);
      if (r.measurement() != null) {
        measured(host, r); // a metric's baseline: its value before the change
      }
      results.add(r);
    }
    return results;
  }

  private ProbeResult baselineOf(String host, Probe probe) throws InterruptedException {
    ProbeResult result = ProbeRun.of(probe, clock);
    BaselineRun run = new BaselineRun(host);
    run.add(result);
    for (int attempt = 1; !result.healthy() && !result.inconclusive() && attempt < policy.unhealthyAfter(); attempt++) {
      sleeper.sleep(policy.baselinePause());
      result = ProbeRun.of(probe, clock);
      run.add(result);
    }
    return result;
  }

  /**
   * The results of one probe's baseline attempts as runs of equal results: each change is told
   * ({@link HealthListener#resultChanged}) except a first check that is healthy, so a failure
   * found by a baseline (right after a change, after a rollback) is journaled with its time like
   * one found by monitoring, and a healthy baseline adds nothing.
   */
  private final class BaselineRun {
    private final String host;
    private ProbeResult.Outcome outcome;
    private long checks;

    BaselineRun(String host) {
      this.host = host;
    }

    void add(ProbeResult r) {
      if (r.outcome() == outcome) {
        checks++;
        return;
      }
      if (outcome != null || !r.healthy()) {
        tellResults(new ResultChange(host, r, outcome, checks));
      }
      outcome = r.outcome();
      checks = 1;
    }
  }

  /** Starts monitoring a host's probes; does nothing when it is already monitored. */
  public void start(String host) {
    HostWatch watch = watch(host);
    synchronized (watch) {
      if (watch.running()) {
        return;
      }
      List<ScheduledFuture<?>> futures = new ArrayList<>();
      for (Probe probe : watch.probes) {
        long interval = probe.interval().orElse(policy.interval()).toNanos();
        Runnable check = () -> check(watch, probe);
        if (probe.aligned() && interval > 0) {
          futures.add(executor.schedule(check, 0, TimeUnit.NANOSECONDS));
          futures.add(executor.scheduleAtFixedRate(check, toBoundary(interval), interval,
              TimeUnit.NANOSECONDS));
        } else {
          futures.add(executor.scheduleWithFixedDelay(check, 0, interval, TimeUnit.NANOSECONDS));
        }
      }
      watch.started(futures, clock.instant());
    }
  }

  /**
   * Nanoseconds from now to the next multiple of {@code interval} since the epoch that is at
   * least half an interval away: the first check, made at once, and the first aligned one are
   * never closer than that (two checks a moment apart would count twice toward unhealthyAfter).
   */
  private long toBoundary(long interval) {
    java.time.Instant now = clock.instant();
    long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano(); // fits until 2262
    long left = interval - Math.floorMod(epochNanos, interval);
    return left < interval / 2 ? left + interval : left;
  }

  /** Stops monitoring a host; a check already running finishes, neither judged nor counted. */
  public void stop(String host) {
    HostWatch watch = watch(host);
    synchronized (watch) {
      watch.stop();
    }
  }

  /** True while the host is monitored. */
  public boolean monitoring(String host) {
    return isRunning(watch(host));
  }

  /** The host's judged health now. */
  public HealthSnapshot health(String host) {
    HostWatch watch = watch(host);
    synchronized (watch) {
      return watch.snapshot();
    }
  }

  /** Whether {@code host} has probes here (was ever added). */
  public boolean knows(String host) {
    return hosts.containsKey(host);
  }

  /** The host's checks and failures since monitoring started or the last call; starts anew. */
  public CheckCounts takeCounts(String host) {
    HostWatch watch = watch(host);
    synchronized (watch) {
      return watch.takeCounts(clock.instant());
    }
  }

  /** Stops monitoring every host. */
  @Override
  public void close() {
    hosts.keySet().forEach(this::stop);
  }

  private void check(HostWatch watch, Probe probe) {
    ProbeResult result = ProbeRun.of(probe, clock);
    synchronized (watch) {
      if (result.measurement() != null && watch.running()) {
        measured(watch.host, result);
      }
      watch.classify(result).ifPresent(this::tellResults);
      watch.record(result).ifPresent(this::tell);
    }
  }

  private void tellResults(ResultChange change) {
    try {
      listener.resultChanged(change);
    } catch (RuntimeException e) {
      LOG.error("health listener failed on results of {} of {}", change.result().probe(),
          change.host(), e);
    }
  }

  private void measured(String host, ProbeResult result) {
    try {
      listener.measured(host, result);
    } catch (RuntimeException e) {
      LOG.error("health listener failed on a measurement of {} of {}", result.probe(), host, e);
    }
  }

  private void tell(HealthChange change) {
    try {
      listener.healthChanged(change);
    } catch (RuntimeException e) {
      LOG.error("health listener failed on {} of {}", change.probe(), change.host(), e);
    }
  }

  private HostWatch watch(String host) {
    HostWatch watch = hosts.get(host);
    if (watch == null) {
      throw new IllegalArgumentException("no probes added for host " + host);
    }
    return watch;
  }

  private static boolean isRunning(HostWatch watch) {
    synchronized (watch) {
      return watch.running();
    }
  }
}
