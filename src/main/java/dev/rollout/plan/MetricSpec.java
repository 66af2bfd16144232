package dev.rollout.plan;

import dev.rollout.probe.MetricRule;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A metric probe's settings as the plan writes them (a {@code prometheus} or {@code alerts} probe;
 * the server's URL is the probe's {@link ProbeSpec#target()}), variables not yet substituted.
 *
 * @param tokenEnv the controller's environment variable holding a bearer token, or null
 * @param query for prometheus: the PromQL query; variables go inside double-quoted label values
 * @param rule for prometheus: how the value is judged
 * @param interval this probe's interval, or null for {@code health.interval}
 * @param alertsFrom for alerts: {@code alertmanager} (API v2) or {@code prometheus} (its alerts)
 * @param match for alerts: label values an alert must have, variables not yet substituted
 * @param firingFor for alerts: how long a matching alert must have fired to make the host unhealthy
 */
public record MetricSpec(String tokenEnv, String query, MetricRule rule, Duration interval,
    String alertsFrom, Map<String, String> match, Duration firingFor) {

  /** Default of an alerts probe's {@code for}. */
  public static final Duration DEFAULT_FOR = Duration.ofMinutes(5);

  public MetricSpec {
    match = match == null ? Map.of() : Map.copyOf(new java.util.TreeMap<>(match));
    Objects.requireNonNull(alertsFrom, "alertsFrom");
  }
}
