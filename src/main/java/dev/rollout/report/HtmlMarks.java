package dev.rollout.report;

import static dev.rollout.report.HtmlChart.n;
import static dev.rollout.report.HtmlText.clock;
import static dev.rollout.report.HtmlText.esc;
import static dev.rollout.report.HtmlText.iso;

import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.ProbeSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * One host's probe results as marks in its row of the chart. The row is cut into columns of
 * {@link #COLUMN} units; each column shows the worst result any probe had in it (a failure is
 * never hidden by a neighbour's health), and runs of columns with equal results become one
 * {@code <rect>}: a 72-hour run draws as few marks as it has changes, never more than the row has
 * columns. Each class has its own shape as well as its colour: healthy a thin line, failed a full
 * bar, unreachable a hatched bar, error a dotted bar, inconclusive a hollow half bar.
 */
final class HtmlMarks {

  static final int COLUMN = 2;
  /** Marks that are not healthy, over the whole chart, before rows are drawn coarser. */
  static final int BUDGET = 12_000;
  static final String DEFS = "<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" "
      + "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"2\" "
      + "height=\"4\" fill=\"#b00020\"/></pattern><pattern id=\"dots\" width=\"3\" height=\"3\" "
      + "patternUnits=\"userSpaceOnUse\"><circle cx=\"1.5\" cy=\"1.5\" r=\"1\" fill=\"#b26a00\"/>"
      + "</pattern></defs>";
  private static final List<String> WORST_LAST =
      List.of("healthy", "inconclusive", "error", "unhealthy", "unreachable");

  private final HtmlChart chart;
  private final HostReport host;
  private final int most;
  private int column = COLUMN;
  private int columns = HtmlChart.WIDTH / COLUMN;
  private int[] worst;
  private ProbeSpan[] first;

  /** {@code rows}: how many rows share the {@link #BUDGET} (those with a failure). */
  HtmlMarks(HtmlChart chart, HostReport host, int rows) {
    this.chart = chart;
    this.host = host;
    this.most = Math.max(10, BUDGET / Math.max(1, rows));
  }

  /**
   * Draws the row at {@code y}, with columns twice as wide as often as it takes to keep its
   * marks that are not healthy within its share of the budget: a flapping probe then shows as
   * wider marks, each naming in its title how many runs of results it covers.
   */
  void draw(StringBuilder b, int y) {
    fill();
    while (unhealthyMarks() > most && column < HtmlChart.WIDTH / 8) {
      column *= 2;
      columns = HtmlChart.WIDTH / column;
      fill();
    }
    for (int c = 0; c < columns; ) {
      int end = c;
      List<ProbeSpan> spans = new ArrayList<>();
      while (end < columns && worst[end] == worst[c]) {
        if (first[end] != null && (spans.isEmpty() || spans.get(spans.size() - 1) != first[end])) {
          spans.add(first[end]);
        }
        end++;
      }
      if (worst[c] >= 0) {
        mark(b, WORST_LAST.get(worst[c]), c, end, y, spans);
      }
      c = end;
    }
  }

  private void fill() {
    worst = new int[columns];
    first = new ProbeSpan[columns];
    java.util.Arrays.fill(worst, -1);
    host.probes().forEach(this::place);
  }

  private int unhealthyMarks() {
    int marks = 0;
    for (int c = 0; c < columns; c++) {
      marks += worst[c] > 0 && (c == 0 || worst[c - 1] != worst[c]) ? 1 : 0;
    }
    return marks;
  }

  private void place(ProbeSpan s) {
    int rank = Math.max(0, WORST_LAST.indexOf(s.result()));
    int c0 = column(chart.x(s.from()));
    int c1 = Math.max(c0, column(chart.x(s.to()) - 0.001));
    for (int c = c0; c <= c1 && c < columns; c++) {
      if (rank > worst[c]) {
        worst[c] = rank;
        first[c] = s;
      }
    }
  }

  private int column(double x) {
    return Math.max(0, Math.min(columns - 1, (int) ((x - HtmlChart.LABEL) / column)));
  }

  private void mark(StringBuilder b, String result, int c0, int c1, int y,
      List<ProbeSpan> spans) {
    String x = n(HtmlChart.LABEL + c0 * column);
    String w = n((c1 - c0) * column);
    String shape = switch (result) {
      case "healthy" -> "y=\"" + (y + 3) + "\" height=\"2\"";
      case "inconclusive" -> "y=\"" + (y + 2) + "\" height=\"5\"";
      default -> "y=\"" + y + "\" height=\"8\"";
    };
    b.append("<rect class=\"mark ").append(result).append("\" x=\"").append(x)
        .append("\" width=\"").append(w).append("\" ").append(shape);
    if (!spans.isEmpty()) {
      b.append(" data-probe=\"").append(esc(spans.get(0).probe())).append("\" data-from=\"")
          .append(iso(spans.get(0).from())).append('"');
    }
    if (result.equals("healthy")) {
      b.append("/>");
      return;
    }
    b.append("><title>").append(esc(title(result, spans))).append("</title></rect>");
  }

  /** The first few runs of results behind a mark, in words. */
  private String title(String result, List<ProbeSpan> spans) {
    StringBuilder t = new StringBuilder(host.name()).append(": ").append(result)
        .append(spans.size() > 1 ? " (at least " + spans.size() + " runs of results)" : "");
    for (ProbeSpan s : spans.subList(0, Math.min(3, spans.size()))) {
      t.append("\nprobe \"").append(s.probe()).append("\" from ").append(clock(s.from()))
          .append(s.to() == null ? "" : " to " + clock(s.to()))
          .append(s.checks() == null ? "" : " (" + s.checks() + " check(s))").append(": ")
          .append(s.reason()).append(s.value() == null ? "" : " [value "
              + HtmlText.number(s.value()) + "]");
    }
    if (spans.size() > 3) {
      t.append("\n... and ").append(spans.size() - 3).append(" more, below the chart");
    }
    return t.toString();
  }
}
