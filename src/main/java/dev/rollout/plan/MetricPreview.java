package dev.rollout.plan;

import dev.rollout.probe.MetricRule;
import dev.rollout.source.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How the preview shows a metric probe: what it asks of which server, and how it judges. */
final class MetricPreview {

  private MetricPreview() {}

  /** The resolved query (or alert selector) and the server, with values as shown. */
  static String asked(ProbeSpec p, HostValues v) {
    String server = Template.plain(p.target(), v.shown());
    MetricSpec m = p.metric();
    if (p.kind() == ProbeSpec.Kind.ALERTS) {
      Map<String, String> match = new TreeMap<>();
      m.match().forEach((k, val) -> match.put(k, Template.plain(val, v.shown())));
      return "alerts " + match.entrySet().stream().map(e -> e.getKey() + "=\""
          + dev.rollout.probe.PromQl.labelValue(e.getValue()) + "\"")
          .collect(Collectors.joining(",", "{", "}")) + " in "
          + ("prometheus".equals(m.alertsFrom()) ? "Prometheus" : "Alertmanager") + " " + server;
    }
    return MetricQuery.resolve(m.query(), v.shown()) + "  @ " + server;
  }

  /** The judgement in words: {@code success < 1, failure >= 3, no data fails, ...}. */
  static String expect(ProbeSpec p) {
    MetricSpec m = p.metric();
    if (p.kind() == ProbeSpec.Kind.ALERTS) {
      return "no matching alert firing for " + Durations.format(m.firingFor())
          + ", errors after " + m.rule().errorsAfter();
    }
    MetricRule r = m.rule();
    List<String> parts = new ArrayList<>();
    parts.add("success " + r.success().text());
    r.failure().ifPresent(f -> parts.add("failure " + f.text()));
    r.range().ifPresent(d -> parts.add(r.reduce().key() + " over " + Durations.format(d)));
    parts.add("no data " + switch (r.noData()) {
      case FAIL -> "fails";
      case PASS -> "passes";
      case INCONCLUSIVE -> "is inconclusive";
    });
    if (r.perSeries() != MetricRule.PerSeries.ONE) {
      parts.add("perSeries " + r.perSeries().key());
    }
    parts.add("inconclusive: " + r.onInconclusive().key());
    parts.add("errors after " + r.errorsAfter());
    if (m.interval() != null) {
      parts.add("every " + Durations.format(m.interval()));
    }
    return String.join(", ", parts);
  }
}
