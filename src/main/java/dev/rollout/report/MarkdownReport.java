package dev.rollout.report;

import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.Moment;
import dev.rollout.report.RunReport.StepRun;
import dev.rollout.source.Visible;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A {@link RunReport} as Markdown, laid out like an incident postmortem. */
public final class MarkdownReport {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final StringBuilder b = new StringBuilder();

  private MarkdownReport() {}

  public static String render(RunReport r) {
    return new MarkdownReport().write(r);
  }

  private String write(RunReport r) {
    line("# Rollout run " + r.runId() + ": " + r.plan());
    line("");
    line("| | |");
    line("|---|---|");
    line("| Outcome | **" + r.outcome() + "** |");
    line("| Summary | " + cell(r.summary()) + " |");
    line("| Started | " + time(r.started()) + " |");
    line("| Ended | " + (r.ended() == null ? "not yet" : time(r.ended())) + " |");
    line("| Targets | " + r.targets().size() + ": " + String.join(", ", r.targets()) + " |");
    line("| Probe checks | " + r.probeTotals().checks() + " counted, "
        + r.probeTotals().failures() + " failed |");
    line("");
    line("## Plan");
    line("");
    line(r.description().isEmpty() ? "_no description_" : r.description());
    line("");
    r.strategy().forEach((k, v) -> line("- " + k + ": " + (v.isEmpty() ? "(not set)" : v)));
    line("");
    line("## Timeline (UTC)");
    line("");
    for (Moment m : r.timeline()) {
      line("- " + time(m.at()) + " **" + m.kind() + "**: " + m.text());
    }
    if (!r.analysis().isEmpty()) {
      line("");
      line("## Analysis");
      line("");
      line("| stage | metric | judged by | compared with | values | verdict |");
      line("|---|---|---|---|---|---|");
      r.analysis().forEach(a -> line("| " + cell(a.stage()) + " | " + cell(a.metric()) + " | "
          + a.method() + " | " + cell(a.comparedWith()) + " | " + cell(a.values()) + " | "
          + a.verdict().replace('_', ' ') + ": " + cell(a.sentence()) + " |"));
    }
    r.hosts().forEach(this::host);
    return b.toString();
  }

  private void host(HostReport h) {
    line("");
    line("## Host " + h.name() + ": " + h.finalState().replace('_', ' '));
    line("");
    if (h.failure() != null) {
      line("Failed: " + h.failure());
      line("");
    }
    if (h.steps().isEmpty()) {
      line("_no step ran_");
    } else {
      line("| time | phase | step | via | exit | duration |");
      line("|---|---|---|---|---|---|");
      for (StepRun s : h.steps()) {
        String exit = s.error() != null ? "could not run" : s.timedOut() ? "timed out"
            : Integer.toString(s.exitCode());
        line("| " + time(s.at()) + " | " + s.phase() + " | " + s.number() + ". "
            + cell(s.name()) + " | " + s.path() + " | " + exit + " | " + s.durationMillis()
            + " ms |");
      }
    }
    for (StepRun s : h.steps()) {
      if (s.output() != null || s.error() != null) {
        line("");
        line("Output of " + s.phase() + " " + s.number() + " \"" + s.name() + "\":");
        line("");
        line("```");
        line(s.error() != null ? s.error() : s.output());
        line("```");
      }
    }
    if (!h.metrics().isEmpty()) {
      line("");
      line("Last metric values:");
      line("");
      h.metrics().values().forEach(m -> line("- " + m));
    }
    if (!h.health().isEmpty()) {
      line("");
      line("Probe health over time:");
      line("");
      h.health().forEach(m -> line("- " + time(m.at()) + " " + m.kind() + ": " + m.text()));
    }
  }

  private static String time(Instant t) {
    return t == null ? "" : UTC.format(t);
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  private void line(String s) {
    b.append(Visible.text(s)).append('\n');
  }
}
