package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.testfleet.MetricsExporter;
import dev.rollout.testfleet.PrometheusServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts probe against Debian's real Alertmanager (alerts posted with the start times the
 * test needs, a silence) and real Prometheus (an alert rule loaded from a file).
 */
class AlertsProbeTest {

  static final String NET = "127.0.154.";
  @TempDir static Path dir;
  static PrometheusServer alertmanager;
  static PrometheusServer prometheus;
  static MetricsExporter exporter;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(PrometheusServer.alertmanagerAvailable()
        && PrometheusServer.prometheusAvailable(), "Debian's prometheus and "
        + "prometheus-alertmanager packages are not installed (.ci/run installs them)");
    alertmanager = PrometheusServer.alertmanager(dir.resolve("am"), NET + "3", 19193);
    exporter = MetricsExporter.start(NET + "31", 19130).set("down", 1);
    prometheus = PrometheusServer.prometheus(dir.resolve("prom"), NET + "3", 19190,
        Map.of("web-9", NET + "31:19130"), """
        groups:
          - name: hosts
            rules:
              - alert: HostDown
                expr: down == 1
                labels: {severity: page}
        """, null);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  static ProbeResult check(PrometheusServer server, boolean fromPrometheus, String host,
      Duration firingFor) {
    PrometheusApi api = new PrometheusApi(server.url(), Optional.empty(), Duration.ofSeconds(5));
    return new AlertsProbe("real alerts", api, fromPrometheus, Map.of("instance", host),
        firingFor, 4, Optional.empty(), Clock.systemUTC()).check();
  }

  static void post(String host, Duration ago) {
    Instant now = Instant.now();
    alertmanager.postJson("/api/v2/alerts", """
        [{"labels": {"alertname": "HostDown", "instance": "%s"},
          "startsAt": "%s", "endsAt": "%s"}]
        """.formatted(host, now.minus(ago), now.plusSeconds(600)));
  }

  @Test
  void anAlertFiringForLessThanForDoesNotFailTheHostOneFiringLongerDoes() {
    post("web-1", Duration.ofSeconds(20));
    post("web-2", Duration.ofMinutes(20));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        alertmanager.get("/api/v2/alerts").contains("web-2"));

    ProbeResult young = check(alertmanager, false, "web-1", Duration.ofMinutes(15));
    ProbeResult old = check(alertmanager, false, "web-2", Duration.ofMinutes(15));
    ProbeResult none = check(alertmanager, false, "web-3", Duration.ofMinutes(15));

    assertThat(young.outcome()).isEqualTo(ProbeResult.Outcome.HEALTHY);
    assertThat(young.reason()).matches("real alerts: alert HostDown firing for 2\\ds, less "
        + "than for: 15m: passed");
    assertThat(old.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(old.reason()).matches("real alerts: alert HostDown firing for 20m, at least "
        + "for: 15m: failed");
    assertThat(old.measurement().verdict()).isEqualTo("failed");
    assertThat(none.reason()).isEqualTo("real alerts: no alert {instance=\"web-3\"} firing");
  }

  @Test
  void aSilencedAlertDoesNotCount() {
    post("web-4", Duration.ofMinutes(30));
    Instant now = Instant.now();
    alertmanager.postJson("/api/v2/silences", """
        {"matchers": [{"name": "instance", "value": "web-4", "isRegex": false}],
         "startsAt": "%s", "endsAt": "%s", "createdBy": "test", "comment": "maintenance"}
        """.formatted(now.minusSeconds(1), now.plusSeconds(600)));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        alertmanager.get("/api/v2/alerts?filter=instance%3D%22web-4%22").contains("suppressed"));

    ProbeResult r = check(alertmanager, false, "web-4", Duration.ofMinutes(5));

    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.HEALTHY);
  }

  @Test
  void withOnlyPrometheusItJudgesItsFiringAlerts() {
    await().atMost(Duration.ofSeconds(20)).until(() ->
        prometheus.get("/api/v1/alerts").contains("\"firing\""));
    String instance = NET + "31:19130";

    ProbeResult longFor = check(prometheus, true, instance, Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(20)).until(() ->
        !check(prometheus, true, instance, Duration.ofSeconds(2)).healthy());

    assertThat(longFor.outcome()).isEqualTo(ProbeResult.Outcome.HEALTHY);
    assertThat(longFor.reason()).contains("alert HostDown firing for").contains("less than");
    assertThat(check(prometheus, true, "other:1", Duration.ofSeconds(2)).healthy()).isTrue();
  }

  @Test
  void alertmanagerDownIsAProbeError() {
    PrometheusApi api = new PrometheusApi(URI.create("http://" + NET + "3:19194"),
        Optional.empty(), Duration.ofSeconds(2));
    ProbeResult r = new AlertsProbe("real alerts", api, false, Map.of("instance", "web-1"),
        Duration.ofMinutes(5), 4, Optional.empty(), Clock.systemUTC()).check();

    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.ERROR);
    assertThat(r.reason()).startsWith("metrics unavailable: cannot reach");
  }
}
