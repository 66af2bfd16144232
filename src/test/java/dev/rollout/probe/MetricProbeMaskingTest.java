package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A metric probe's target and reasons never show a secret that its server URL or query holds
 * (a {@code ${vars.token}} resolved into them): nobody listens on 127.0.150.9:19169, so the
 * check is an error whose reason names the server.
 */
class MetricProbeMaskingTest {

  static final String SECRET = "s3cret-4f9a";
  static final OutputMask MASK = new OutputMask(List.of(SECRET));
  static final PrometheusApi API = new PrometheusApi(URI.create("http://127.0.150.9:19169/"
      + SECRET), Optional.empty(), Duration.ofSeconds(2));

  @Test
  void aPrometheusProbeMasksTheSecretInItsTargetAndReasons() {
    PrometheusProbe p = new PrometheusProbe("errors", API, "errors{token=\"" + SECRET + "\"}",
        MetricRule.of(Condition.parse("< 1")), Optional.empty(), Clock.systemUTC()).masked(MASK);

    ProbeResult r = p.check();

    assertThat(p.target()).doesNotContain(SECRET).contains("****")
        .contains("http://127.0.150.9:19169/****");
    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.ERROR);
    assertThat(r.reason()).startsWith("metrics unavailable: cannot reach http://127.0.150.9:19169/")
        .doesNotContain(SECRET);
  }

  @Test
  void anAlertsProbeMasksTheSecretInItsTargetAndReasons() {
    AlertsProbe p = new AlertsProbe("real alerts", API, false, Map.of("instance", SECRET),
        Duration.ofMinutes(5), 4, Optional.empty(), Clock.systemUTC()).masked(MASK);

    ProbeResult r = p.check();

    assertThat(p.target()).doesNotContain(SECRET).contains("in Alertmanager at http://");
    assertThat(r.healthy()).isFalse();
    assertThat(r.reason()).contains("127.0.150.9:19169").doesNotContain(SECRET);
  }

  @Test
  void withoutAMaskTheTargetIsShownAsItIs() {
    PrometheusProbe p = new PrometheusProbe("errors", API, "errors", MetricRule.of(
        Condition.parse("< 1")), Optional.empty(), Clock.systemUTC());

    assertThat(p.target()).contains(SECRET); // the mask is what hides it above
  }
}
