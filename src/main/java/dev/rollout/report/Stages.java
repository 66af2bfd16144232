package dev.rollout.report;

import dev.rollout.engine.Event;
import dev.rollout.report.RunReport.Band;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages of a run over time, from the journal, in three lanes that may overlap: the stage
 * (preflight, canary, each wave, watch), its soak, and rollback. A band still open at the end of
 * the journal has no end ({@code to} null).
 */
final class Stages {

  private final List<Band> done = new ArrayList<>();
  private Band stage;
  private Band soak;
  private Band rollback;

  private Stages() {}

  static List<Band> of(List<Event> events) {
    Stages s = new Stages();
    events.forEach(s::accept);
    List<Band> out = new ArrayList<>(s.done);
    for (Band b : new Band[] {s.stage, s.soak, s.rollback}) {
      if (b != null) {
        out.add(b);
      }
    }
    out.sort(java.util.Comparator.comparing(Band::from));
    return out;
  }

  private void accept(Event e) {
    Instant at = e.at();
    if (e instanceof Event.RunStarted) {
      stage = new Band("preflight", "preflight", at, null);
    } else if (e instanceof Event.PreflightPassed) {
      stage = end(stage, at);
    } else if (e instanceof Event.StageStarted s) {
      stage = end(stage, at);
      soak = end(soak, at);
      stage = new Band(s.stage().equals("canary") ? "canary" : "wave", s.stage(), at, null);
    } else if (e instanceof Event.SoakStarted s) {
      soak = end(soak, at);
      if (s.stage().equals("watch")) {
        end(stage, at);
        stage = new Band("watch", "watch", at, null);
      }
      soak = new Band(s.stage().equals("watch") ? "watch" : "soak", s.stage() + " soak", at,
          null);
    } else if (e instanceof Event.SoakPassed || e instanceof Event.RunStopping
        || e instanceof Event.RunPaused) {
      soak = end(soak, at);
    } else if (e instanceof Event.RollbackStarted) {
      soak = end(soak, at);
      rollback = new Band("rollback", "rollback", at, null);
    } else if (e instanceof Event.RollbackFinished) {
      rollback = end(rollback, at);
    } else if (e instanceof Event.RunEnded || e instanceof Event.RunInterrupted) {
      stage = end(stage, at);
      soak = end(soak, at);
      rollback = end(rollback, at);
    }
  }

  /** Ends {@code b} at {@code at} (keeping it with the bands done); null: nothing is open now. */
  private Band end(Band b, Instant at) {
    if (b != null) {
      done.add(new Band(b.kind(), b.label(), b.from(), at));
    }
    return null;
  }
}
