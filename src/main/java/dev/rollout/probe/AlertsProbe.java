package dev.rollout.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Unhealthy while an alert whose labels match has been firing for at least {@code firingFor}: in
 * Alertmanager (API v2: active alerts only, silenced and inhibited ones left out, filtered by the
 * server and again here) or, with {@code fromPrometheus}, in Prometheus's own alerts ({@code
 * /api/v1/alerts}, state firing, timed from {@code activeAt}; Prometheus knows no silences). An
 * alert firing for less is reported and healthy: a blip is not a failure. The server being down is
 * a probe error.
 */
public final class AlertsProbe implements Probe {

  private final String name;
  private final PrometheusApi api;
  private final boolean fromPrometheus;
  private final Map<String, String> match;
  private final String selector;
  private final Duration firingFor;
  private final int errorsAfter;
  private final Optional<Duration> interval;
  private final Clock clock;
  private OutputMask mask = OutputMask.NONE;

  /** @param match resolved label values every counted alert must have */
  public AlertsProbe(String name, PrometheusApi api, boolean fromPrometheus,
      Map<String, String> match, Duration firingFor, int errorsAfter,
      Optional<Duration> interval, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.api = Objects.requireNonNull(api, "api");
    this.fromPrometheus = fromPrometheus;
    this.match = Map.copyOf(new TreeMap<>(match));
    this.selector = new TreeMap<>(match).entrySet().stream() // made once, shown by every check
        .map(e -> e.getKey() + "=\"" + PromQl.labelValue(e.getValue()) + "\"")
        .collect(Collectors.joining(",", "{", "}"));
    this.firingFor = Objects.requireNonNull(firingFor, "firingFor");
    this.errorsAfter = errorsAfter;
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Masks {@code mask}'s secrets in the target and in every reason: the server's URL or a label
   * value may hold one. Returns this probe.
   */
  public AlertsProbe masked(OutputMask mask) {
    this.mask = Objects.requireNonNull(mask, "mask");
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "alerts";
  }

  @Override
  public String target() {
    return mask.mask(selector() + " in " + (fromPrometheus ? "Prometheus" : "Alertmanager")
        + " at " + api.base());
  }

  /** The label selector, as PromQL writes one: {@code {instance="web-1"}}. */
  public String selector() {
    return selector;
  }

  @Override
  public int errorsAfter() {
    return errorsAfter;
  }

  @Override
  public Optional<Duration> interval() {
    return interval;
  }

  @Override
  public ProbeResult check() {
    Instant now = clock.instant();
    JsonNode alerts;
    try {
      alerts = fromPrometheus ? api.prometheusAlerts() : api.alertmanagerAlerts(match);
    } catch (PrometheusApi.Unavailable e) {
      return result(ProbeResult.Outcome.ERROR, "metrics unavailable: " + e.getMessage(), now,
          null, "error");
    }
    String longest = null;
    Duration longestFor = Duration.ZERO;
    int over = 0;
    for (JsonNode a : alerts) {
      Optional<Instant> since = firingSince(a);
      if (since.isEmpty() || !matches(a.path("labels"))) {
        continue;
      }
      Duration firing = Duration.between(since.get(), now);
      over += firing.compareTo(firingFor) >= 0 ? 1 : 0;
      if (longest == null || firing.compareTo(longestFor) > 0) {
        longest = a.path("labels").path("alertname").asText("?");
        longestFor = firing;
      }
    }
    String limit = "for: " + Reasons.duration(firingFor);
    if (longest == null) {
      return result(ProbeResult.Outcome.HEALTHY, name + ": no alert " + selector() + " firing",
          now, 0.0, "passed");
    }
    String text = name + ": alert " + longest + " firing for " + roughly(longestFor);
    if (over > 0) {
      return result(ProbeResult.Outcome.UNHEALTHY, text + ", at least " + limit + ": failed",
          now, (double) over, "failed");
    }
    return result(ProbeResult.Outcome.HEALTHY, text + ", less than " + limit + ": passed", now,
        0.0, "passed");
  }

  private Optional<Instant> firingSince(JsonNode a) {
    boolean firing = fromPrometheus ? "firing".equals(a.path("state").asText())
        : "active".equals(a.path("status").path("state").asText())
            && a.path("status").path("silencedBy").isEmpty()
            && a.path("status").path("inhibitedBy").isEmpty();
    if (!firing) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(a.path(fromPrometheus ? "activeAt" : "startsAt")
          .asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private boolean matches(JsonNode labels) {
    return match.entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
  }

  private ProbeResult result(ProbeResult.Outcome o, String reason, Instant start, Double value,
      String verdict) {
    Measurement m = new Measurement("alerts" + selector() + " " + limitText(), value, start,
        verdict, "firing " + limitText() + " == 0");
    return new ProbeResult(name, o, mask.mask(reason), "", start,
        Duration.between(start, clock.instant()), m);
  }

  /** Seconds under two minutes, whole minutes under two hours, else whole hours. */
  static String roughly(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s / 3600 + "h";
  }

  private String limitText() {
    return "for >= " + Reasons.duration(firingFor);
  }
}
