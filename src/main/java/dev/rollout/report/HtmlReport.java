package dev.rollout.report;

import static dev.rollout.report.HtmlText.esc;
import static dev.rollout.report.HtmlText.time;

import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.Moment;
import dev.rollout.report.RunReport.Streak;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link RunReport} as one self-contained HTML file: inline CSS and SVG, no script, no font,
 * no image, nothing fetched (a Content-Security-Policy forbids it too). Readable on a phone and
 * printable. At the top what an operator asks first (outcome, what changed, what failed and why,
 * what was rolled back, how long); then the chart of stages and host health over time; then the
 * same facts as text (probe failures, the timeline); then each host's steps and output, collapsed.
 */
public final class HtmlReport {

  private static final int NAMED = 40;
  /** Rows of the failures table over all hosts, before a host's later streaks are summed up. */
  private static final int STREAK_ROWS = 5_000;

  private final StringBuilder b = new StringBuilder(1 << 16);
  private final RunReport r;

  private HtmlReport(RunReport r) {
    this.r = r;
  }

  public static String render(RunReport r) {
    return new HtmlReport(r).write();
  }

  private String write() {
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'\">").append("<title>Rollout run ")
        .append(esc(r.runId())).append(": ").append(esc(r.plan())).append("</title><style>")
        .append(HtmlStyle.CSS).append("</style></head><body>\n");
    header();
    section("plan", "Plan");
    b.append("<p>").append(r.description().isEmpty() ? "<em>no description</em>"
        : esc(r.description())).append("</p><table class=\"settings\">");
    r.strategy().forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>")
        .append(v.isEmpty() ? "(not set)" : esc(v)).append("</td></tr>"));
    b.append("</table></section>\n");
    section("chart", "Stages and health over time");
    b.append(HtmlStyle.LEGEND).append("<div class=\"scroll\">").append(HtmlChart.of(r))
        .append("</div></section>\n");
    failures();
    timeline();
    analysis();
    section("hosts", "Hosts");
    r.hosts().forEach(h -> HtmlHost.write(b, h));
    b.append("</section>\n<footer>Made by rollout report from the run's journal")
        .append(r.inProgress() ? ", as of " + time(r.asOf()) : "").append(".</footer>")
        .append("</body></html>\n");
    return b.toString();
  }

  private void header() {
    b.append("<header><h1>Run ").append(esc(r.runId())).append(": ").append(esc(r.plan()))
        .append("</h1>");
    if (r.inProgress()) {
      b.append("<p class=\"snapshot\" id=\"snapshot\"><strong>Snapshot:</strong> the run has not ")
          .append("ended; this is how it stood at ").append(time(r.asOf()))
          .append(". Make the report again for what happened since.</p>");
    }
    b.append("<dl class=\"summary\" id=\"summary\">");
    item("Outcome", "<strong class=\"outcome o-" + esc(r.outcome()) + "\">"
        + esc(r.outcome().replace('_', ' ')) + "</strong>");
    item("Summary", esc(r.summary()));
    item("Changed", names(h -> h.finalState().equals("changed")));
    item("Failed", failedWhy());
    item("Rolled back", names(h -> h.finalState().startsWith("rolled_back")
        || h.finalState().startsWith("rollback")));
    item("Took", r.started() == null || r.asOf() == null ? "" : HtmlText.took(Duration
        .between(r.started(), r.asOf())) + (r.inProgress() ? " so far" : ""));
    item("Started", time(r.started()));
    item("Ended", r.ended() == null ? "not yet" : time(r.ended()));
    item("Targets", r.targets().size() + " host(s)");
    item("Probe checks", r.probeTotals().checks() + " counted, " + r.probeTotals().failures()
        + " failed");
    b.append("</dl></header>\n");
  }

  private String names(Predicate<HostReport> which) {
    List<String> hosts = r.hosts().stream().filter(which).map(HostReport::name).toList();
    if (hosts.isEmpty()) {
      return "none";
    }
    String shown = String.join(", ", hosts.subList(0, Math.min(NAMED, hosts.size())));
    return hosts.size() + ": " + esc(shown) + (hosts.size() > NAMED ? " and "
        + (hosts.size() - NAMED) + " more (see Hosts)" : "");
  }

  private String failedWhy() {
    List<HostReport> failed = r.hosts().stream().filter(h -> h.failure() != null).toList();
    if (failed.isEmpty()) {
      return "none";
    }
    StringBuilder s = new StringBuilder("<ul class=\"why\">");
    failed.stream().limit(NAMED).forEach(h -> s.append("<li><a href=\"#").append(HtmlHost.id(h))
        .append("\">").append(esc(h.name())).append("</a>: ").append(esc(h.failure()))
        .append("</li>"));
    if (failed.size() > NAMED) {
      s.append("<li>and ").append(failed.size() - NAMED).append(" more (see Hosts)</li>");
    }
    return s.append("</ul>").toString();
  }

  private void failures() {
    section("failures", "Probe failures");
    b.append("<p>Each streak of failed checks of a probe: its first failure, when the probe was ")
        .append("declared unhealthy, and when it ended (the chart's marks, as text).</p>");
    boolean any = false;
    long total = r.hosts().stream().mapToLong(h -> h.streaks().size()).sum();
    long failing = r.hosts().stream().filter(h -> !h.streaks().isEmpty()).count();
    int each = total <= STREAK_ROWS ? Integer.MAX_VALUE
        : (int) Math.max(5, STREAK_ROWS / Math.max(1, failing));
    for (HostReport h : r.hosts()) {
      List<Streak> all = h.streaks();
      for (Streak s : all.subList(0, Math.min(each, all.size()))) {
        if (!any) {
          b.append("<div class=\"scroll\"><table class=\"failures\"><thead><tr><th>host</th>")
              .append("<th>probe</th><th>result</th><th>first failure</th><th>declared</th>")
              .append("<th>until</th><th>checks</th><th>message</th><th>value</th></tr></thead>")
              .append("<tbody>");
          any = true;
        }
        streak(h, s);
      }
      if (all.size() > each) {
        more(h, all.subList(each, all.size()));
      }
    }
    b.append(any ? "</tbody></table></div>" : "<p>No probe failed.</p>").append("</section>\n");
  }

  private void streak(HostReport h, Streak s) {
    b.append("<tr class=\"streak\" data-host=\"").append(esc(h.name())).append("\" data-probe=\"")
        .append(esc(s.probe())).append("\" data-from=\"").append(HtmlText.iso(s.from()))
        .append("\"><td>").append(esc(h.name())).append("</td><td>").append(esc(s.probe()))
        .append("</td><td class=\"r-").append(esc(s.result())).append("\">")
        .append(esc(s.result())).append("</td><td>").append(time(s.from())).append("</td><td>")
        .append(s.declaredAt() == null ? "no" : time(s.declaredAt())).append("</td><td>")
        .append(s.until() == null ? "still failing" : time(s.until())).append("</td><td>")
        .append(s.checks() == null ? "" : s.checks()).append("</td><td>").append(esc(s.reason()))
        .append("</td><td>").append(s.value() == null ? "" : HtmlText.number(s.value()))
        .append("</td></tr>");
  }

  /** A host's later streaks, summed up in one row (each is in the JSON report). */
  private void more(HostReport h, List<Streak> rest) {
    long checks = rest.stream().mapToLong(s -> s.checks() == null ? 0 : s.checks()).sum();
    long declared = rest.stream().filter(s -> s.declaredAt() != null).count();
    Streak last = rest.get(rest.size() - 1);
    b.append("<tr class=\"more\"><td>").append(esc(h.name())).append("</td><td colspan=\"8\">")
        .append(rest.size()).append(" more streak(s) from ").append(time(rest.get(0).from()))
        .append(" to ").append(last.until() == null ? "now" : time(last.until())).append(", ")
        .append(checks).append(" failed check(s) counted, ").append(declared)
        .append(" declared unhealthy; every one is in rollout report --format json</td></tr>");
  }

  private void timeline() {
    section("timeline", "Timeline (UTC)");
    b.append("<ol class=\"timeline\">");
    for (Moment m : r.timeline()) {
      b.append("<li class=\"k-").append(esc(m.kind())).append("\"><time>").append(time(m.at()))
          .append("</time> <strong>").append(esc(m.kind())).append("</strong>: ")
          .append(esc(m.text())).append("</li>");
    }
    b.append("</ol></section>\n");
  }

  private void analysis() {
    if (r.analysis().isEmpty()) {
      return;
    }
    section("analysis", "Analysis");
    b.append("<div class=\"scroll\"><table><tr><th>stage</th><th>metric</th><th>judged by</th>")
        .append("<th>compared with</th><th>values</th><th>verdict</th></tr>");
    r.analysis().forEach(a -> b.append("<tr><td>").append(esc(a.stage())).append("</td><td>")
        .append(esc(a.metric())).append("</td><td>").append(esc(a.method())).append("</td><td>")
        .append(esc(a.comparedWith())).append("</td><td>").append(esc(a.values()))
        .append("</td><td>").append(esc(a.verdict() + ": " + a.sentence()))
        .append("</td></tr>"));
    b.append("</table></div></section>\n");
  }

  private void item(String term, String html) {
    b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
  }

  private void section(String id, String title) {
    b.append("<section id=\"").append(id).append("\"><h2>").append(title).append("</h2>");
  }
}
