package dev.rollout.report;

import static dev.rollout.report.HtmlText.clock;
import static dev.rollout.report.HtmlText.esc;
import static dev.rollout.report.HtmlText.iso;

import dev.rollout.report.RunReport.Band;
import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.StateSpan;
import java.time.Duration;
import java.time.Instant;

/**
 * The timeline chart of the HTML report, as inline SVG: the stages as bands across the top (and
 * shaded down the rows), then one row per host with its state over time and its probes' results
 * as marks ({@link HtmlMarks}). Each mark says what it is in its shape and its {@code <title>}
 * as well as its colour; the same facts are in the report's text below the chart.
 */
final class HtmlChart {

  static final int LABEL = 170;
  static final int WIDTH = 1000;
  static final int ROW = 14;
  static final int TOP = 22 + 3 * ROW;

  private final StringBuilder b = new StringBuilder();
  private final Instant start;
  private final Instant end;

  private HtmlChart(Instant start, Instant end) {
    this.start = start;
    this.end = end.isAfter(start) ? end : start.plusSeconds(1);
  }

  /** The chart of {@code r} from its start to its end (or the snapshot's time). */
  static String of(RunReport r) {
    Instant from = r.started() == null ? r.asOf() : r.started();
    if (from == null) {
      return "<p>No event yet: nothing to draw.</p>";
    }
    HtmlChart c = new HtmlChart(from, r.asOf() == null ? from : r.asOf());
    return c.draw(r);
  }

  /** The x of {@code t}, in SVG units. */
  double x(Instant t) {
    long total = Duration.between(start, end).toMillis();
    long at = Duration.between(start, t == null ? end : t).toMillis();
    return LABEL + Math.max(0, Math.min(total, at)) * (double) WIDTH / total;
  }

  private String draw(RunReport r) {
    int height = TOP + r.hosts().size() * ROW + 4;
    b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" ")
        .append("aria-label=\"stages and host health over time\" viewBox=\"0 0 ")
        .append(LABEL + WIDTH + 10).append(' ').append(height).append("\" data-start=\"")
        .append(iso(start)).append("\" data-end=\"").append(iso(end)).append("\" data-x0=\"")
        .append(LABEL).append("\" data-width=\"").append(WIDTH).append("\">")
        .append(HtmlMarks.DEFS);
    axis(height);
    r.stages().forEach(s -> band(s, height));
    int noisy = (int) r.hosts().stream().filter(h -> h.probes().stream()
        .anyMatch(p -> !p.result().equals("healthy"))).count();
    for (int i = 0; i < r.hosts().size(); i++) {
      row(r.hosts().get(i), TOP + i * ROW, noisy);
    }
    return b.append("</svg>").toString();
  }

  private void axis(int height) {
    Duration step = step(Duration.between(start, end));
    Instant t = Instant.ofEpochMilli(start.toEpochMilli() / step.toMillis() * step.toMillis());
    for (; !t.isAfter(end); t = t.plus(step)) {
      if (t.isBefore(start)) {
        continue;
      }
      String x = n(x(t));
      b.append("<line class=\"tick\" x1=\"").append(x).append("\" x2=\"").append(x)
          .append("\" y1=\"14\" y2=\"").append(height).append("\"/><text class=\"tick\" x=\"")
          .append(x).append("\" y=\"11\">").append(step.toHours() >= 24 ? t.toString()
              .substring(5, 16).replace('T', ' ') : clock(t)).append("</text>");
    }
    String[] lanes = {"stage", "soak", "rollback"};
    for (int i = 0; i < lanes.length; i++) {
      b.append("<text class=\"lane\" x=\"4\" y=\"").append(22 + i * ROW + 10).append("\">")
          .append(lanes[i]).append("</text>");
    }
  }

  private static Duration step(Duration total) {
    long[] seconds = {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400};
    for (long s : seconds) {
      if (total.toSeconds() / s <= 8) {
        return Duration.ofSeconds(s);
      }
    }
    return Duration.ofDays(Math.max(1, total.toDays() / 8));
  }

  private void band(Band s, int height) {
    int lane = s.kind().equals("rollback") ? 2 : s.label().endsWith(" soak") ? 1 : 0;
    double x0 = x(s.from());
    double w = Math.max(1, x(s.to()) - x0);
    String title = s.label() + " from " + HtmlText.time(s.from()) + (s.to() == null
        ? ", still going on" : " to " + HtmlText.time(s.to()));
    b.append("<g class=\"band band-").append(esc(s.kind())).append("\" data-stage=\"")
        .append(esc(s.label())).append("\" data-from=\"").append(iso(s.from()))
        .append("\" data-to=\"").append(iso(s.to())).append("\"><title>").append(esc(title))
        .append("</title>");
    if (lane != 1) {
      b.append("<rect class=\"shade\" x=\"").append(n(x0)).append("\" y=\"").append(TOP)
          .append("\" width=\"").append(n(w)).append("\" height=\"").append(height - TOP)
          .append("\"/>");
    }
    b.append("<rect x=\"").append(n(x0)).append("\" y=\"").append(22 + lane * ROW)
        .append("\" width=\"").append(n(w)).append("\" height=\"").append(ROW - 2)
        .append("\"/>");
    if (w > 6 * s.label().length()) {
      b.append("<text x=\"").append(n(x0 + 3)).append("\" y=\"").append(22 + lane * ROW + 10)
          .append("\">").append(esc(s.label())).append("</text>");
    }
    b.append("</g>");
  }

  /** {@code noisy}: how many rows have a result that is not healthy, sharing the marks' budget. */
  private void row(HostReport h, int y, int noisy) {
    b.append("<g class=\"host-row\" data-host=\"").append(esc(h.name())).append("\" data-state=\"")
        .append(esc(h.finalState())).append("\"><text class=\"host-name\" x=\"4\" y=\"")
        .append(y + 10).append("\">").append(esc(short24(h.name()))).append("<title>")
        .append(esc(h.name() + ": " + h.finalState().replace('_', ' '))).append("</title></text>");
    for (StateSpan s : h.states()) {
      double x0 = x(s.from());
      b.append("<rect class=\"state s-").append(esc(s.state().replace(' ', '-')))
          .append("\" x=\"").append(n(x0)).append("\" y=\"").append(y + 1).append("\" width=\"")
          .append(n(Math.max(0.5, x(s.to()) - x0))).append("\" height=\"3\"><title>")
          .append(esc(h.name() + ": " + s.state() + " from " + clock(s.from()))).append("</title></rect>");
    }
    new HtmlMarks(this, h, noisy).draw(b, y + 5);
    b.append("</g>");
  }

  private static String short24(String s) {
    return s.length() > 24 ? s.substring(0, 23) + "…" : s;
  }

  /** A coordinate with at most one decimal. */
  static String n(double v) {
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
  }
}
