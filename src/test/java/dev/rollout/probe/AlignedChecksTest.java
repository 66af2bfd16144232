package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batched metric probes of hosts that joined at different moments are checked together on the
 * interval's boundaries, and share one query per interval; a host checked again within it (on
 * demand) gets a fresh answer. Virtual time; the query API is a small server on 127.0.150.8
 * that counts the queries and answers every host's series.
 */
class AlignedChecksTest {

  static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(30);
  final ManualScheduledExecutor executor = new ManualScheduledExecutor(T0);
  final AtomicInteger queries = new AtomicInteger();
  final Map<String, Double> values = new ConcurrentHashMap<>(Map.of("a", 1.0, "b", 1.0));
  final HttpServer server = server();
  final List<String> checked = new CopyOnWriteArrayList<>();

  HttpServer server() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.150.8", 0), 8);
      s.createContext("/api/v1/query", x -> {
        queries.incrementAndGet();
        StringBuilder r = new StringBuilder();
        values.forEach((h, v) -> r.append(r.length() == 0 ? "" : ",")
            .append("{\"metric\":{\"host\":\"").append(h).append("\"},\"value\":[0,\"")
            .append(v).append("\"]}"));
        byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + r + "]}}").getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
          out.write(body);
        }
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  HealthMonitor monitor(PrometheusBatch batch) {
    Clock clock = executor.clock();
    HealthMonitor m = new HealthMonitor(HealthPolicy.of(INTERVAL, 3), executor, d -> {}, clock,
        new HealthListener() {
          @Override
          public void healthChanged(HealthChange change) {}

          @Override
          public void measured(String host, ProbeResult r) {
            checked.add(Duration.between(T0, clock.instant()).toSeconds() + "s " + host);
          }
        });
    PrometheusApi api = new PrometheusApi(URI.create("http://127.0.150.8:"
        + server.getAddress().getPort()), Optional.empty(), Duration.ofSeconds(5));
    for (String h : List.of("a", "b")) {
      m.add(h, List.of(new PrometheusProbe("errors", api, "errors{host=\"" + h + "\"}",
          MetricRule.of(Condition.parse("< 3")), Optional.empty(), clock).batched(batch, h)));
    }
    return m;
  }

  PrometheusBatch batch() {
    PrometheusApi api = new PrometheusApi(URI.create("http://127.0.150.8:"
        + server.getAddress().getPort()), Optional.empty(), Duration.ofSeconds(5));
    return new PrometheusBatch(api, "host", m -> "errors{" + m + "}", INTERVAL,
        executor.clock());
  }

  @Test
  void hostsThatJoinedAtDifferentMomentsAreCheckedTogetherOnTheBoundaries() {
    HealthMonitor m = monitor(batch());
    m.start("a");
    executor.advance(Duration.ofSeconds(7));
    m.start("b");
    executor.advance(Duration.ofSeconds(100));

    assertThat(checked).containsExactly("0s a", "7s b", "30s a", "30s b", "60s a", "60s b",
        "90s a", "90s b");
    assertThat(queries.get()).as("one query per interval; b's first check shares a's")
        .isEqualTo(4);
  }

  @Test
  void aCheckOnDemandWithinTheIntervalGetsAFreshAnswer() throws Exception {
    PrometheusBatch batch = batch();
    HealthMonitor m = monitor(batch);
    m.start("a");
    m.start("b");
    executor.advance(Duration.ZERO); // both first checks, one query
    values.put("a", 2.0);

    List<ProbeResult> now = m.baseline("a"); // a rollback's check: a was served at 0s already

    assertThat(checked).containsExactlyInAnyOrder("0s a", "0s b", "0s a");
    assertThat(now.get(0).reason()).isEqualTo("errors 2 < 3: passed");
    assertThat(queries.get()).isEqualTo(2);
  }
}
