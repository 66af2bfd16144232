package dev.rollout.report;

import dev.rollout.engine.Event;
import dev.rollout.report.RunReport.Moment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The moments of a run a postmortem asks for: started, preflight, first change, each stage and
 * soak, first failed probe, failure declared, rollback started and done, pause, end. Firsts are
 * marked once; the rest as they come.
 */
final class Timeline {

  private Timeline() {}

  static List<Moment> of(List<Event> events) {
    List<Moment> out = new ArrayList<>();
    Set<String> firsts = new HashSet<>();
    for (Event e : events) {
      String kind = kind(e);
      if (kind == null) {
        continue;
      }
      if (kind.startsWith("first-") && !firsts.add(kind)) {
        continue;
      }
      out.add(new Moment(e.at(), kind, e.describe()));
    }
    return out;
  }

  private static String kind(Event e) {
    if (e instanceof Event.StepStarted s) {
      return s.phase().equals("change") ? "first-change" : null;
    }
    if (e instanceof Event.HealthChanged h) {
      return h.healthy() ? null : "first-failed-probe";
    }
    if (e instanceof Event.HostFailed) {
      return "host-failed";
    }
    if (e instanceof Event.RunStopping s) {
      return s.pause() ? "pause-declared" : "failure-declared";
    }
    if (e instanceof Event.AnalysisJudged) {
      return "analysis-judged"; // says which method judged, with the values
    }
    if (e instanceof Event.PreflightChecked p) {
      return p.passed() ? null : "preflight-refused";
    }
    return runLevel(e);
  }

  private static String runLevel(Event e) {
    return switch (e.getClass().getSimpleName()) {
      case "RunStarted" -> "run-started";
      case "PreflightPassed" -> "preflight-passed";
      case "StageStarted" -> "stage-started";
      case "SoakStarted" -> "soak-started";
      case "SoakPassed" -> "soak-passed";
      case "ConsoleUsed" -> "console-used";
      case "RollbackStarted" -> "rollback-started";
      case "RollbackFinished" -> "rollback-done";
      case "RunPaused" -> "paused";
      case "Promoted" -> "promoted";
      case "AbortRequested" -> "abort-requested";
      case "RunResumed" -> "resumed";
      case "RunAdopted" -> "adopted";
      case "RunInterrupted" -> "interrupted";
      case "LocksForced" -> "locks-forced";
      case "RollbackUnproven" -> "rollback-unproven";
      case "RunEnded" -> "run-ended";
      default -> null;
    };
  }
}
