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
    boolean batched = a.length > 5 && a[5].startsWith("batch");
    boolean staggered = a.length > 5 && a[5].endsWith("staggered");
    AtomicLong queries = new AtomicLong();
    AtomicLong lastEnd = new AtomicLong();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    HealthMonitor monitor = new HealthMonitor(HealthPolicy.of(interval, 3), scheduler,
        Sleeper.SYSTEM, Clock.systemUTC(), change -> {});
    PrometheusApi api = new PrometheusApi(url, Optional.empty(), Duration.ofSeconds(10));
    MetricRule rule = MetricRule.of(Condition.parse("< 1"));
    PrometheusBatch batch = new PrometheusBatch(api, "host", m -> "restarts{" + m + "}",
        interval, Clock.systemUTC()); // as rollout's ProbeFactory: an answer serves an interval
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
      if (staggered) { // hosts that finished their change at different times
        java.util.concurrent.locks.LockSupport.parkNanos(interval.toNanos() / n);
      }
    }
    long half = interval.toNanos() / 2;
    java.util.Map<String, Long> threads0 = null;
    long cpu = os.getProcessCpuTime();
    long prom = promCpuMs(promPid);
    long q = 0;
    long http = httpQueries(url);
    for (int r = 0; r <= rounds; r++) {
      long boundary = t0 + r * interval.toNanos() + half;
      Thread.sleep(Math.max(0, (boundary - System.nanoTime()) / 1_000_000));
      long cpuNow = os.getProcessCpuTime();
      long promNow = promCpuMs(promPid);
      long qNow = queries.get();
      long httpNow = httpQueries(url);
      if (r > 0) {
        long qs = qNow - q;
        long ms = (cpuNow - cpu) / 1_000_000;
        System.out.printf(java.util.Locale.ROOT, "%d\t%d\t%d\t%.2f\t%d\t%.2f\t%d%n", n, qs, ms,
            qs == 0 ? 0.0 : ms / (double) qs, promNow - prom, ms / 300.0, httpNow - http);
      }
      http = httpNow;
      if (r == 0) {
        threads0 = threadCpuMs();
      }
      cpu = cpuNow;
      prom = promNow;
      q = qNow;
    }
    java.util.Map<String, Long> threads1 = threadCpuMs();
    java.util.Map<String, Long> t0ms = threads0;
    StringBuilder by = new StringBuilder("controller CPU ms by thread over the measured rounds:");
    threads1.forEach((k, v) -> {
      long d = v - t0ms.getOrDefault(k, 0L);
      if (d > 0) {
        by.append(' ').append(k).append('=').append(d);
      }
    });
    System.err.println(by);
    monitor.close();
    scheduler.shutdownNow();
  }

  /** CPU ms of this JVM's threads (JIT and GC too) by name, digits dropped, from /proc. */
  static java.util.Map<String, Long> threadCpuMs() throws Exception {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String stat = Files.readString(t.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
            .replaceAll("[0-9]+", "N").replace(' ', '_');
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
      }
    }
    return out;
  }

  /** Prometheus's own count of the instant queries it answered, from its /metrics. */
  static long httpQueries(URI url) throws Exception {
    String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
        .newBuilder(URI.create(url + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    long n = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith("prometheus_http_requests_total{")
          && line.contains("handler=\"/api/v1/query\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
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
    public boolean aligned() { return p.aligned(); }
    public int errorsAfter() { return p.errorsAfter(); }
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
