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
 * marked once; the rest as they come, in time order. The first failed probe is the first failed
 * check of the streak that made a probe unhealthy (or failed its host), not the check that
 * declared it; a journal written before runs of results were journaled has only the declaration.
 */
final class Timeline {

  private Timeline() {}

  static List<Moment> of(List<Event> events) {
    List<Moment> out = new ArrayList<>();
    Set<String> firsts = new HashSet<>();
    java.util.Map<String, Event.ProbeResultChanged> streaks = new java.util.HashMap<>();
    for (Event e : events) {
      if (e instanceof Event.ProbeResultChanged p) {
        String key = p.host() + "\n" + p.probe();
        if (p.firstFailure()) {
          streaks.put(key, p);
        } else if (p.healthy()) {
          streaks.remove(key);
        }
        continue;
      }
      if (e instanceof Event.HealthChanged h && !h.healthy() && firsts.add("first-failed-probe")) {
        out.add(firstFailure(h, streaks.get(h.host() + "\n" + h.probe())));
        continue;
      }
      if (e instanceof Event.HostFailed f && !firsts.contains("first-failed-probe")) {
        // failed by probes without a health change: unhealthy right after its change
        streaks.values().stream().filter(p -> p.host().equals(f.host()))
            .min(java.util.Comparator.comparing(Event.ProbeResultChanged::at)).ifPresent(p -> {
              firsts.add("first-failed-probe");
              out.add(new Moment(p.at(), "first-failed-probe", p.describe() + "; the host "
                  + "failed at " + f.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            });
      }
      String kind = kind(e);
      if (kind == null) {
        continue;
      }
      if (kind.startsWith("first-") && !firsts.add(kind)) {
        continue;
      }
      out.add(new Moment(e.at(), kind, e.describe()));
    }
    out.sort(java.util.Comparator.comparing(Moment::at));
    return out;
  }

  /**
   * The first failed check of the streak that made a probe unhealthy ({@code first}), with when
   * it was declared; a journal written before first failures were journaled has only the
   * declaration.
   */
  private static Moment firstFailure(Event.HealthChanged declared,
      Event.ProbeResultChanged first) {
    if (first == null) {
      return new Moment(declared.at(), "first-failed-probe", declared.describe()
          + " (declared; the first failure of the streak is not in this journal)");
    }
    return new Moment(first.at(), "first-failed-probe", first.describe() + "; declared "
        + (declared.inconclusive() ? "inconclusive" : "unhealthy") + " at "
        + declared.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " after "
        + declared.failures() + " check(s)");
  }

  private static String kind(Event e) {
    if (e instanceof Event.StepStarted s) {
      return s.phase().equals("change") ? "first-change" : null;
    }
    if (e instanceof Event.HealthChanged h) {
      return null; // the first unhealthy one is the first failed probe, above
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
