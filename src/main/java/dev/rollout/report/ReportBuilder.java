package dev.rollout.report;

import dev.rollout.engine.Event;
import dev.rollout.engine.RunRecord;
import dev.rollout.report.RunReport.HostReport;
import dev.rollout.report.RunReport.Moment;
import dev.rollout.report.RunReport.StepRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link RunReport} from a run's events (and the plan's strategy, in words). */
public final class ReportBuilder {

  private ReportBuilder() {}

  public static RunReport build(List<Event> events, String description,
      Map<String, String> strategy) {
    RunRecord r = RunRecord.fold(events);
    Map<String, List<StepRun>> steps = new LinkedHashMap<>();
    Map<String, List<Moment>> health = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    r.hosts().keySet().forEach(h -> {
      steps.put(h, new ArrayList<>());
      health.put(h, new ArrayList<>());
    });
    long checks = 0;
    long failed = 0;
    Map<String, Event.StepStarted> started = new LinkedHashMap<>();
    for (Event e : events) {
      if (e instanceof Event.StepStarted s) {
        started.put(s.host(), s);
      } else if (e instanceof Event.StepFinished f && steps.containsKey(f.host())) {
        Event.StepStarted s = started.get(f.host());
        steps.get(f.host()).add(new StepRun(f.at(), f.phase(), f.number(), f.name(),
            s == null ? "ssh" : s.path(), f.exitCode(), f.timedOut(), f.duration().toMillis(),
            f.error(), f.succeeded() ? null : output(f)));
      } else if (e instanceof Event.HealthChanged h && health.containsKey(h.host())) {
        health.get(h.host()).add(new Moment(h.at(), h.healthy() ? "healthy" : "unhealthy",
            h.describe()));
      } else if (e instanceof Event.HostFailed f) {
        failures.put(f.host(), f.failure().name().toLowerCase().replace('_', ' ') + ": "
            + f.reason());
      } else if (e instanceof Event.HealthCounted c) {
        checks += c.checks();
        failed += c.failures();
      }
    }
    List<HostReport> hosts = new ArrayList<>();
    r.hosts().forEach((h, s) -> {
      Map<String, String> metrics = new LinkedHashMap<>();
      r.lastMeasured(h).forEach((p, m) -> metrics.put(p, m.reason()));
      hosts.add(new HostReport(h, dev.rollout.engine.Wire.name(s), steps.get(h), health.get(h),
          failures.get(h),
          metrics));
    });
    return new RunReport(1, r.runId(), r.plan(), description,
        r.outcome().map(dev.rollout.engine.Wire::name).orElse(r.phase().paused() ? "paused"
            : "not_ended"),
        r.summary(), r.started().orElse(null), r.outcome().isPresent() ? r.lastAt().orElse(null)
            : null, strategy, List.copyOf(r.hosts().keySet()), Timeline.of(events), hosts,
        new RunReport.ProbeTotals(checks, failed), r.judgements().stream()
            .map(j -> new RunReport.Analysis(j.at(), j.stage(), j.metric(), j.method(),
                dev.rollout.engine.Wire.name(j.verdict()),
                j.comparedWith(), j.values(), j.sentence())).toList());
  }

  private static String output(Event.StepFinished f) {
    String text = (f.stderr() + "\n" + f.stdout()).strip();
    return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
  }
}
