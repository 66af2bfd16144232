package dev.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.engine.Event;
import dev.rollout.engine.FailureClass;
import dev.rollout.engine.HostState;
import dev.rollout.engine.RunRecord;
import dev.rollout.journal.RunLease;
import dev.rollout.probe.CanaryJudge.Verdict;
import dev.rollout.report.MarkdownReport;
import dev.rollout.report.ReportBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What status (text and JSON), wait and the report say of a run judged by {@code
 * strategy.analysis}: each metric's method, values and what it was compared with, the last value
 * of each metric probe beside its condition, and a judgement pause in its own words.
 */
class AnalysisStatusTest {

  static final Instant T = Instant.parse("2026-12-02T00:00:00Z");
  static final String BLIP = "errors: the control hosts moved too: not the change (canaries +4,"
      + " controls +4, tolerance 1.5x)";

  final List<Event> events = new ArrayList<>(List.of(
      new Event.RunStarted(T, "run-1", "metrics", List.of("a", "b", "c"), 0, false),
      new Event.PreflightPassed(T, 3)));

  void measured(String host, String probe, double value, String reason) {
    events.add(new Event.MetricMeasured(T, host, probe, probe, value, T, ">= 3",
        reason.substring(reason.lastIndexOf(' ') + 1), reason));
  }

  /** The canary a judged by ratio against c and b, then the run paused for a judgement. */
  void pausedOnABlip() {
    events.add(new Event.StageStarted(T, "canary", List.of("a")));
    measured("a", "restarts", 0, "restarts 0 >= 3: passed");
    measured("a", "restarts", 4, "restarts 4 >= 3: failed");
    measured("b", "restarts", 0, "restarts 0 >= 3: passed");
    events.add(new Event.HostStateChanged(T, "a", HostState.PENDING, HostState.CHANGING, ""));
    events.add(new Event.HostStateChanged(T, "a", HostState.CHANGING, HostState.CHANGED, ""));
    events.add(new Event.AnalysisJudged(T, "canary", "errors", "ratio",
        Verdict.CONTROLS_MOVED_TOO, List.of("a"), List.of("c", "b"), 12, 24, 1.0, 5.0, 1.0, 5.0,
        BLIP));
    events.add(new Event.RunStopping(T, "canary: " + BLIP, true));
    events.add(new Event.RunPaused(T, "canary", "canary: " + BLIP + "; nothing failed"));
  }

  String statusText() {
    StringWriter out = new StringWriter();
    new RunStatusText(new PrintWriter(out, true), new Colors(false))
        .print(RunStatus.of(RunRecord.fold(events), Optional.empty(), false));
    return out.toString();
  }

  @Test
  void statusShowsEachMetricsLastValueBesideItsConditionAndHowTheAnalysisJudged()
      throws Exception {
    pausedOnABlip();

    assertThat(statusText()).contains("\n  a  changed", "\n     restarts 4 >= 3: failed\n",
        "\n  b  pending", "\n     restarts 0 >= 3: passed\n", "Analysis\n  canary errors by ratio against the control"
        + " hosts c, b: canaries 1 -> 5 (12 point(s)), controls 1 -> 5 (24 point(s)): " + BLIP,
        "stage     paused for a judgement in canary", "state     paused: canary: errors: the "
        + "control hosts moved too: not the change (canaries +4, controls +4, tolerance 1.5x): "
        + "rollout promote run-1 | rollout abort run-1");
    JsonNode json = Json.mapper().readTree(Json.write(RunStatus.of(RunRecord.fold(events),
        Optional.empty(), false)));
    assertThat(json.at("/hosts/0/metrics/restarts").asText())
        .isEqualTo("restarts 4 >= 3: failed");
    assertThat(json.path("pause").asText()).isEqualTo("paused: canary: " + BLIP);
    JsonNode a = json.at("/analysis/0");
    assertThat(a.path("method").asText()).isEqualTo("ratio");
    assertThat(a.path("verdict").asText()).isEqualTo("controls_moved_too");
    assertThat(a.path("comparedWith").asText()).isEqualTo("the control hosts c, b");
    assertThat(a.path("canaryDuring").asDouble()).isEqualTo(5.0);
    assertThat(a.path("controlPoints").asInt()).isEqualTo(24);
  }

  @Test
  void theLastWaveIsSaidToBeComparedWithItsOwnPreChangeWindow() {
    pausedOnABlip();
    events.add(new Event.AnalysisJudged(T, "wave 2", "errors", "Mann-Whitney U", Verdict.PASS,
        List.of("c"), List.of(), 20, 21, 1.0, 1.0, null, null, "errors: no worse than before"));

    String md = MarkdownReport.render(ReportBuilder.build(events, "", Map.of()));

    assertThat(statusText()).contains("wave 2 errors by Mann-Whitney U against their own "
        + "pre-change window (no controls left): canaries 1 -> 1 (21 point(s) before, 20 "
        + "during)");
    assertThat(md).contains("## Analysis", "| canary | errors | ratio | the control hosts c, b"
        + " | canaries 1 -> 5 (12 point(s)), controls 1 -> 5 (24 point(s)) | controls moved too: "
        + BLIP + " |", "| wave 2 | errors | Mann-Whitney U | their own pre-change window (no "
        + "controls left) |", "Last metric values:\n\n- restarts 4 >= 3: failed");
  }

  @Test
  void aJudgementPauseSaysWhatHappenedNotThatSomethingFailed() {
    pausedOnABlip();
    RunRecord r = RunRecord.fold(events);
    RunLease lease = new RunLease("run-1", RunLease.Status.PAUSED, "", 1, T, "");

    assertThat(r.pauseWords()).isEqualTo("paused: canary: " + BLIP);
    assertThat(RunFollower.stopped(r, lease, events).orElseThrow().sentence())
        .contains("paused: canary: errors: the control hosts moved too: not the change",
            "go on with: rollout promote run-1, or roll back with: rollout abort run-1")
        .doesNotContain("failure");
  }

  @Test
  void aPauseOnAFailureStillSaysSo() {
    events.add(new Event.HostStateChanged(T, "a", HostState.PENDING, HostState.CHANGING, ""));
    events.add(new Event.HostFailed(T, "a", FailureClass.UNHEALTHY, "exit 1", 1));
    events.add(new Event.RunStopping(T, "more failures (1) than maxFailures allows (0)"));
    events.add(new Event.RunPaused(T, "canary", "on failure"));

    assertThat(RunRecord.fold(events).pauseWords())
        .isEqualTo("paused on a failure (more failures (1) than maxFailures allows (0))");
  }
}
