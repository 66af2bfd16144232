package dev.rollout.report;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunRecord;
import dev.rollout.engine.Wire;
import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.Moment;
import dev.rollout.report.RunReport.StepRun;
import dev.rollout.source.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link RunReport} from a run's events (and the plan's settings, in words). */
public final class ReportBuilder {


  private final Map<String, List<StepRun>> steps = new LinkedHashMap<>();
  private final Map<String, List<Moment>> health = new LinkedHashMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final Map<String, Event.StepStarted> started = new LinkedHashMap<>();
  private long checks;
  private long failed;

  private ReportBuilder() {}

  public static RunReport build(List<Event> events, String description,
      Map<String, String> strategy) {
    RunRecord r = RunRecord.fold(events);
    ReportBuilder b = new ReportBuilder();
    r.hosts().keySet().forEach(h -> {
      b.steps.put(h, new ArrayList<>());
      b.health.put(h, new ArrayList<>());
    });
    events.forEach(b::accept);
    b.unfinished(r.outcome().isPresent());
    HealthHistory history = HealthHistory.of(events);
    List<HostReport> hosts = new ArrayList<>();
    r.hosts().forEach((h, s) -> hosts.add(b.host(r, h, Wire.name(s), history)));
    Instant asOf = r.lastAt().orElse(null);
    return new RunReport(1, r.runId(), r.plan(), description,
        r.outcome().map(Wire::name).orElse(r.phase().paused() ? "paused" : "not_ended"),
        r.outcome().isPresent() ? r.summary() : inProgress(r, events), r.started().orElse(null),
        r.outcome().isPresent() ? asOf : null, strategy, List.copyOf(r.hosts().keySet()),
        Timeline.of(events), hosts, new RunReport.ProbeTotals(b.checks, b.failed),
        r.judgements().stream().map(j -> new RunReport.Analysis(j.at(), j.stage(), j.metric(),
            j.method(), Wire.name(j.verdict()),
            j.comparedWith(), j.values(), j.sentence())).toList(), asOf, Stages.of(events));
  }

  private HostReport host(RunRecord r, String h, String state, HealthHistory history) {
    Map<String, String> metrics = new LinkedHashMap<>();
    r.lastMeasured(h).forEach((p, m) -> metrics.put(p, m.reason()));
    List<StepRun> s = steps.get(h);
    s.sort(Comparator.comparing(StepRun::at));
    List<Moment> moments = health.get(h);
    moments.sort(Comparator.comparing(Moment::at));
    return new HostReport(h, state, s, moments, failures.get(h), metrics, history.states(h),
        history.probes(h), history.streaks(h), history.series(h));
  }

  private void accept(Event e) {
    if (e instanceof Event.StepStarted s) {
      Event.StepStarted before = started.put(s.host(), s);
      if (before != null) {
        unfinished(before, "interrupted");
      }
    } else if (e instanceof Event.StepFinished f && steps.containsKey(f.host())) {
      Event.StepStarted s = started.remove(f.host());
      steps.get(f.host()).add(new StepRun(f.at(), f.phase(), f.number(), f.name(),
          s == null ? "ssh" : s.path(), f.exitCode(), f.timedOut(), f.duration().toMillis(),
          f.error(), f.succeeded() ? null : output(f)));
    } else if (e instanceof Event.HealthChanged h && health.containsKey(h.host())) {
      health.get(h.host()).add(new Moment(h.at(), h.healthy() ? "healthy" : "unhealthy",
          h.describe()));
    } else if (e instanceof Event.ProbeResultChanged p && p.firstFailure()
        && health.containsKey(p.host())) {
      health.get(p.host()).add(new Moment(p.at(), "first failure", p.describe()));
    } else if (e instanceof Event.HostFailed f) {
      failures.put(f.host(), f.failure().name().toLowerCase().replace('_', ' ') + ": "
          + f.reason());
    } else if (e instanceof Event.HealthCounted c) {
      checks += c.checks();
      failed += c.failures();
    } else if (e instanceof Event.RunInterrupted || e instanceof Event.RunResumed
        || e instanceof Event.RunAdopted) {
      unfinished(true); // a step in flight when its controller stopped or died has no result
    }
  }

  /** Steps started with no result: interrupted when their controller is gone, else running. */
  private void unfinished(boolean gone) {
    started.values().forEach(s -> unfinished(s, gone ? "interrupted" : "running"));
    started.clear();
  }

  private void unfinished(Event.StepStarted s, String result) {
    if (steps.containsKey(s.host())) {
      steps.get(s.host()).add(new StepRun(s.at(), s.phase(), s.number(), s.name(), s.path(), -1,
          false, 0, null, null, result));
    }
  }

  /** The summary of a run that has not ended: where it stands and since when. */
  private static String inProgress(RunRecord r, List<Event> events) {
    Instant since = null;
    for (Event e : events) {
      if (e instanceof Event.StageStarted || e instanceof Event.SoakStarted
          || e instanceof Event.RollbackStarted || e instanceof Event.RunPaused
          || e instanceof Event.RunInterrupted || e instanceof Event.RunStarted
          || e instanceof Event.RunResumed) {
        since = e.at();
      }
    }
    if (since == null) {
      return "not started";
    }
    String words = r.pauseWords().isEmpty() ? "in progress" : r.pauseWords();
    if (events.get(events.size() - 1) instanceof Event.RunInterrupted) {
      words = "interrupted";
    }
    return words + ": " + r.phase().words() + ", stage " + r.stageLabel() + " since "
        + Timestamps.report(since) + "; last event at "
        + Timestamps.report(r.lastAt().orElse(since));
  }

  private static String output(Event.StepFinished f) {
    String text = (f.stderr() + "\n" + f.stdout()).strip();
    return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
  }
}
