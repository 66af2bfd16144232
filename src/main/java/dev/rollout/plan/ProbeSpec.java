package dev.rollout.plan;

import dev.rollout.source.Position;
import java.time.Duration;

/**
 * A probe as the plan writes it, variables not yet substituted.
 *
 * @param name for people
 * @param kind http, tcp, ssh, local, prometheus or alerts
 * @param target the URL, {@code host:port} or command
 * @param expectStatus for http: the expected status code
 * @param expectBody for http: text the body must contain, or null
 * @param timeout how long one check may take
 * @param position where the probe is written
 * @param metric for prometheus and alerts probes: what to ask and how to judge; null otherwise
 */
public record ProbeSpec(
    String name,
    Kind kind,
    String target,
    int expectStatus,
    String expectBody,
    Duration timeout,
    Position position,
    MetricSpec metric) {

  /** A probe of a kind that asks no metrics server. */
  public ProbeSpec(String name, Kind kind, String target, int expectStatus, String expectBody,
      Duration timeout, Position position) {
    this(name, kind, target, expectStatus, expectBody, timeout, position, null);
  }

  /** True for the kinds that ask a metrics server: prometheus and alerts. */
  public boolean isMetric() {
    return kind == Kind.PROMETHEUS || kind == Kind.ALERTS;
  }

  /** Used when a probe sets no {@code timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The kinds of probe. */
  public enum Kind {
    /** An HTTP(S) GET; TLS verified. */
    HTTP,
    /** A TCP connect. */
    TCP,
    /** A command on the target over its shared connection; exit 0 is healthy. */
    SSH,
    /** A command on the controller, with the host's variables in its environment. */
    LOCAL,
    /** A PromQL query to Prometheus, its value judged by a condition. */
    PROMETHEUS,
    /** Alerts firing for the host in Alertmanager (or Prometheus). */
    ALERTS;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
