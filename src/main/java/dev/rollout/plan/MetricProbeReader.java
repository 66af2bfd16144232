package dev.rollout.plan;

import dev.rollout.plan.ProbeSpec.Kind;
import dev.rollout.probe.Condition;
import dev.rollout.probe.MetricRule;
import dev.rollout.probe.MetricRule.NoData;
import dev.rollout.probe.MetricRule.PerSeries;
import dev.rollout.probe.MetricRule.Reduce;
import dev.rollout.probe.OnInconclusive;
import dev.rollout.probe.PromQl;
import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Problems;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the keys of a {@code prometheus} or {@code alerts} probe, and refuses them elsewhere. */
final class MetricProbeReader {

  static final Set<String> PROMETHEUS = Set.of("query", "range", "reduce", "success", "failure",
      "noData", "perSeries", "errorsAfter", "onInconclusive", "interval", "token");
  static final Set<String> ALERTS = Set.of("match", "for", "from", "errorsAfter", "interval",
      "token");

  private final Problems problems;

  MetricProbeReader(Problems problems) {
    this.problems = problems;
  }

  /** Every key a probe may have beyond the common ones. */
  static Set<String> keys() {
    Set<String> all = new java.util.HashSet<>(PROMETHEUS);
    all.addAll(ALERTS);
    return all;
  }

  /** Reports a metric key on a probe of another kind (or an alerts key on a prometheus probe). */
  void refuseForeign(Fields f, Kind kind) {
    Set<String> own = kind == Kind.PROMETHEUS ? PROMETHEUS : kind == Kind.ALERTS ? ALERTS
        : Set.of();
    for (String key : keys()) {
      if (f.has(key) && !own.contains(key)) {
        problems.add(f.get(key), "unknown key \"" + key + "\" for " + (kind == Kind.HTTP ? "an " : "a ")
            + kind.key() + " probe",
            "it belongs to " + (PROMETHEUS.contains(key) ? "prometheus" : "alerts") + " probes");
      }
    }
  }

  /** The probe's metric settings; null when one of them is wrong (reported). */
  MetricSpec read(Fields f, Kind kind, String url) {
    checkUrl(f, kind, url);
    String token = token(f);
    Duration interval = f.positiveDuration("interval", "probe's interval").orElse(null);
    int errorsAfter = f.integer("errorsAfter", 1, 1000).orElse(MetricRule.DEFAULT_ERRORS_AFTER);
    if (kind == Kind.ALERTS) {
      Map<String, String> match = f.stringMap("match").orElse(Map.of());
      if (!f.has("match")) {
        problems.add(f.node(), "the alerts probe has no match",
            "say which alerts count, for example: match: {instance: \"${host.name}\"}");
      }
      String from = oneOf(f, "from", List.of("alertmanager", "prometheus"), "alertmanager");
      Duration firing = f.duration("for").orElse(MetricSpec.DEFAULT_FOR);
      return new MetricSpec(token, "", MetricRule.of(Condition.parse("== 0"))
          .withErrorsAfter(errorsAfter), interval, from, match, firing);
    }
    String query = f.string("query").orElse(null);
    if (query == null) {
      f.require("query", "a prometheus probe");
      return null;
    }
    checkQuery(f.get("query"), query);
    Optional<Condition> success = condition(f, "success");
    if (!f.has("success")) {
      problems.add(f.node(), "the prometheus probe has no success condition",
          "for example: success: \"< 1\"");
    }
    Optional<Condition> failure = condition(f, "failure");
    Optional<Duration> range = f.positiveDuration("range", "range");
    Reduce reduce = Reduce.valueOf(oneOf(f, "reduce", keys(Reduce.values()), "last")
        .toUpperCase(Locale.ROOT));
    if (f.has("reduce") && range.isEmpty() && !f.has("range")) {
      problems.add(f.get("reduce"), "reduce applies to a range query only", "add range: 30m");
    }
    NoData noData = NoData.valueOf(oneOf(f, "noData", keys(NoData.values()), "fail")
        .toUpperCase(Locale.ROOT));
    PerSeries per = PerSeries.valueOf(oneOf(f, "perSeries", List.of("all", "any"), "one")
        .toUpperCase(Locale.ROOT));
    OnInconclusive onInc = OnInconclusive.valueOf(oneOf(f, "onInconclusive",
        keys(OnInconclusive.values()), "pause").toUpperCase(Locale.ROOT));
    if (success.isEmpty()) {
      return null;
    }
    MetricRule rule = new MetricRule(success.get(), failure, range, reduce, noData, per,
        errorsAfter, onInc);
    return new MetricSpec(token, query, rule, interval, "prometheus", Map.of(), null);
  }

  private void checkUrl(Fields f, Kind kind, String url) {
    if (Template.references(url).isEmpty() && !HealthReader.isHttpUrl(url)) {
      String server = kind == Kind.PROMETHEUS ? "Prometheus" : "alerts server";
      problems.add(f.get(kind.key()), "the " + server + " URL \"" + url
          + "\" is not an http(s) URL", "write it in full, for example: " + (kind == Kind.PROMETHEUS
          ? "http://prometheus:9090" : "http://alertmanager:9093"));
    }
  }

  private String token(Fields f) {
    Node n = f.get("token");
    if (n == null) {
      return null;
    }
    Fields t = Fields.of(n, "token", Set.of("env"), problems);
    Optional<String> env = t == null ? Optional.empty() : t.string("env");
    if (t != null && env.isEmpty()) {
      problems.add(n, "the token must come from the environment",
          "write token: {env: PROMETHEUS_TOKEN}");
    }
    return env.orElse(null);
  }

  private void checkQuery(Node at, String query) {
    List<Template.Reference> refs = Template.references(query);
    List<Integer> bad = PromQl.outsideDoubleQuotes(query,
        refs.stream().map(Template.Reference::offset).toList());
    for (Template.Reference r : refs) {
      if (bad.contains(r.offset())) {
        problems.add(at, "the variable " + r.text() + " in the query is not inside a "
            + "double-quoted label value", "write it as a label value, for example: "
            + "{instance=\"" + r.text() + "\"}; only there can its value be escaped");
      }
    }
  }

  private Optional<Condition> condition(Fields f, String key) {
    Optional<String> text = f.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Condition.parse(text.get()));
    } catch (Condition.Malformed e) {
      Node n = f.get(key);
      problems.add(n, "malformed " + key + " condition \"" + text.get() + "\" (at character "
          + (e.offset() + 1) + "): " + e.getMessage(),
          "write comparisons joined by and, for example: \"< 1\" or \">= 0.5 and < 2\"");
      return Optional.empty();
    }
  }

  private String oneOf(Fields f, String key, List<String> allowed, String otherwise) {
    Optional<String> v = f.string(key);
    if (v.isEmpty()) {
      return otherwise;
    }
    if (!allowed.contains(v.get())) {
      problems.add(f.get(key), key + " must be " + String.join(" or ", allowed) + ", found \""
          + v.get() + "\"", "write one of: " + String.join(", ", allowed));
      return otherwise;
    }
    return v.get();
  }

  private static List<String> keys(Enum<?>[] values) {
    return Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
  }
}
