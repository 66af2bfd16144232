package dev.rollout.report;

/**
 * The HTML report's inline style and the chart's legend. Colours are never the only sign: every
 * class of mark has its own shape and its word in the legend, and each host's state is written
 * beside it. Narrow screens scroll the chart and the wide tables sideways; print drops the
 * shading and keeps the chart to the page's width.
 *
 * <p>The sections below the chart (the failures' table, the timeline, the hosts) are laid out
 * only when they come near the screen ({@code content-visibility: auto}): for the 1,000-host run
 * whose every host flaps, a table of 5,000 streaks and 1,000 host sections that took Chromium
 * about 2 s to lay out before the load event now cost nothing until scrolled to. They stay in
 * the DOM, so find-in-page, links to a host and screen readers reach them, and print lays them
 * out as usual.
 */
final class HtmlStyle {

  private HtmlStyle() {}

  static final String CSS = """
      :root{--ok:#2e7d32;--bad:#b00020;--err:#b26a00;--inc:#6a1b9a;--ink:#1a1a1a;--soft:#666}
      *{box-sizing:border-box}
      body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);\
      margin:0 auto;padding:12px;max-width:1240px}
      h1{font-size:1.35em;margin:.2em 0 .6em}h2{font-size:1.15em;margin:1.4em 0 .5em;\
      border-bottom:1px solid #ddd}
      dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em;margin:0}
      dl.summary dt{font-weight:600}dl.summary dd{margin:0;overflow-wrap:anywhere}
      ul.why{margin:0;padding-left:1.2em}
      .snapshot{background:#fff4d6;border:1px solid #e0b000;padding:.5em .7em}
      .o-completed{color:var(--ok)}.o-rolled_back,.o-needs_attention,.o-not_ended{color:var(--bad)}
      .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
      table{border-collapse:collapse;font-size:.92em}
      th,td{border:1px solid #ddd;padding:.2em .45em;text-align:left;vertical-align:top}
      td{overflow-wrap:anywhere}
      svg.chart{display:block;min-width:720px;width:100%;height:auto;font-size:10px}
      svg.chart text{fill:var(--ink)}svg.chart text.tick,svg.chart text.lane{fill:var(--soft)}
      line.tick{stroke:#e4e4e4;stroke-width:1}
      .band rect{fill:#cfd8dc}.band-canary rect{fill:#bbdefb}.band-wave rect{fill:#c8e6c9}
      .band-soak rect{fill:#e1f5fe}.band-watch rect{fill:#ede7f6}.band-rollback rect{fill:#ffcdd2}
      .band rect.shade{opacity:.22}.band-rollback rect.shade{opacity:.35}
      rect.state{fill:#9e9e9e}rect.s-changed,rect.s-rolled-back{fill:var(--ok)}
      rect.s-changing,rect.s-verifying,rect.s-rolling-back{fill:#1565c0}
      rect.s-failed,rect.s-unreachable,rect.s-rollback-failed{fill:var(--bad)}
      .mark.healthy{fill:#81c784}.mark.unhealthy{fill:var(--bad)}
      .mark.unreachable{fill:url(#hatch);stroke:var(--bad);stroke-width:.6}
      .mark.error{fill:url(#dots);stroke:var(--err);stroke-width:.6}
      .mark.inconclusive{fill:none;stroke:var(--inc);stroke-width:1}
      .legend{display:flex;flex-wrap:wrap;gap:.3em 1.1em;font-size:.9em;margin:.3em 0}
      .legend svg{vertical-align:middle}
      .r-unhealthy,.r-unreachable,.failed{color:var(--bad)}.r-error{color:var(--err)}
      .r-inconclusive{color:var(--inc)}
      details.host{border:1px solid #ddd;border-radius:4px;margin:.3em 0;padding:.3em .6em}
      details.host>summary{cursor:pointer;overflow-wrap:anywhere}
      tr.unknown td{background:#fff4d6}
      pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.5em;\
      max-height:30em;overflow:auto}
      .metric{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;margin:.3em 0}
      svg.spark{width:160px;height:24px}svg.spark polyline{fill:none;stroke:#1565c0;\
      stroke-width:1.2}
      .range{color:var(--soft);font-size:.9em}
      ol.timeline{padding-left:1.4em}footer{color:var(--soft);margin-top:2em;font-size:.85em}
      section#failures,section#timeline,section#hosts{content-visibility:auto;\
      contain-intrinsic-size:auto 2000px}
      @media (max-width:600px){body{font-size:14px;padding:8px}\
      dl.summary{grid-template-columns:1fr}dl.summary dt{margin-top:.4em}}
      @media print{body{max-width:none;padding:0;font-size:10pt}.scroll{overflow:visible}\
      section{content-visibility:visible}\
      svg.chart{min-width:0;width:100%}.band rect.shade{display:none}\
      details.host{break-inside:avoid}tr{break-inside:avoid}h2{break-after:avoid}\
      .snapshot{border:1px solid #000}}
      """;

  static final String LEGEND = "<p class=\"legend\" id=\"legend\">"
      + key("healthy", "mark healthy", 3, 2) + key("failed", "mark unhealthy", 0, 8)
      + key("unreachable", "mark unreachable", 0, 8) + key("error (no verdict)", "mark error", 0, 8)
      + key("inconclusive", "mark inconclusive", 2, 5)
      + "<span>top line of a row: the host's state; bands: stage, soak, rollback</span></p>";

  private static String key(String word, String cls, int y, int h) {
    return "<span><svg width=\"18\" height=\"10\" viewBox=\"0 0 18 10\" aria-hidden=\"true\">"
        + "<rect class=\"" + cls + "\" x=\"1\" y=\"" + y + "\" width=\"16\" height=\"" + h
        + "\"/></svg> " + word + "</span>";
  }
}
