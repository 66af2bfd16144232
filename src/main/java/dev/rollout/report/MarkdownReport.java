package dev.rollout.report;

import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.Moment;
import dev.rollout.report.RunReport.StepRun;
import dev.rollout.source.Visible;
import java.time.Instant;

/** A {@link RunReport} as Markdown, laid out like an incident postmortem. */
public final class MarkdownReport {


  private final StringBuilder b = new StringBuilder();

  private MarkdownReport() {}

  public static String render(RunReport r) {
    return new MarkdownReport().write(r);
  }

  private String write(RunReport r) {
    line("# Rollout run " + cell(r.runId()) + ": " + cell(r.plan()));
    line("");
    line("| | |");
    line("|---|---|");
    line("| Outcome | **" + r.outcome() + "**" + (r.inProgress() ? " (a snapshot as of "
        + time(r.asOf()) + ")" : "") + " |");
    line("| Summary | " + cell(r.summary()) + " |");
    line("| Started | " + time(r.started()) + " |");
    line("| Ended | " + (r.ended() == null ? "not yet" : time(r.ended())) + " |");
    line("| Targets | " + r.targets().size() + ": " + cell(String.join(", ", r.targets()))
        + " |");
    line("| Probe checks | " + r.probeTotals().checks() + " counted, "
        + r.probeTotals().failures() + " failed |");
    line("");
    line("## Plan");
    line("");
    line(r.description().isEmpty() ? "_no description_" : cell(r.description()));
    line("");
    r.strategy().forEach((k, v) -> line("- " + k + ": " + (v.isEmpty() ? "(not set)"
        : cell(v))));
    line("");
    line("## Timeline (UTC)");
    line("");
    for (Moment m : r.timeline()) {
      line("- " + time(m.at()) + " **" + m.kind() + "**: " + cell(m.text()));
    }
    if (!r.analysis().isEmpty()) {
      line("");
      line("## Analysis");
      line("");
      line("| stage | metric | judged by | compared with | values | verdict |");
      line("|---|---|---|---|---|---|");
      r.analysis().forEach(a -> line("| " + cell(a.stage()) + " | " + cell(a.metric()) + " | "
          + cell(a.method()) + " | " + cell(a.comparedWith()) + " | " + cell(a.values()) + " | "
          + cell(a.verdict().replace('_', ' ')) + ": " + cell(a.sentence()) + " |"));
    }
    r.hosts().forEach(this::host);
    return b.toString();
  }

  private void host(HostReport h) {
    line("");
    line("## Host " + cell(h.name()) + ": " + h.finalState().replace('_', ' '));
    line("");
    if (h.failure() != null) {
      line("Failed: " + cell(h.failure()));
      line("");
    }
    if (h.steps().isEmpty()) {
      line("_no step ran_");
    } else {
      line("| time | phase | step | via | exit | duration |");
      line("|---|---|---|---|---|---|");
      for (StepRun s : h.steps()) {
        String exit = !s.finished() ? (s.result().equals("running") ? "none yet (running)"
            : "unknown (interrupted)") : s.error() != null ? "could not run" : s.timedOut()
            ? "timed out" : Integer.toString(s.exitCode());
        line("| " + time(s.at()) + " | " + s.phase() + " | " + s.number() + ". "
            + cell(s.name()) + " | " + cell(s.path()) + " | " + exit + " | "
            + (s.finished() ? s.durationMillis() + " ms" : "") + " |");
      }
    }
    for (StepRun s : h.steps()) {
      if (s.output() != null || s.error() != null) {
        line("");
        String text = s.error() != null ? s.error() : s.output();
        line("Output of " + s.phase() + " " + s.number() + " \"" + cell(s.name()) + "\":");
        line("");
        line(MarkdownText.fence(text));
        line(text);
        line(MarkdownText.fence(text));
      }
    }
    if (!h.metrics().isEmpty()) {
      line("");
      line("Last metric values:");
      line("");
      h.metrics().values().forEach(m -> line("- " + cell(m)));
    }
    if (!h.health().isEmpty()) {
      line("");
      line("Probe health over time:");
      line("");
      h.health().forEach(m -> line("- " + time(m.at()) + " " + m.kind() + ": "
          + cell(m.text())));
    }
  }

  private static String time(Instant t) {
    return dev.rollout.source.Timestamps.report(t);
  }

  /** Journal text as inert inline Markdown, safe in a table cell. */
  private static String cell(String s) {
    return MarkdownText.inline(s);
  }

  private void line(String s) {
    b.append(Visible.text(s)).append('\n');
  }
}
