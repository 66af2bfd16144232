package dev.rollout.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * The monitor's state for one host: its probes, their judged health, the counts since the last
 * report and the scheduled checks. Every method must be called holding this object's lock.
 */
final class HostWatch {

  final String host;
  final List<Probe> probes;
  private final HostHealth health;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private Map<String, ProbeCounts> counts = new LinkedHashMap<>();
  private final Map<String, ResultRun> runs = new java.util.HashMap<>();
  private Instant countsSince;
  private boolean running;

  HostWatch(String host, List<Probe> probes, int unhealthyAfter) {
    this.host = host;
    this.probes = List.copyOf(probes);
    long names = probes.stream().map(Probe::name).distinct().count();
    if (names != probes.size()) {
      throw new IllegalArgumentException("probe names of " + host + " must be unique");
    }
    this.health = new HostHealth(host, probes.stream().map(Probe::name).toList(), unhealthyAfter);
    probes.forEach(health::judging);
  }

  void started(List<ScheduledFuture<?>> futures, Instant now) {
    scheduled.addAll(futures);
    countsSince = now;
    running = true;
  }

  boolean running() {
    return running;
  }

  void stop() {
    running = false;
    scheduled.forEach(future -> future.cancel(false));
    scheduled.clear();
    runs.clear(); // a restarted watch tells its first checks anew
  }

  /** Counts and judges one result; empty when monitoring stopped while the check ran. */
  Optional<HealthChange> record(ProbeResult result) {
    if (!running) {
      return Optional.empty();
    }
    counts.merge(result.probe(), ProbeCounts.NONE.plus(result), (old, none) -> old.plus(result));
    return health.record(result);
  }

  /**
   * The change of {@code result}'s probe to a new class of results, or its first check since the
   * watch started; empty while the results stay in one class or monitoring stopped.
   */
  Optional<ResultChange> classify(ProbeResult result) {
    if (!running) {
      return Optional.empty();
    }
    ResultRun run = runs.get(result.probe());
    if (run != null && run.outcome == result.outcome()) {
      run.checks++;
      return Optional.empty();
    }
    runs.put(result.probe(), new ResultRun(result.outcome()));
    return Optional.of(run == null ? new ResultChange(host, result, null, 0)
        : new ResultChange(host, result, run.outcome, run.checks));
  }

  /** A run of equal results of one probe: its class and its checks so far. */
  private static final class ResultRun {
    final ProbeResult.Outcome outcome;
    long checks = 1;

    ResultRun(ProbeResult.Outcome outcome) {
      this.outcome = outcome;
    }
  }

  CheckCounts takeCounts(Instant now) {
    Map<String, ProbeCounts> all = new LinkedHashMap<>();
    probes.forEach(p -> all.put(p.name(), counts.getOrDefault(p.name(), ProbeCounts.NONE)));
    Instant since = countsSince == null ? now : countsSince;
    counts = new LinkedHashMap<>();
    countsSince = now;
    return new CheckCounts(host, since, now, all);
  }

  HealthSnapshot snapshot() {
    return health.snapshot();
  }
}
