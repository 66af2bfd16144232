package dev.rollout.probe;

import dev.rollout.probe.MetricRule.PerSeries;
import dev.rollout.probe.PrometheusApi.Sample;
import dev.rollout.probe.PrometheusApi.Series;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks Prometheus a PromQL query and judges the number it returns with a {@link MetricRule}. The
 * query is resolved before it gets here: every value substituted into it is escaped as a label
 * value ({@link PromQl}). Prometheus down, a query it refuses, or several series where one was
 * expected are probe <em>errors</em>, never health; no data fails unless the rule says otherwise.
 */
public final class PrometheusProbe implements Probe {

  private final String name;
  private final PrometheusApi api;
  private final String query;
  private final MetricRule rule;
  private final Optional<Duration> interval;
  private final Clock clock;
  private PrometheusBatch batch;
  private String batchValue;
  private OutputMask mask = OutputMask.NONE;

  /**
   * @param query the resolved PromQL query
   * @param interval this probe's own interval, or empty for the health policy's
   */
  public PrometheusProbe(String name, PrometheusApi api, String query, MetricRule rule,
      Optional<Duration> interval, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.api = Objects.requireNonNull(api, "api");
    this.query = Objects.requireNonNull(query, "query");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Asks through {@code batch} (one query for many hosts), this host's series being those whose
   * label has {@code value}; instant queries only. Returns this probe.
   */
  public PrometheusProbe batched(PrometheusBatch batch, String value) {
    if (rule.range().isEmpty()) {
      this.batch = batch;
      this.batchValue = value;
      batch.add(value);
    }
    return this;
  }

  /**
   * Masks {@code mask}'s secrets in the target and in every reason: the server's URL or the
   * query may hold one ({@code ${vars.token}}). Returns this probe.
   */
  public PrometheusProbe masked(OutputMask mask) {
    this.mask = Objects.requireNonNull(mask, "mask");
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "prometheus";
  }

  @Override
  public String target() {
    return mask.mask(query + " at " + api.base());
  }

  /** The resolved query. */
  public String query() {
    return query;
  }

  @Override
  public int errorsAfter() {
    return rule.errorsAfter();
  }

  @Override
  public OnInconclusive onInconclusive() {
    return rule.onInconclusive();
  }

  /** Batched probes are checked on interval boundaries, so their hosts share one query. */
  @Override
  public boolean aligned() {
    return batch != null;
  }

  @Override
  public Optional<Duration> interval() {
    return interval;
  }

  @Override
  public ProbeResult check() {
    Instant start = clock.instant();
    List<Series> series;
    try {
      List<Series> shared = batch == null ? null : batch.seriesOf(batchValue);
      series = shared != null ? shared : rule.range().isPresent()
          ? api.queryRange(query, start.minus(rule.range().get()), start, step())
          : api.query(query, start);
    } catch (PrometheusApi.Unavailable e) {
      return error(start, "metrics unavailable: " + e.getMessage());
    }
    series = series.stream().filter(s -> !s.samples().isEmpty()).toList();
    if (series.isEmpty()) {
      return noData(start);
    }
    if (series.size() > 1 && rule.perSeries() == PerSeries.ONE) {
      return error(start, "the query returned " + series.size() + " series, one expected "
          + "(set perSeries: all or any to judge each)");
    }
    return judge(series, start);
  }

  private Duration step() {
    Duration step = rule.range().get().dividedBy(100);
    return step.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : step;
  }

  private ProbeResult judge(List<Series> series, Instant start) {
    List<Judged> all = new ArrayList<>();
    for (Series s : series) {
      all.add(judge(reduce(s.samples()), last(s.samples()).at()));
    }
    Judged pick = pick(all);
    String text = name + " " + Measurement.format(pick.value) + " " + pick.shown + ": "
        + pick.verdict + (series.size() > 1 ? " (" + series.size() + " series, perSeries: "
        + rule.perSeries().key() + ")" : "");
    Measurement m = new Measurement(query, pick.value, pick.at, pick.verdict, pick.condition);
    ProbeResult.Outcome outcome = switch (pick.verdict) {
      case "passed" -> ProbeResult.Outcome.HEALTHY;
      case "failed" -> ProbeResult.Outcome.UNHEALTHY;
      default -> ProbeResult.Outcome.INCONCLUSIVE; // onInconclusive is judged by ProbeHealth

    };
    return result(outcome, text, start, m);
  }

  /** One value judged: its verdict, the condition shown beside it and the one it was held to. */
  private record Judged(double value, Instant at, String verdict, String shown, String condition) {}

  private Judged judge(double v, Instant at) {
    String ok = rule.success().text();
    if (rule.success().test(v)) {
      return new Judged(v, at, "passed", ok, ok);
    }
    if (rule.failure().isEmpty()) {
      return new Judged(v, at, "failed", "not " + ok, ok);
    }
    String bad = rule.failure().get().text();
    if (rule.failure().get().test(v)) {
      return new Judged(v, at, "failed", bad, bad);
    }
    return new Judged(v, at, "inconclusive", "neither " + ok + " nor " + bad, ok);
  }

  /** The series that decides: under ALL the worst, under ANY the best. */
  private Judged pick(List<Judged> all) {
    List<String> order = rule.perSeries() == PerSeries.ANY
        ? List.of("passed", "inconclusive", "failed") : List.of("failed", "inconclusive", "passed");
    for (String verdict : order) {
      for (Judged j : all) {
        if (j.verdict.equals(verdict)) {
          return j;
        }
      }
    }
    return all.get(0);
  }

  private double reduce(List<Sample> samples) {
    return switch (rule.reduce()) {
      case LAST -> last(samples).value();
      case MAX -> samples.stream().mapToDouble(Sample::value).max().orElseThrow();
      case MIN -> samples.stream().mapToDouble(Sample::value).min().orElseThrow();
      case AVG -> samples.stream().mapToDouble(Sample::value).average().orElseThrow();
    };
  }

  private static Sample last(List<Sample> samples) {
    return samples.get(samples.size() - 1);
  }

  private ProbeResult noData(Instant start) {
    String text = name + ": no data for the query";
    Measurement m = new Measurement(query, null, start, "no data", "");
    return switch (rule.noData()) {
      case PASS -> result(ProbeResult.Outcome.HEALTHY, text + " (noData: pass)", start, m);
      case FAIL -> result(ProbeResult.Outcome.UNHEALTHY, text + ": failed", start, m);
      case INCONCLUSIVE -> result(ProbeResult.Outcome.INCONCLUSIVE, text + ": inconclusive",
          start, m);
    };
  }

  private ProbeResult error(Instant start, String reason) {
    return result(ProbeResult.Outcome.ERROR, reason, start,
        new Measurement(query, null, start, "error", ""));
  }

  private ProbeResult result(ProbeResult.Outcome o, String reason, Instant start,
      Measurement m) {
    return new ProbeResult(name, o, mask.mask(reason), "", start,
        Duration.between(start, clock.instant()), m);
  }
}
