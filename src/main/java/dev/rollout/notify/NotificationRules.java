package dev.rollout.notify;

import dev.rollout.engine.Event;
import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.Event.HostStateChanged;
import dev.rollout.engine.Event.PreflightChecked;
import dev.rollout.engine.Event.RollbackFinished;
import dev.rollout.engine.Event.RollbackStarted;
import dev.rollout.engine.Event.RunEnded;
import dev.rollout.engine.Event.RunStarted;
import dev.rollout.engine.Event.RunStopping;
import dev.rollout.engine.Event.SoakPassed;
import dev.rollout.engine.Event.SoakStarted;
import dev.rollout.engine.Event.StageStarted;
import dev.rollout.engine.HostState;
import dev.rollout.engine.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which run events a person must hear of, from the events alone. A stage (canary or wave)
 * is announced once: when its soak passes, or, without a soak, when the run moves on past it (the
 * next stage, the watch, or the completed end) while not stopping. The stage named in a
 * notification is the latest stage started, or {@code watch} once the watch began. Every other
 * event (steps, probe health, preflight checks, host moves, soaks starting) only feeds this
 * bookkeeping. Not thread-safe: the notifier calls it under its own lock, in event order.
 */
final class NotificationRules {

  private final Wording wording;
  private final Map<String, HostState> hosts = new HashMap<>();
  private final List<String> refusals = new ArrayList<>();
  private StageStarted open;
  private String stage;
  private boolean stopping;

  NotificationRules(Wording wording) {
    this.wording = wording;
  }

  /** The notifications {@code e} causes, in order; most events cause none. */
  List<Notification> on(Event e) {
    if (e instanceof RunStarted r) {
      return List.of(wording.started(r));
    }
    if (e instanceof HostFailed f) {
      hosts.put(f.host(), HostState.FAILED);
      return List.of(wording.failed(f, stage));
    }
    if (e instanceof Event.RunAdopted a) {
      return List.of(wording.adopted(a, stage));
    }
    if (e instanceof RollbackStarted r) {
      return List.of(wording.rollbackStarted(r, stage));
    }
    if (e instanceof RollbackFinished r) {
      return List.of(wording.rollbackFinished(r, stage));
    }
    if (e instanceof RunEnded r) {
      return ended(r);
    }
    if (e instanceof Event.RunPaused p) {
      List<Notification> out = new ArrayList<>(passed(p.at()));
      out.add(wording.ended(new RunEnded(p.at(), stopping ? Outcome.PAUSED_ON_FAILURE
          : Outcome.PAUSED, "waiting after " + p.stage()
          + " (" + p.reason() + ")"), stage, refusals));
      return out;
    }
    if (e instanceof Event.RunInterrupted i) {
      return List.of(wording.ended(new RunEnded(i.at(), Outcome.INTERRUPTED, "interrupted during "
          + i.stage()), stage, refusals));
    }
    return stages(e);
  }

  private List<Notification> stages(Event e) {
    if (e instanceof StageStarted s) {
      List<Notification> out = passed(s.at());
      open = s;
      stage = s.stage();
      return out;
    }
    if (e instanceof SoakPassed s && open != null && s.stage().equals(open.stage())) {
      return passed(s.at());
    }
    if (e instanceof SoakStarted w && (open == null || !w.stage().equals(open.stage()))) {
      stage = w.stage();
      return passed(w.at());
    }
    note(e);
    return List.of();
  }

  private void note(Event e) {
    if (e instanceof HostStateChanged c) {
      hosts.put(c.host(), c.to());
    } else if (e instanceof RunStopping) {
      stopping = true;
    } else if (e instanceof PreflightChecked p && !p.passed()) {
      refusals.add(p.host() + ": " + p.reason());
    }
  }

  private List<Notification> ended(RunEnded r) {
    List<Notification> out = new ArrayList<>();
    if (r.outcome() == Outcome.COMPLETED) {
      out.addAll(passed(r.at()));
    }
    out.add(wording.ended(r, stage, refusals));
    return out;
  }

  /** Announces the open stage once, unless the run is stopping. */
  private List<Notification> passed(Instant at) {
    StageStarted s = open;
    open = null;
    if (s == null || stopping) {
      return List.of();
    }
    List<String> changed = s.hosts().stream().filter(h -> hosts.get(h) == HostState.CHANGED)
        .toList();
    return List.of(wording.stageDone(s, changed, at));
  }
}
