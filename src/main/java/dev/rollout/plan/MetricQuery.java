package dev.rollout.plan;

import dev.rollout.probe.PromQl;

/**
 * A metric probe's query with its variables substituted, each value escaped as a PromQL label
 * value; validation made sure every variable stands inside a double-quoted string, so no value can
 * change the query.
 */
public final class MetricQuery {

  private MetricQuery() {}

  /** The query as it is sent, with {@code values} (real or shown). */
  public static String resolve(String query, Template.Values values) {
    return Template.plain(query, ref -> PromQl.labelValue(values.valueOf(ref)));
  }
}
