package dev.rollout.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * What a metric probe measured in one check, journaled as it is so a report can show the value
 * beside the condition.
 *
 * @param query the query as sent, variables substituted and escaped
 * @param value the value judged, after {@code reduce} and {@code perSeries}; null when there was no
 *     data or the check could not be made
 * @param at the time of the sample judged (Prometheus's timestamp), or of the check without one
 * @param verdict {@code passed}, {@code failed}, {@code inconclusive}, {@code no data} or {@code
 *     error}
 * @param condition the condition the value was held against, e.g. {@code >= 3}; empty without one
 */
public record Measurement(String query, Double value, Instant at, String verdict,
    String condition) {

  public Measurement {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(verdict, "verdict");
    condition = condition == null ? "" : condition;
  }

  /** The value as an operator reads it: an integer without decimals, otherwise up to 4 places. */
  public static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros()
        .toPlainString();
  }
}
