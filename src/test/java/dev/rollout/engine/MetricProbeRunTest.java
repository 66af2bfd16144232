package dev.rollout.engine;

import static dev.rollout.engine.FleetRun.count;
import static dev.rollout.engine.FleetRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.Event.MetricMeasured;
import dev.rollout.engine.Event.PreflightChecked;
import dev.rollout.testfleet.MetricsExporter;
import dev.rollout.testfleet.PrometheusServer;
import dev.rollout.testfleet.TestFleet;
import dev.rollout.testfleet.TestHost;
import dev.rollout.testfleet.TestPlans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with prometheus probes over real SSH, judged by Debian's real Prometheus scraping one
 * exporter per host every second. Each host's exporter reads the host's {@code config}: the
 * canary's restart counter climbs while it runs v2.
 */
class MetricProbeRunTest {

  static final String NET = "127.0.154.";
  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  @TempDir Path dir;
  FleetRun run;
  PrometheusServer prometheus;
  final List<MetricsExporter> exporters = new ArrayList<>();
  final AtomicInteger canaryRestarts = new AtomicInteger();

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(PrometheusServer.prometheusAvailable(),
        "Debian's prometheus package is not installed (.ci/run installs it)");
    run = new FleetRun(fleet, dir).baselinePause(Duration.ofMillis(700));
    Map<String, String> targets = new LinkedHashMap<>();
    for (TestHost h : fleet.hosts()) {
      int i = exporters.size() + 1;
      boolean canary = i == 1;
      exporters.add(MetricsExporter.start(NET + (20 + i), 19110).compute("restarts",
          () -> canary && read(h, "config").equals("v2") ? canaryRestarts.incrementAndGet() : 0));
      targets.put(h.name(), NET + (20 + i) + ":19110");
    }
    prometheus = PrometheusServer.prometheus(dir.resolve("prometheus"), NET + "2", 19094,
        targets, "", null);
  }

  @AfterEach
  void tearDown() {
    if (run != null) {
      run.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    exporters.forEach(MetricsExporter::close);
  }

  String plan(String query, String soak, String extra) {
    return "name: metrics\ntargets: all\nvars: {prometheus: \"" + prometheus.url() + "\"}\n"
        + "strategy:\n  canary: 1\n  soak: " + soak + "\n  waves: [100%]\n  waveSoak: 0s\n"
        + TestPlans.V2_STEPS + """
        health:
          interval: 300ms
          unhealthyAfter: 2
          probes:
            - name: restarts
              prometheus: ${vars.prometheus}
              query: %s
              success: "< 1"
              failure: ">= 3"
        """.formatted(query) + extra.indent(6);
  }

  static final String RESTARTS = "'restarts{host=\"${host.name}\"}'";

  @Test
  void rollsBackACanaryWhoseRestartCounterClimbsAndJournalsTheValues() {
    awaitScraped();
    Outcome o = run.run(plan(RESTARTS, "60s", "onInconclusive: ignore"));

    assertThat(o).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v1");
    assertThat(count(fleet.host(2), "change-count")).isZero();
    HostFailed failed = run.events().stream().filter(HostFailed.class::isInstance)
        .map(HostFailed.class::cast).findFirst().orElseThrow();
    assertThat(failed.host()).isEqualTo("host-1");
    assertThat(failed.reason()).containsPattern("restarts \\d+ >= 3: failed");
    List<MetricMeasured> m = run.events().stream().filter(MetricMeasured.class::isInstance)
        .map(MetricMeasured.class::cast).filter(e -> e.host().equals("host-1")).toList();
    assertThat(m).anySatisfy(e -> {
      assertThat(e.query()).isEqualTo("restarts{host=\"host-1\"}");
      assertThat(e.value()).isGreaterThanOrEqualTo(3.0);
      assertThat(e.verdict()).isEqualTo("failed");
      assertThat(e.condition()).isEqualTo(">= 3");
      assertThat(e.sampleAt()).isNotNull();
    });
  }

  @Test
  void aQueryWithNoDataRefusesTheRunInPreflight() {
    awaitScraped();
    Outcome o = run.run(plan("'no_such_metric{host=\"${host.name}\"}'", "1s", ""));

    assertThat(o).isEqualTo(Outcome.PREFLIGHT_REFUSED);
    assertThat(run.events()).filteredOn(PreflightChecked.class::isInstance)
        .allSatisfy(e -> assertThat(((PreflightChecked) e).reason())
            .contains("probe \"restarts\": restarts: no data for the query: failed"));
    fleet.hosts().forEach(h -> assertThat(count(h, "change-count")).isZero());
  }

  @Test
  void prometheusStoppedMidSoakMakesTheHostUnhealthyForMetricsUnavailable() {
    awaitScraped();
    CompletableFuture<Outcome> o = run.start(plan("'restarts{host=\"${host.name}\"} * 0'",
        "60s", "errorsAfter: 2"));
    run.awaitEvent(e -> e instanceof MetricMeasured m && m.host().equals("host-1")
        && m.verdict().equals("passed"));
    prometheus.stop();

    Outcome outcome = o.join();

    HostFailed failed = run.events().stream().filter(HostFailed.class::isInstance)
        .map(HostFailed.class::cast).findFirst().orElseThrow();
    assertThat(failed.host()).isEqualTo("host-1");
    assertThat(failed.reason()).contains("failed 2 time(s) in a row: metrics unavailable: "
        + "cannot reach " + prometheus.url());
    assertThat(outcome).isNotEqualTo(Outcome.COMPLETED);
    assertThat(run.events()).filteredOn(MetricMeasured.class::isInstance)
        .anySatisfy(e -> assertThat(((MetricMeasured) e).verdict()).isEqualTo("error"));
  }

  private void awaitScraped() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        prometheus.get("/api/v1/query?query=count(restarts)").contains("\"3\""));
  }
}
