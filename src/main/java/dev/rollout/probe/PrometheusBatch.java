package dev.rollout.probe;

import dev.rollout.probe.PrometheusApi.Series;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One instant query for a metric probe's hosts together, matched back to each host by a label:
 * the query {@code restarts{host="${host.name}"}} of 1,000 hosts becomes one {@code
 * restarts{host=~"web-1|web-2|..."}} per interval instead of 1,000 (bench/RESULTS.md: the per-host
 * queries cost the controller about 10% of a core at 1,000 hosts every 30 s). An answer serves
 * each host once, within {@code reuse} (an interval) of it: hosts whose checks are spread over the
 * interval (they finished their change at different times) share one query per interval, and a
 * host that asks again within it (a check on demand: after its change, after a rollback) gets a
 * fresh answer, which then serves the others. One query is in flight at a time; the checks that
 * ask meanwhile wait for its answer. When a
 * series comes back without the label (the query aggregated it away), the batch cannot tell hosts
 * apart: it says so once and every host asks on its own from then on. Thread-safe.
 */
public final class PrometheusBatch {

  private final PrometheusApi api;
  private final String label;
  private final Function<String, String> queryFor;
  private final Duration reuse;
  private final Clock clock;
  private final Set<String> values = new LinkedHashSet<>();
  private Instant fetchedAt;
  private Map<String, List<Series>> byValue;
  private final Set<String> served = new java.util.HashSet<>();
  private String query;
  private PrometheusApi.Unavailable failure;
  private boolean unusable;

  /**
   * @param label the label whose value tells hosts apart
   * @param queryFor the query with the label's matcher given as a PromQL matcher text, e.g. {@code
   *     host=~"a|b"} (already escaped)
   * @param reuse how long one answer serves the checks that follow it (each host's once)
   */
  public PrometheusBatch(PrometheusApi api, String label, Function<String, String> queryFor,
      Duration reuse, Clock clock) {
    this.api = Objects.requireNonNull(api, "api");
    this.label = Objects.requireNonNull(label, "label");
    this.queryFor = Objects.requireNonNull(queryFor, "queryFor");
    this.reuse = Objects.requireNonNull(reuse, "reuse");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds a host's label value; call before the checks start. */
  public synchronized void add(String value) {
    values.add(value);
    fetchedAt = null;
    query = null;
  }

  /** The query as sent for all hosts. */
  public synchronized String query() {
    if (query == null) {
      query = queryFor.apply(label + "=~\"" + PromQl.labelValue(values.stream()
          .map(PromQl::regexQuote).collect(Collectors.joining("|"))) + "\"");
    }
    return query;
  }

  /**
   * The series of the host whose label has {@code value}; null when the batch cannot tell hosts
   * apart (the caller then asks on its own).
   */
  public synchronized List<Series> seriesOf(String value) throws PrometheusApi.Unavailable {
    if (unusable) {
      return null;
    }
    Instant now = clock.instant();
    if (fetchedAt == null || served.contains(value)
        || Duration.between(fetchedAt, now).compareTo(reuse) >= 0) {
      fetch(now);
    }
    served.add(value);
    if (failure != null) {
      throw failure;
    }
    return unusable ? null : byValue.getOrDefault(value, List.of());
  }

  private void fetch(Instant now) {
    fetchedAt = now;
    failure = null;
    served.clear();
    try {
      List<Series> all = api.query(query(), now);
      Map<String, List<Series>> by = new java.util.HashMap<>();
      for (Series s : all) {
        String v = s.labels().get(label);
        if (v == null) {
          unusable = true;
          return;
        }
        by.computeIfAbsent(v, k -> new ArrayList<>()).add(s);
      }
      byValue = by;
    } catch (PrometheusApi.Unavailable e) {
      failure = e;
    }
  }

  /** True once a series came back without the label: every host asks on its own. */
  public synchronized boolean unusable() {
    return unusable;
  }
}
