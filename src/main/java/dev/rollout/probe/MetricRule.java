package dev.rollout.probe;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a metric probe judges what its query returns.
 *
 * @param success the value is healthy when it meets this
 * @param failure the value is a failure when it meets this; empty: any value that is not a
 *     success is a failure. With both given, a value meeting neither is inconclusive
 * @param range empty for an instant query; else a range query over this window, reduced
 * @param reduce how a range's samples become one value
 * @param noData what a query returning nothing is
 * @param perSeries how several series are judged; {@link PerSeries#ONE} makes several an error
 * @param errorsAfter probe errors in a row before the probe is unhealthy, at least 1
 * @param onInconclusive what an inconclusive value does
 */
public record MetricRule(Condition success, Optional<Condition> failure, Optional<Duration> range,
    Reduce reduce, NoData noData, PerSeries perSeries, int errorsAfter,
    OnInconclusive onInconclusive) {

  /** Default of {@code errorsAfter}. */
  public static final int DEFAULT_ERRORS_AFTER = 4;

  public MetricRule {
    Objects.requireNonNull(success, "success");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(reduce, "reduce");
    Objects.requireNonNull(noData, "noData");
    Objects.requireNonNull(perSeries, "perSeries");
    Objects.requireNonNull(onInconclusive, "onInconclusive");
    if (errorsAfter < 1) {
      throw new IllegalArgumentException("errorsAfter must be at least 1, got " + errorsAfter);
    }
  }

  /** A rule with every default but the success condition. */
  public static MetricRule of(Condition success) {
    return new MetricRule(success, Optional.empty(), Optional.empty(), Reduce.LAST, NoData.FAIL,
        PerSeries.ONE, DEFAULT_ERRORS_AFTER, OnInconclusive.PAUSE);
  }

  /** This rule with {@code n} probe errors in a row before the probe is unhealthy. */
  public MetricRule withErrorsAfter(int n) {
    return new MetricRule(success, failure, range, reduce, noData, perSeries, n, onInconclusive);
  }

  /** The reduction of a range's samples to one value. */
  public enum Reduce {
    MAX, MIN, AVG, LAST;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A query with no data. FAIL by default: a silent Prometheus never counts as healthy. */
  public enum NoData {
    FAIL, PASS, INCONCLUSIVE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Several series: ONE (the default) makes it an error; ALL must each pass; ANY passing is. */
  public enum PerSeries {
    ONE, ALL, ANY;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
