package dev.rollout.report;

import static dev.rollout.report.FailedCanaryJournal.DECLARED;
import static dev.rollout.report.FailedCanaryJournal.FIRST_FAILURE;
import static dev.rollout.report.FailedCanaryJournal.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.engine.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the Markdown and HTML reports say of a failed canary: the true first failure of the
 * streak, for old journals too; runs in progress; interrupted steps; and hostile text inert.
 */
class ReportContentTest {

  static RunReport report(List<Event> events) {
    return ReportBuilder.build(events, "switch <b>driver</b>", Map.of("soak", "5m",
        "unhealthyAfter", "3"));
  }

  @Test
  void theFirstFailedProbeIsTheFirstFailureOfTheStreakNotItsDeclaration() {
    RunReport r = report(FailedCanaryJournal.events());

    RunReport.Moment first = r.timeline().stream()
        .filter(m -> m.kind().equals("first-failed-probe")).findFirst().orElseThrow();
    assertThat(first.at()).isEqualTo(FIRST_FAILURE);
    assertThat(first.text()).contains("declared unhealthy at 2026-12-01T10:01:20Z after 3");
    RunReport.Streak s = r.hosts().get(0).streaks().get(0);
    assertThat(s.from()).isEqualTo(FIRST_FAILURE);
    assertThat(s.declaredAt()).isEqualTo(DECLARED);
    assertThat(s.until()).as("monitoring stopped for the rollback").isEqualTo(
        FailedCanaryJournal.at(82));
    assertThat(MarkdownReport.render(r)).contains(
        "2026-12-01 10:00:20 UTC **first-failed-probe**");
  }

  @Test
  void anOldJournalWithoutResultRunsStillReportsItsDeclaredFailure() {
    RunReport r = report(FailedCanaryJournal.old());

    RunReport.Moment first = r.timeline().stream()
        .filter(m -> m.kind().equals("first-failed-probe")).findFirst().orElseThrow();
    assertThat(first.at()).isEqualTo(DECLARED);
    assertThat(first.text()).contains("not in this journal");
    assertThat(r.hosts().get(0).streaks()).singleElement()
        .satisfies(s -> assertThat(s.from()).isEqualTo(DECLARED));
    assertThat(HtmlReport.render(r)).contains("data-from=\"2026-12-01T10:01:20Z\"");
  }

  @Test
  void theHtmlReportIsSelfContainedAndEveryHostileTextIsEscaped() {
    String html = HtmlReport.render(report(FailedCanaryJournal.events()));

    assertThat(html).doesNotContain("<script", "<img", "<b>", "<i>", "<link", "@import")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;web", "&lt;script&gt;alert(2)",
            "&lt;img src=http://evil.example/i.png&gt;",
            "<meta name=\"viewport\"", "Content-Security-Policy", "@media print");
    // the only URL outside escaped text is SVG's namespace name, which is never fetched
    assertThat(html).doesNotContainPattern("<[a-zA-Z][^>]*\\s(src|href|xlink:href)\\s*=\\s*\"(?!#)");
    assertThat(Pattern.compile("url\\((?!#)").matcher(html).find()).isFalse();
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContainPattern("=\"https?://");
    assertThat(html).contains("data-host=\"&lt;script&gt;alert(1)&lt;/script&gt;web\"");
  }

  @Test
  void theHtmlChartShowsTheCanarysFailureTheRollbackBandAndARowPerHost() {
    String html = HtmlReport.render(report(FailedCanaryJournal.events()));

    assertThat(html).contains("class=\"band band-rollback\" data-stage=\"rollback\" "
        + "data-from=\"2026-12-01T10:01:22Z\"");
    assertThat(html).contains("<g class=\"host-row\" data-host=\"canary\"",
        "<g class=\"host-row\" data-host=\"" + HtmlText.esc(HOSTILE) + "\"");
    assertThat(html).containsPattern("<rect class=\"mark unhealthy\"[^>]*data-probe=\"site\" "
        + "data-from=\"2026-12-01T10:00:20Z\"><title>canary: unhealthy\nprobe &quot;site&quot; "
        + "from 10:00:20 to 10:01:22");
    assertThat(html).contains("<tr class=\"streak\" data-host=\"canary\" data-probe=\"site\" "
        + "data-from=\"2026-12-01T10:00:20Z\"");
    assertThat(html).contains("<svg class=\"spark\"", "2 values, first 0, lowest 0, highest 3, "
        + "last 3");
  }

  @Test
  void aRunInProgressIsASnapshotWithASummary() {
    List<Event> events = FailedCanaryJournal.until(Event.RollbackStarted.class);
    RunReport r = report(events);

    assertThat(r.inProgress()).isTrue();
    assertThat(r.summary()).startsWith("in progress: stopping, stage canary since "
        + "2026-12-01 10:00:05 UTC; last event at 2026-12-01 10:01:21 UTC");
    assertThat(MarkdownReport.render(r)).contains("| Summary | in progress: stopping",
        "(a snapshot as of 2026-12-01 10:01:21 UTC)");
    assertThat(HtmlReport.render(r)).contains("id=\"snapshot\"", "still going on");
  }

  @Test
  void aStepInterruptedMidWayIsInItsHostsTable() {
    List<Event> events = new ArrayList<>(FailedCanaryJournal.until(Event.StepFinished.class));
    events.add(new Event.RunInterrupted(FailedCanaryJournal.at(3), "canary"));
    RunReport r = report(events);

    RunReport.StepRun step = r.hosts().get(0).steps().get(0);
    assertThat(step.result()).isEqualTo("interrupted");
    assertThat(MarkdownReport.render(r)).contains(
        "| 2026-12-01 10:00:02 UTC | change | 1. write v2 | ssh | unknown (interrupted) |  |");
    assertThat(r.summary()).startsWith("interrupted: progressing, stage canary");
    assertThat(HtmlReport.render(r)).contains("unknown (interrupted)");
  }

  @Test
  void aStepStillRunningInARunInProgressSaysSo() {
    RunReport r = report(FailedCanaryJournal.until(Event.StepFinished.class));

    assertThat(r.hosts().get(0).steps()).singleElement()
        .satisfies(s -> assertThat(s.result()).isEqualTo("running"));
  }

  @Test
  void theMarkdownReportLinksToNothing() {
    String all = MarkdownReport.render(report(FailedCanaryJournal.events()));
    // a step's output is in a fenced block, where nothing is markup
    assertThat(all).contains("```\n<script>alert(2)</script> see http://evil.example/x\n```");
    String md = all.replaceAll("(?s)```\n.*?\n```", "");

    assertThat(md).doesNotContain("<script", "<img", "<b>", "](");
    // every URL sits in a code span, where no renderer links it
    java.util.regex.Matcher m = Pattern.compile("https?://").matcher(md);
    while (m.find()) {
      String before = md.substring(md.lastIndexOf('\n', m.start()) + 1, m.start());
      assertThat(before.chars().filter(c -> c == '`').count() % 2).as(before).isEqualTo(1);
    }
    assertThat(md).contains("- soak: 5m", "- unhealthyAfter: 3");
  }

  @Test
  void reportsWhatAStillEmptyJournalHas() {
    RunReport r = report(List.of(new Event.RunStarted(Instant.EPOCH, "r", "p", List.of("a"), 0,
        false)));

    assertThat(HtmlReport.render(r)).contains("id=\"snapshot\"", "data-host=\"a\"");
  }
}
