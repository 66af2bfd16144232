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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with prometheus probes over real SSH, judged by Debian's real Prometheus scraping one
 * exporter per host every second. Each host's exporter reads the host's {@code config}: the
 * canary's restart counter climbs while it runs v2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricProbeRunTest {

  static final String NET = "127.0.154.";
  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  /** The fleet of the test running now, whose sandboxes the exporters read. */
  static volatile TestFleet current;
  @TempDir static Path shared;
  @TempDir Path dir;
  static final List<MetricsExporter> EXPORTERS = new ArrayList<>();
  static final Map<String, String> TARGETS = new LinkedHashMap<>();
  static final AtomicInteger CANARY_RESTARTS = new AtomicInteger();
  /** When set, every host's errors rise to 5 as soon as the canary holds v2: a fleet-wide blip. */
  static volatile boolean blip;
  static PrometheusServer shared_prometheus;
  FleetRun run;
  PrometheusServer prometheus;

  @BeforeAll
  static void startPrometheus() {
    Assumptions.assumeTrue(PrometheusServer.prometheusAvailable(),
        "Debian's prometheus package is not installed (.ci/run installs it)");
    for (int i = 1; i <= 3; i++) {
      int n = i;
      EXPORTERS.add(MetricsExporter.start(NET + (20 + i), 19110).compute("restarts",
          () -> n == 1 && current != null && read(current.host(1), "config").equals("v2")
              ? CANARY_RESTARTS.incrementAndGet() : 0).compute("errors",
          () -> blip && current != null && read(current.host(1), "config").equals("v2") ? 5 : 1));
      TARGETS.put("host-" + i, NET + (20 + i) + ":19110");
    }
    shared_prometheus = PrometheusServer.prometheus(shared.resolve("prometheus"), NET + "2",
        19094, TARGETS, "", null);
  }

  @AfterAll
  static void stopPrometheus() {
    if (shared_prometheus != null) {
      shared_prometheus.close();
    }
    EXPORTERS.forEach(MetricsExporter::close);
  }

  @BeforeEach
  void setUp() {
    current = fleet;
    run = new FleetRun(fleet, dir).baselinePause(Duration.ofMillis(700));
    prometheus = shared_prometheus;
  }

  @AfterEach
  void tearDown() {
    if (run != null) {
      run.close();
    }
    current = null;
    blip = false;
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
    var report = dev.rollout.report.ReportBuilder.build(run.events(), "", Map.of());
    assertThat(report.hosts().get(0).metrics().get("restarts"))
        .matches("restarts \\d+ (< 1: passed|>= 3: failed|.*: inconclusive)");
  }

  @Test
  void aCanaryAndAllControlsWhoseErrorsRiseTogetherPauseTheRunAndNoHostIsRolledBack() {
    awaitScraped();
    blip = true;
    String plan = "name: metrics\ntargets: all\nvars: {prometheus: \"" + prometheus.url()
        + "\"}\nstrategy:\n  canary: 1\n  soak: 6s\n  waves: [100%]\n  waveSoak: 0s\n"
        + "  analysis: {control: 2, metrics: [errors]}\n" + TestPlans.V2_STEPS + """
        health:
          interval: 500ms
          unhealthyAfter: 2
          probes:
            - name: errors
              prometheus: ${vars.prometheus}
              query: 'errors{host="${host.name}"}'
              success: "< 100"
        """;

    Outcome o = run.run(plan);

    assertThat(o).as(JournalText.of(run.events())).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v2");
    assertThat(count(fleet.host(2), "change-count")).isZero();
    assertThat(count(fleet.host(3), "change-count")).isZero();
    fleet.hosts().forEach(h -> assertThat(count(h, "rollback-count")).isZero());
    assertThat(run.events()).noneMatch(e -> e instanceof Event.RollbackStarted
        || e instanceof HostFailed);
    Event.AnalysisJudged j = run.events().stream().filter(Event.AnalysisJudged.class::isInstance)
        .map(Event.AnalysisJudged.class::cast).findFirst().orElseThrow();
    assertThat(j.verdict()).isEqualTo(dev.rollout.probe.CanaryJudge.Verdict.CONTROLS_MOVED_TOO);
    assertThat(j.controls()).containsExactlyInAnyOrder("host-2", "host-3");
    assertThat(j.canaryDuring()).isGreaterThan(j.canaryBefore());
    Event.RunStopping stop = run.events().stream().filter(Event.RunStopping.class::isInstance)
        .map(Event.RunStopping.class::cast).findFirst().orElseThrow();
    assertThat(stop.pause()).isTrue();
    assertThat(stop.reason()).contains("the control hosts moved too: not the change");
    RunRecord r = RunRecord.fold(run.events());
    assertThat(r.phase()).isEqualTo(Phase.PAUSED_ON_FAILURE);
    assertThat(r.pauseWords()).startsWith("paused: canary: errors: the control hosts moved too");
    var analysis = dev.rollout.report.ReportBuilder.build(run.events(), "", Map.of())
        .analysis();
    assertThat(analysis).singleElement().satisfies(a -> {
      assertThat(a.method()).isEqualTo("ratio");
      assertThat(a.comparedWith()).startsWith("the control hosts ");
      assertThat(a.values()).startsWith("canaries 1 -> ");
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
  @Order(Integer.MAX_VALUE) // it kills the class's Prometheus
  void prometheusStoppedMidSoakMakesTheHostUnhealthyForMetricsUnavailable() {
    awaitScraped();
    CompletableFuture<Outcome> o = run.start(plan("'restarts{host=\"${host.name}\"} * 0'",
        "60s", "errorsAfter: 2"));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      List<Event> events = run.events();
      int soak = 0;
      while (soak < events.size() && !(events.get(soak) instanceof Event.SoakStarted)) {
        soak++;
      }
      return events.subList(soak, events.size()).stream().anyMatch(e ->
          e instanceof MetricMeasured m && m.host().equals("host-1")
              && m.verdict().equals("passed"));
    });
    prometheus.stop();

    Outcome outcome = o.join();

    HostFailed failed = run.events().stream().filter(HostFailed.class::isInstance)
        .map(HostFailed.class::cast).findFirst().orElseThrow();
    assertThat(failed.host()).isEqualTo("host-1");
    assertThat(failed.reason()).contains("failed 2 time(s) in a row: metrics unavailable: "
        + "cannot reach " + prometheus.url() + ": connection refused");
    assertThat(outcome).isNotEqualTo(Outcome.COMPLETED);
    assertThat(run.events()).filteredOn(MetricMeasured.class::isInstance)
        .anySatisfy(e -> assertThat(((MetricMeasured) e).verdict()).isEqualTo("error"));
  }

  private void awaitScraped() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        prometheus.get("/api/v1/query?query=count(restarts)").contains("\"3\""));
  }
}
