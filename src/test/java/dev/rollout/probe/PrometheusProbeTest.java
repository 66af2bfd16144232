package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollout.plan.MetricQuery;
import dev.rollout.probe.MetricRule.NoData;
import dev.rollout.probe.MetricRule.PerSeries;
import dev.rollout.probe.MetricRule.Reduce;
import dev.rollout.testfleet.MetricsExporter;
import dev.rollout.testfleet.PrometheusServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prometheus probe against Debian's real Prometheus scraping two exporters every second. */
class PrometheusProbeTest {

  static final String NET = "127.0.154.";
  @TempDir static Path dir;
  static PrometheusServer prometheus;
  static MetricsExporter web1;
  static MetricsExporter web2;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(PrometheusServer.prometheusAvailable(),
        "Debian's prometheus package is not installed (.ci/run installs it)");
    web1 = MetricsExporter.start(NET + "11", 19100).set("restarts", 0).set("errors", 1)
        .set("climbing", 0);
    web2 = MetricsExporter.start(NET + "12", 19100).set("restarts", 0).set("errors", 1);
    prometheus = PrometheusServer.prometheus(dir.resolve("prometheus"), NET + "1", 19090,
        Map.of("web-1", NET + "11:19100", "web-2", NET + "12:19100"), "", null);
    // both targets scraped at least once: each is scraped at its own offset in the interval,
    // so one answering says nothing of the other
    await().atMost(Duration.ofSeconds(20)).until(() -> check("count(up == 1)",
        MetricRule.of(Condition.parse(">= 2"))).healthy());
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (web1 != null) {
      web1.close();
      web2.close();
    }
  }

  static PrometheusApi api() {
    return new PrometheusApi(prometheus.url(), Optional.empty(), Duration.ofSeconds(5));
  }

  static ProbeResult check(String query, MetricRule rule) {
    return new PrometheusProbe("restarts", api(), query, rule, Optional.empty(),
        Clock.systemUTC()).check();
  }

  static MetricRule rule(String success, String failure) {
    MetricRule r = MetricRule.of(Condition.parse(success));
    return new MetricRule(r.success(), Optional.ofNullable(failure).map(Condition::parse),
        r.range(), r.reduce(), r.noData(), r.perSeries(), r.errorsAfter(), r.onInconclusive());
  }

  @Test
  void judgesTheValueAndShowsItBesideTheCondition() {
    MetricRule r = rule("< 1", ">= 3");
    ProbeResult ok = check("climbing{host=\"web-1\"}", r);
    assertThat(ok.outcome()).isEqualTo(ProbeResult.Outcome.HEALTHY);
    assertThat(ok.reason()).isEqualTo("restarts 0 < 1: passed");

    web1.set("climbing", 4);
    ProbeResult bad = await().atMost(Duration.ofSeconds(10))
        .until(() -> check("climbing{host=\"web-1\"}", r), x -> !x.healthy());

    assertThat(bad.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(bad.reason()).isEqualTo("restarts 4 >= 3: failed");
    assertThat(bad.measurement().query()).isEqualTo("climbing{host=\"web-1\"}");
    assertThat(bad.measurement().value()).isEqualTo(4.0);
    assertThat(bad.measurement().verdict()).isEqualTo("failed");
    assertThat(bad.measurement().at()).isBeforeOrEqualTo(bad.checkedAt());
  }

  @Test
  void aValueMatchingNeitherConditionIsInconclusive() {
    ProbeResult r = check("errors{host=\"web-1\"} + 1", rule("< 1", ">= 3"));

    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.INCONCLUSIVE);
    assertThat(r.reason()).isEqualTo("restarts 2 neither < 1 nor >= 3: inconclusive");
  }

  @Test
  void withoutAFailureConditionAnyOtherValueFails() {
    ProbeResult r = check("errors{host=\"web-1\"} + 1", rule("< 1", null));

    assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(r.reason()).isEqualTo("restarts 2 not < 1: failed");
  }

  @Test
  void aQueryWithNoDataFailsByDefault() {
    MetricRule r = MetricRule.of(Condition.parse("< 1"));
    ProbeResult unknown = check("no_such_metric{host=\"web-1\"}", r);

    assertThat(unknown.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(unknown.reason()).isEqualTo("restarts: no data for the query: failed");
    assertThat(unknown.measurement().verdict()).isEqualTo("no data");
    MetricRule pass = new MetricRule(r.success(), r.failure(), r.range(), r.reduce(),
        NoData.PASS, r.perSeries(), r.errorsAfter(), r.onInconclusive());
    assertThat(check("no_such_metric", pass).healthy()).isTrue();
  }

  @Test
  void severalSeriesAreAnErrorUnlessPerSeriesSaysHowToJudgeThem() {
    MetricRule r = rule("< 1", null);
    ProbeResult two = check("errors", r);
    assertThat(two.outcome()).isEqualTo(ProbeResult.Outcome.ERROR);
    assertThat(two.reason()).contains("returned 2 series, one expected");

    String mixed = "(errors{host=\"web-1\"} - 1) or errors"; // web-1 0, web-2 1
    ProbeResult all = check(mixed, per(r, PerSeries.ALL));
    ProbeResult any = check(mixed, per(r, PerSeries.ANY));
    assertThat(all.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(all.reason()).isEqualTo("restarts 1 not < 1: failed (2 series, perSeries: all)");
    assertThat(any.outcome()).isEqualTo(ProbeResult.Outcome.HEALTHY);
    assertThat(any.reason()).isEqualTo("restarts 0 < 1: passed (2 series, perSeries: any)");
  }

  static MetricRule per(MetricRule r, PerSeries p) {
    return new MetricRule(r.success(), r.failure(), r.range(), r.reduce(), r.noData(), p,
        r.errorsAfter(), r.onInconclusive());
  }

  @Test
  void aRangeQueryIsReduced() {
    MetricRule r = rule(">= 1", null);
    MetricRule max = new MetricRule(r.success(), r.failure(), Optional.of(Duration.ofMinutes(5)),
        Reduce.MAX, r.noData(), r.perSeries(), r.errorsAfter(), r.onInconclusive());

    ProbeResult res = check("errors{host=\"web-2\"}", max);

    assertThat(res.reason()).isEqualTo("restarts 1 >= 1: passed");
  }

  @Test
  void prometheusDownOrAQueryItRefusesIsAnErrorNeverHealth() {
    PrometheusApi nobody = new PrometheusApi(URI.create("http://" + NET + "1:19091"),
        Optional.empty(), Duration.ofSeconds(2));
    ProbeResult down = new PrometheusProbe("restarts", nobody, "restarts", rule("< 1", null),
        Optional.empty(), Clock.systemUTC()).check();
    assertThat(down.outcome()).isEqualTo(ProbeResult.Outcome.ERROR);
    assertThat(down.reason()).startsWith("metrics unavailable: cannot reach http://" + NET
        + "1:19091");

    ProbeResult broken = check("sum(restarts", rule("< 1", null));
    assertThat(broken.outcome()).isEqualTo(ProbeResult.Outcome.ERROR);
    assertThat(broken.reason()).startsWith("metrics unavailable: Prometheus at "
        + prometheus.url() + " refused the query: bad_data: ");
  }

  @Test
  void aHostileHostNameCannotChangeTheQuery() {
    String hostile = "a\"}or vector(1)#";
    String query = MetricQuery.resolve("restarts{host=\"${host.name}\"}", ref -> hostile);
    MetricRule r = rule("== 1", null);

    ProbeResult res = check(query, r);

    // unescaped, the query would be restarts{host="a"} or vector(1): the value 1, a pass
    assertThat(check("restarts{host=\"a\"}or vector(1)", r).healthy()).isTrue();
    assertThat(res.outcome()).isEqualTo(ProbeResult.Outcome.UNHEALTHY);
    assertThat(res.measurement().verdict()).isEqualTo("no data");
    assertThat(res.measurement().query()).isEqualTo("restarts{host=\"a\\\"}or vector(1)#\"}");
  }

  @Test
  void hostsShareOneQueryMatchedBackByTheirLabel() throws Exception {
    PrometheusBatch batch = new PrometheusBatch(api(), "host",
        m -> "errors{" + m + "} + 0 * restarts{" + m + "}", Duration.ofSeconds(5),
        Clock.systemUTC());
    MetricRule r = rule("== 1", null);
    PrometheusProbe one = new PrometheusProbe("errors", api(), "unused", r, Optional.empty(),
        Clock.systemUTC()).batched(batch, "web-1");
    PrometheusProbe two = new PrometheusProbe("errors", api(), "unused", r, Optional.empty(),
        Clock.systemUTC()).batched(batch, "web-2");
    PrometheusProbe hostile = new PrometheusProbe("errors", api(), "unused", r,
        Optional.empty(), Clock.systemUTC()).batched(batch, "a\"}or vector(1)#");

    assertThat(batch.query()).isEqualTo("errors{host=~\"web-1|web-2|a\\\"\\\\}or vector"
        + "\\\\(1\\\\)#\"} + 0 * restarts{host=~\"web-1|web-2|a\\\"\\\\}or vector"
        + "\\\\(1\\\\)#\"}");
    assertThat(one.check().reason()).isEqualTo("errors 1 == 1: passed");
    assertThat(two.check().reason()).isEqualTo("errors 1 == 1: passed");
    assertThat(hostile.check().measurement().verdict()).isEqualTo("no data");
    assertThat(batch.unusable()).isFalse();
  }

  @Test
  void aQueryThatAggregatesTheLabelAwayFallsBackToOneQueryPerHost() {
    PrometheusBatch batch = new PrometheusBatch(api(), "host", m -> "sum(errors{" + m + "})",
        Duration.ofSeconds(5), Clock.systemUTC());
    PrometheusProbe one = new PrometheusProbe("errors", api(), "sum(errors{host=\"web-1\"})",
        rule("== 1", null), Optional.empty(), Clock.systemUTC()).batched(batch, "web-1");
    batch.add("web-2");

    ProbeResult r = one.check();

    assertThat(batch.unusable()).isTrue();
    assertThat(r.reason()).isEqualTo("errors 1 == 1: passed");
  }
}
