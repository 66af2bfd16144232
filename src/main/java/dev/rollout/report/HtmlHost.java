package dev.rollout.report;

import static dev.rollout.report.HtmlChart.n;
import static dev.rollout.report.HtmlText.esc;
import static dev.rollout.report.HtmlText.time;

import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.Point;
import dev.rollout.report.RunReport.StepRun;
import java.util.List;

/**
 * One host in the HTML report, collapsed ({@code <details>}): its steps with exit codes and
 * durations, each failed step's output collapsed again, and each metric probe's values over time
 * as a small line with its first, lowest, highest and last value in words.
 */
final class HtmlHost {

  private static final int POINTS = 120;

  private HtmlHost() {}

  /** The element id of a host's section: its position-free, escaped-free name. */
  static String id(HostReport h) {
    return "host-" + Integer.toHexString(h.name().hashCode()) + "-" + h.name().length();
  }

  static void write(StringBuilder b, HostReport h) {
    b.append("<details class=\"host\" id=\"").append(id(h)).append("\" data-host=\"")
        .append(esc(h.name())).append("\"><summary><strong>").append(esc(h.name()))
        .append("</strong> <span class=\"state\">").append(esc(h.finalState().replace('_', ' '))).append("</span>, ")
        .append(h.steps().size()).append(" step(s)");
    if (h.failure() != null) {
      b.append(" <span class=\"failed\">FAILED: ").append(esc(h.failure())).append("</span>");
    }
    b.append("</summary>");
    steps(b, h.steps());
    h.metrics().forEach((probe, last) -> metric(b, probe, last,
        h.series().getOrDefault(probe, List.of())));
    b.append("</details>\n");
  }

  private static void steps(StringBuilder b, List<StepRun> steps) {
    if (steps.isEmpty()) {
      b.append("<p><em>no step ran</em></p>");
      return;
    }
    b.append("<div class=\"scroll\"><table class=\"steps\"><tr><th>time</th><th>phase</th>")
        .append("<th>step</th><th>via</th><th>exit</th><th>duration</th></tr>");
    for (StepRun s : steps) {
      b.append("<tr class=\"step ").append(s.finished() ? "" : "unknown").append("\"><td>")
          .append(time(s.at())).append("</td><td>").append(esc(s.phase())).append("</td><td>")
          .append(s.number()).append(". ").append(esc(s.name())).append("</td><td>")
          .append(esc(s.path())).append("</td><td>").append(esc(exit(s))).append("</td><td>")
          .append(s.finished() ? s.durationMillis() + " ms" : "").append("</td></tr>");
    }
    b.append("</table></div>");
    for (StepRun s : steps) {
      String text = s.error() != null ? s.error() : s.output();
      if (text != null) {
        b.append("<details class=\"output\"><summary>output of ").append(esc(s.phase()))
            .append(' ').append(s.number()).append(" \"").append(esc(s.name()))
            .append("\"</summary><pre>").append(esc(text)).append("</pre></details>");
      }
    }
  }

  private static String exit(StepRun s) {
    if (!s.finished()) {
      return s.result().equals("running") ? "none yet (running)" : "unknown (interrupted)";
    }
    return s.error() != null ? "could not run" : s.timedOut() ? "timed out"
        : Integer.toString(s.exitCode());
  }

  private static void metric(StringBuilder b, String probe, String last, List<Point> points) {
    b.append("<div class=\"metric\"><span>").append(esc(probe)).append(": ").append(esc(last))
        .append("</span>");
    if (points.size() > 1) {
      List<Point> shown = thin(points);
      double lo = shown.stream().mapToDouble(Point::value).min().orElse(0);
      double hi = shown.stream().mapToDouble(Point::value).max().orElse(0);
      long t0 = shown.get(0).at().toEpochMilli();
      double span = Math.max(1, shown.get(shown.size() - 1).at().toEpochMilli() - t0);
      StringBuilder pts = new StringBuilder();
      for (Point p : shown) {
        double x = (p.at().toEpochMilli() - t0) / span * 160;
        double y = hi == lo ? 12 : 22 - (p.value() - lo) / (hi - lo) * 20;
        pts.append(n(x)).append(',').append(n(y)).append(' ');
      }
      b.append("<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 24\" ")
          .append("role=\"img\" aria-label=\"values over time\"><polyline points=\"")
          .append(pts.toString().strip()).append("\"/></svg><span class=\"range\">")
          .append(points.size()).append(" values, first ")
          .append(HtmlText.number(points.get(0).value())).append(", lowest ")
          .append(HtmlText.number(lo)).append(", highest ").append(HtmlText.number(hi))
          .append(", last ").append(HtmlText.number(points.get(points.size() - 1).value()))
          .append("</span>");
    }
    b.append("</div>");
  }

  /** At most {@link #POINTS} points: each bucket's highest, so a spike is never smoothed away. */
  private static List<Point> thin(List<Point> points) {
    if (points.size() <= POINTS) {
      return points;
    }
    List<Point> out = new java.util.ArrayList<>();
    int per = (points.size() + POINTS - 1) / POINTS;
    for (int i = 0; i < points.size(); i += per) {
      Point top = points.get(i);
      for (int j = i; j < Math.min(points.size(), i + per); j++) {
        top = points.get(j).value() > top.value() ? points.get(j) : top;
      }
      out.add(top);
    }
    return out;
  }
}
