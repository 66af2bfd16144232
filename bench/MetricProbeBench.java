import dev.rollout.probe.Condition;
import dev.rollout.probe.HealthMonitor;
import dev.rollout.probe.HealthPolicy;
import dev.rollout.probe.MetricRule;
import dev.rollout.probe.PrometheusApi;
import dev.rollout.probe.PrometheusBatch;
import dev.rollout.probe.PrometheusProbe;
import dev.rollout.probe.Sleeper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metric-probe bench (issue 16): N hosts, one prometheus probe each, scheduled by the real
 * HealthMonitor on 4 threads as `rollout apply` does, against a real Prometheus. Prints one TSV
 * row per probe round after the first (JIT warm-up): N, queries in the round, controller CPU ms,
 * controller CPU ms per query, Prometheus CPU ms, and the controller's % of one core were the round
 * every 30 s. Usage: java -cp CP MetricProbeBench.java URL PROM_PID N
 * INTERVAL_S ROUNDS [batch]; with batch, the hosts share one query per round (PrometheusBatch).
 */
public class MetricProbeBench {

  public static void main(String[] a) throws Exception {
    URI url = URI.create(a[0]);
    long promPid = Long.parseLong(a[1]);
    int n = Integer.parseInt(a[2]);
    Duration interval = Duration.ofSeconds(Long.parseLong(a[3]));
    int rounds = Integer.parseInt(a[4]);
    boolean batched = a.length > 5 && a[5].equals("batch");
    AtomicLong queries = new AtomicLong();
    AtomicLong lastEnd = new AtomicLong();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    HealthMonitor monitor = new HealthMonitor(HealthPolicy.of(interval, 3), scheduler,
        Sleeper.SYSTEM, Clock.systemUTC(), change -> {});
    PrometheusApi api = new PrometheusApi(url, Optional.empty(), Duration.ofSeconds(10));
    MetricRule rule = MetricRule.of(Condition.parse("< 1"));
    PrometheusBatch batch = new PrometheusBatch(api, "host", m -> "restarts{" + m + "}",
        interval.dividedBy(2), Clock.systemUTC());
    for (int i = 1; i <= n; i++) {
      PrometheusProbe p = new PrometheusProbe("restarts", api, "restarts{host=\"h-" + i + "\"}",
          rule, Optional.empty(), Clock.systemUTC());
      if (batched) {
        p.batched(batch, "h-" + i);
      }
      monitor.add("h-" + i, List.of(new Counting(p, queries, lastEnd)));
    }
    var os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    long t0 = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      monitor.start("h-" + i);
    }
    long half = interval.toNanos() / 2;
    long cpu = os.getProcessCpuTime();
    long prom = promCpuMs(promPid);
    long q = 0;
    for (int r = 0; r <= rounds; r++) {
      long boundary = t0 + r * interval.toNanos() + half;
      Thread.sleep(Math.max(0, (boundary - System.nanoTime()) / 1_000_000));
      long cpuNow = os.getProcessCpuTime();
      long promNow = promCpuMs(promPid);
      long qNow = queries.get();
      if (r > 0) {
        long qs = qNow - q;
        long ms = (cpuNow - cpu) / 1_000_000;
        System.out.printf(java.util.Locale.ROOT, "%d\t%d\t%d\t%.2f\t%d\t%.2f%n", n, qs, ms,
            qs == 0 ? 0.0 : ms / (double) qs, promNow - prom, ms / 300.0);
      }
      cpu = cpuNow;
      prom = promNow;
      q = qNow;
    }
    monitor.close();
    scheduler.shutdownNow();
  }

  static long promCpuMs(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 1000 / 100; // USER_HZ is 100 on Linux
  }

  /** Counts queries, and when the last one of a round ended. */
  record Counting(PrometheusProbe p, AtomicLong queries, AtomicLong lastEnd)
      implements dev.rollout.probe.Probe {
    public String name() { return p.name(); }
    public String kind() { return p.kind(); }
    public String target() { return p.target(); }
    public dev.rollout.probe.ProbeResult check() {
      var r = p.check();
      if (!r.healthy()) {
        System.err.println("bench probe not healthy: " + r.reason());
      }
      queries.incrementAndGet();
      lastEnd.set(System.nanoTime());
      return r;
    }
  }
}
