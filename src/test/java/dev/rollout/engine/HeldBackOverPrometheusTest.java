package dev.rollout.engine;

import static dev.rollout.engine.FleetRun.count;
import static dev.rollout.engine.FleetRun.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.probe.CanaryJudge.Verdict;
import dev.rollout.testfleet.MetricsExporter;
import dev.rollout.testfleet.PrometheusServer;
import dev.rollout.testfleet.TestFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary's own probe of an analysis metric fails it long before a 60 s soak ends, over real
 * SSH with Debian's real Prometheus scraping one exporter per host every second ({@link
 * HeldBack}): with every host's errors up together the run pauses and nothing is rolled back;
 * with the canary's alone it is failed by the judgement and rolled back. The change sleeps 2 s
 * after writing v2, so every exporter's new value is scraped before the soak starts.
 */
class HeldBackOverPrometheusTest {

  static final String NET = "127.0.150.";
  @RegisterExtension final TestFleet fleet = TestFleet.withHosts(3);
  static volatile TestFleet current;
  /** Every host's errors rise with the canary's v2 (a blip), or the canary's alone. */
  static volatile boolean blip;
  @TempDir static Path shared;
  @TempDir Path dir;
  static final List<MetricsExporter> EXPORTERS = new ArrayList<>();
  static PrometheusServer prometheus;
  FleetRun run;

  @BeforeAll
  static void startPrometheus() {
    Assumptions.assumeTrue(PrometheusServer.prometheusAvailable(),
        "Debian's prometheus package is not installed (.ci/run installs it)");
    Map<String, String> targets = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      EXPORTERS.add(MetricsExporter.start(NET + (20 + i), 19160).compute("errors", () ->
          (n == 1 || blip) && current != null && read(current.host(1), "config").equals("v2")
              ? 5 : 1));
      targets.put("host-" + i, NET + (20 + i) + ":19160");
    }
    prometheus = PrometheusServer.prometheus(shared.resolve("prometheus"), NET + "2", 19161,
        targets, "", null);
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
    EXPORTERS.forEach(MetricsExporter::close);
  }

  @BeforeEach
  void setUp() {
    current = fleet;
    run = new FleetRun(fleet, dir).baselinePause(Duration.ofMillis(700));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        prometheus.get("/api/v1/query?query=count(errors)").contains("\"3\""));
  }

  @AfterEach
  void tearDown() {
    run.close();
    current = null;
    blip = false;
  }

  String plan() {
    return "name: metrics\ntargets: all\nvars: {prometheus: \"" + prometheus.url() + "\"}\n"
        + "strategy:\n  canary: 1\n  soak: 60s\n  waves: [100%]\n  waveSoak: 0s\n"
        + "  rehearseRollback: false\n  analysis: {control: 2, metrics: [errors]}\n" + """
        change:
          - name: back up
            run: cp config config.bak
          - name: write v2
            run: echo v2 > config && echo x >> change-count && sleep 2
        verify:
          - name: v2 in place
            run: grep -qx v2 config
        rollback:
          - name: restore
            run: cp config.bak config && echo x >> rollback-count && sleep 2
        health:
          interval: 500ms
          unhealthyAfter: 2
          probes:
            - name: errors
              prometheus: ${vars.prometheus}
              query: 'errors{host="${host.name}"}'
              success: "< 3"
        """;
  }

  Event.AnalysisJudged judged() {
    return run.events().stream().filter(Event.AnalysisJudged.class::isInstance)
        .map(Event.AnalysisJudged.class::cast).findFirst().orElseThrow();
  }

  Duration soakToJudgement() {
    Event soak = run.events().stream().filter(Event.SoakStarted.class::isInstance).findFirst()
        .orElseThrow();
    return Duration.between(soak.at(), judged().at());
  }

  @Test
  void errorsRisingOnTheCanaryAndEveryControlTogetherPauseBeforeTheSoakEndsAndNothingFails() {
    blip = true;

    Outcome o = run.run(plan());

    String journal = JournalText.of(run.events());
    assertThat(o).as(journal).isEqualTo(Outcome.PAUSED_ON_FAILURE);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v2");
    fleet.hosts().forEach(h -> assertThat(count(h, "rollback-count")).as(journal).isZero());
    assertThat(count(fleet.host(2), "change-count")).isZero();
    assertThat(run.events()).as(journal).noneMatch(e -> e instanceof Event.HostFailed
        || e instanceof Event.RollbackStarted || e instanceof Event.SoakPassed);
    assertThat(run.events()).as(journal).anyMatch(e -> e instanceof Event.HealthChanged h
        && h.host().equals("host-1") && !h.healthy());
    assertThat(judged().verdict()).as(journal).isEqualTo(Verdict.CONTROLS_MOVED_TOO);
    assertThat(soakToJudgement()).isLessThan(Duration.ofSeconds(30));
    assertThat(RunRecord.fold(run.events()).pauseWords())
        .startsWith("paused: canary: errors: the control hosts moved too: not the change");
  }

  @Test
  void errorsRisingOnTheCanaryAloneFailItByTheJudgementBeforeTheSoakEndsAndRollItBack() {
    Outcome o = run.run(plan());

    String journal = JournalText.of(run.events());
    assertThat(o).as(journal).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(read(fleet.host(1), "config")).isEqualTo("v1");
    assertThat(count(fleet.host(1), "rollback-count")).isEqualTo(1);
    assertThat(count(fleet.host(2), "change-count")).isZero();
    assertThat(judged().verdict()).as(journal).isEqualTo(Verdict.CANARY_WORSE);
    assertThat(soakToJudgement()).isLessThan(Duration.ofSeconds(30));
    Event.HostFailed failed = run.events().stream().filter(Event.HostFailed.class::isInstance)
        .map(Event.HostFailed.class::cast).findFirst().orElseThrow();
    assertThat(failed.host()).isEqualTo("host-1");
    assertThat(failed.reason()).startsWith("analysis of canary by ratio: errors: the canaries "
        + "degraded beyond 1.5x the controls' change");
  }
}
