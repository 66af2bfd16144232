package dev.rollout.engine;

import dev.rollout.engine.Action.EndReason;
import dev.rollout.engine.Action.PauseReason;
import dev.rollout.engine.Action.RollbackReason;
import dev.rollout.plan.ResolvedPlan;
import dev.rollout.plan.Strategy;
import dev.rollout.plan.Strategy.OnFailure;
import dev.rollout.plan.Wave;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's next action, a pure function of the plan, the record folded from the journal and the
 * time: the same journal always gives the same decision, so a controller taking a run up after
 * any death decides as the dead one would have. A recorded abort wins over everything; after it
 * no action changes a pending host.
 */
public final class Decision {

  private static final Set<HostState> TOUCHED = Set.of(HostState.CHANGING, HostState.VERIFYING,
      HostState.CHANGED, HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK,
      HostState.ROLLBACK_FAILED);

  /** Touched and not given up on: a rollback is still due before the run may end rolled back. */
  private static final HostState[] OPEN = {HostState.CHANGING, HostState.VERIFYING,
      HostState.CHANGED, HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK};

  private Decision() {}

  /** What the run {@code r} of {@code plan} does next, at {@code now}. */
  public static Action next(ResolvedPlan plan, RunRecord r, Instant now) {
    if (r.abortRequested()) {
      return aborting(r);
    }
    if (!r.preflightPassed()) {
      return new Action.Preflight("preflight on every target before any change");
    }
    Strategy s = plan.plan().strategy();
    if (r.stopReason().isPresent()) {
      return stopped(s, r);
    }
    List<String> failed = new ArrayList<>(in(r, HostState.FAILED, HostState.UNREACHABLE));
    in(r, HostState.ROLLING_BACK).stream().filter(h -> !r.rehearsing(h)).forEach(failed::add);
    if (!failed.isEmpty() && (s.onFailure() == OnFailure.ROLLBACK || r.promotedPastFailure())) {
      return r.promotedPastFailure()
          ? new Action.RollBack(RollbackReason.PROMOTED_PAST_FAILURE, failed, "promoted past a "
              + "pause on failure: the failed host(s) are rolled back, the run goes on")
          : new Action.RollBack(RollbackReason.TOLERATED_FAILURE, failed,
              "failure within maxFailures");
    }
    for (Wave w : plan.waves()) {
      if (!r.stageCompleted(w.label())) {
        return stage(s, r, w, now);
      }
      if (w.canary() && r.gateAfterCanary() && !r.gatePassed()) {
        return new Action.Pause(PauseReason.GATE_AFTER_CANARY, w.label(),
            "the gate after the canary (--until canary or pauseAfterCanary)");
      }
    }
    if (!s.watch().isZero() && !r.stageCompleted("watch")) {
      Duration left = r.soakLeft("watch", s.watch());
      return new Action.SoakUntil("watch", now.plus(left), left,
          "the watch: every host stays under probes with rollback armed");
    }
    List<String> bad = in(r, HostState.ROLLBACK_FAILED);
    return bad.isEmpty()
        ? new Action.End(Outcome.COMPLETED, EndReason.ALL_STAGES_PASSED, completed(r))
        : new Action.End(Outcome.NEEDS_ATTENTION, EndReason.ROLLBACK_FAILED,
            "rollback failed on " + String.join(", ", bad));
  }

  /** A stage not completed: its pending hosts change, then it soaks. */
  private static Action stage(Strategy s, RunRecord r, Wave w, Instant now) {
    List<String> pending = w.hosts().stream()
        .filter(h -> r.hosts().get(h) == HostState.PENDING).toList();
    if (!pending.isEmpty()) {
      return new Action.Change(w, pending, w.label() + ": change " + String.join(", ",
          pending));
    }
    Duration d = w.canary() ? s.soak() : s.waveSoak();
    Duration left = r.soakLeft(w.label(), d);
    return new Action.SoakUntil(w.label(), now.plus(left), left, w.label()
        + ": soak under probes");
  }

  /** The run stopped on failures: pause, halt, or roll back as the plan says. */
  private static Action stopped(Strategy s, RunRecord r) {
    String why = r.stopReason().orElseThrow();
    if (s.onFailure() == OnFailure.PAUSE) {
      return new Action.Pause(PauseReason.ON_FAILURE, r.stageLabel(), "on failure (" + why
          + "); hosts left as they are: " + hosts(r));
    }
    if (s.onFailure() == OnFailure.HALT) {
      return new Action.End(Outcome.NEEDS_ATTENTION, EndReason.HALTED, "halted on failure ("
          + why + "); hosts left as they are: " + hosts(r) + "; roll back with: rollout abort "
          + r.runId());
    }
    // the run ends rolled back only once no host in the scope is still touched, whatever
    // rollback finished before; a host whose rollback failed is left for a person
    List<String> scope = s.rollbackScope() == Strategy.RollbackScope.CHANGED
        ? in(r, OPEN) : in(r, HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK);
    String failedWhy = "the change failed (" + why + ")";
    if (!scope.isEmpty()) {
      return new Action.RollBack(RollbackReason.RUN_STOPPED, scope, failedWhy);
    }
    return endAfterRollback(r, failedWhy, EndReason.STOPPED_AND_ROLLED_BACK);
  }

  /** An abort: every touched host is rolled back, then the run ends. */
  private static Action aborting(RunRecord r) {
    String why = "aborted by " + r.abortedBy();
    // a host whose rollback failed is tried once more by the abort's own rollback; any host
    // still touched after it (changed while it ran) is rolled back before the run ends
    List<String> due = r.finalRollbackDone() ? in(r, OPEN)
        : in(r, TOUCHED.toArray(HostState[]::new));
    if (!due.isEmpty()) {
      return new Action.RollBack(RollbackReason.ABORTED, due, why);
    }
    if (!r.touchedAnyHost()) {
      return new Action.End(Outcome.ROLLED_BACK, EndReason.ABORTED_BEFORE_ANY_CHANGE, why
          + " before any host changed: nothing was changed, nothing to roll back");
    }
    return endAfterRollback(r, why, EndReason.ABORTED);
  }

  private static Action endAfterRollback(RunRecord r, String why, EndReason reason) {
    List<String> bad = in(r, HostState.ROLLBACK_FAILED);
    return bad.isEmpty()
        ? new Action.End(Outcome.ROLLED_BACK, reason, why + "; rolled back: "
            + String.join(", ", in(r, HostState.ROLLED_BACK)))
        : new Action.End(Outcome.NEEDS_ATTENTION, EndReason.ROLLBACK_FAILED,
            "rollback failed on " + String.join(", ", bad) + "; see the journal");
  }

  private static String completed(RunRecord r) {
    List<String> parts = new ArrayList<>();
    parts.add(in(r, HostState.CHANGED).size() + " host(s) changed and healthy");
    List<String> rolled = in(r, HostState.ROLLED_BACK);
    if (!rolled.isEmpty()) {
      parts.add("failed within maxFailures and rolled back: " + String.join(", ", rolled));
    }
    return String.join("; ", parts);
  }

  private static String hosts(RunRecord r) {
    List<String> out = new ArrayList<>();
    r.hosts().forEach((h, s) -> out.add(h + "=" + s.words()));
    return String.join(", ", out);
  }

  private static List<String> in(RunRecord r, HostState... states) {
    Set<HostState> wanted = Set.of(states);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, HostState> e : r.hosts().entrySet()) {
      if (wanted.contains(e.getValue())) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
