package dev.rollout.notify;

import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.Event.RollbackFinished;
import dev.rollout.engine.Event.RollbackStarted;
import dev.rollout.engine.Event.RunEnded;
import dev.rollout.engine.Event.RunStarted;
import dev.rollout.engine.Event.StageStarted;
import dev.rollout.engine.Outcome;
import dev.rollout.plan.Strategy.OnFailure;
import dev.rollout.source.Visible;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The words of each notification: one line that starts with an emoji short code (Slack and
 * Mattermost show it as the picture) and names the plan and the run, so that a person in a busy
 * channel knows at once what happened and whether to act.
 */
final class Wording {

  private static final int LISTED = 5;

  private String runId;
  private String plan;
  private int allowedFailures;
  private final OnFailure onFailure;

  /** {@code onFailure} may be null: then a failure that stops the run says only that. */
  Wording(String runId, String plan, OnFailure onFailure) {
    this.runId = runId;
    this.plan = plan;
    this.onFailure = onFailure;
  }

  Notification started(RunStarted r) {
    runId = r.runId();
    plan = r.plan();
    allowedFailures = r.allowedFailures();
    return note(Kind.RUN_STARTED, ":rocket:", "started on " + r.targets().size() + " target(s): "
        + list(r.targets()) + " (maxFailures " + r.allowedFailures() + ")", r.at(), null, null,
        null, null);
  }

  Notification stageDone(StageStarted s, List<String> changed, Instant at) {
    boolean canary = s.stage().equals("canary");
    String what = s.stage() + (canary ? " passed: " : " done: ") + changed.size()
        + (changed.size() == s.hosts().size() ? "" : " of " + s.hosts().size())
        + " host(s) changed and healthy" + (changed.isEmpty() ? "" : ": " + list(changed));
    return note(canary ? Kind.CANARY_PASSED : Kind.WAVE_DONE, ":white_check_mark:", what, at,
        null, null, s.stage(), null);
  }

  Notification failed(HostFailed f, String stage) {
    String why = words(f.failure().name()) + ": " + f.reason();
    Severity severity = f.failures() > allowedFailures ? Severity.CRITICAL : Severity.WARNING;
    return note(Kind.HOST_FAILED, severity, ":rotating_light:", "host " + f.host() + " FAILED ("
        + why + "): " + consequence(f.failures()), f.at(), f.host(), why, stage, null);
  }

  Notification adopted(dev.rollout.engine.Event.RunAdopted a, String stage) {
    return note(Kind.RUN_ADOPTED, ":handshake:", a.describe(), a.at(), null, a.describe(), stage,
        null);
  }

  Notification rollbackStarted(RollbackStarted r, String stage) {
    return note(Kind.ROLLBACK_STARTED, ":rewind:", "rolling back " + list(r.hosts()) + ": "
        + r.reason(), r.at(), null, r.reason(), stage, null);
  }

  Notification rollbackFinished(RollbackFinished r, String stage) {
    if (r.failed().isEmpty()) {
      return note(Kind.ROLLBACK_FINISHED, ":leftwards_arrow_with_hook:", "rollback finished: "
          + list(r.rolledBack()) + " rolled back and healthy", r.at(), null, null, stage, null);
    }
    String why = "rollback failed on " + list(r.failed());
    return note(Kind.ROLLBACK_FINISHED, Severity.CRITICAL, ":sos:", why
        + ": NEEDS ATTENTION (rolled back: "
        + (r.rolledBack().isEmpty() ? "none" : list(r.rolledBack())) + ")", r.at(), null, why,
        stage, null);
  }

  /**
   * The end (or pause) of a run: an event per way it ends, so that a receiver never has to read
   * the outcome to know what happened: {@code run-rolled-back}, {@code run-needs-attention},
   * {@code run-halted} (only for {@code onFailure: halt}), {@code run-refused}, ...
   */
  Notification ended(RunEnded r, String stage, List<String> refusals) {
    String outcome = dev.rollout.engine.Wire.name(r.outcome());
    String reason = r.outcome() == Outcome.PREFLIGHT_REFUSED && !refusals.isEmpty()
        ? r.summary() + " (" + list(refusals) + ")" : r.summary();
    Ending e = ending(r.outcome());
    return note(e.kind(), e.severity(), e.emoji(), e.what() + reason + e.after(), r.at(), null,
        reason, stage, outcome);
  }

  /** How a notification words one outcome: its kind, severity, emoji and words around it. */
  private record Ending(Kind kind, Severity severity, String emoji, String what, String after) {}

  private Ending ending(Outcome o) {
    return switch (o) {
      case COMPLETED -> new Ending(Kind.RUN_COMPLETED, Severity.INFO, ":tada:", "completed: ", "");
      case PAUSED -> new Ending(Kind.RUN_PAUSED, Severity.INFO, ":double_vertical_bar:",
          "paused: ", "; `rollout promote " + runId + "` goes on");
      case PAUSED_ON_FAILURE -> new Ending(Kind.RUN_PAUSED, Severity.CRITICAL, ":sos:",
          "PAUSED ON FAILURE: ", "; `rollout promote " + runId + "` goes on, `rollout abort "
          + runId + "` rolls back");
      case ROLLED_BACK -> new Ending(Kind.RUN_ROLLED_BACK, Severity.WARNING,
          ":leftwards_arrow_with_hook:", "ROLLED BACK, every changed host is back and healthy: ",
          "");
      case NEEDS_ATTENTION -> onFailure == OnFailure.HALT
          ? new Ending(Kind.RUN_HALTED, Severity.CRITICAL, ":sos:", "HALTED, hosts left as they "
              + "are, NEEDS ATTENTION: ", "")
          : new Ending(Kind.RUN_NEEDS_ATTENTION, Severity.CRITICAL, ":sos:", "NEEDS ATTENTION: ",
              "");
      case PREFLIGHT_REFUSED -> new Ending(Kind.RUN_REFUSED, Severity.WARNING, ":no_entry:",
          "refused by preflight, nothing changed: ", "");
      case INTERRUPTED -> new Ending(Kind.RUN_INTERRUPTED, Severity.WARNING, ":warning:",
          "interrupted (`rollout resume " + runId + "` goes on): ", "");
      case JOURNAL_LOST -> new Ending(Kind.RUN_JOURNAL_LOST, Severity.CRITICAL, ":sos:",
          "STOPPED, journal lost (`rollout resume " + runId + "` once it is back): ", "");
    };
  }

  private String consequence(int failures) {
    String count = failures + " failure(s), maxFailures " + allowedFailures;
    if (failures <= allowedFailures) {
      return "within maxFailures (" + count + ")"
          + (onFailure == OnFailure.ROLLBACK ? ", rolling it back" : "");
    }
    String action = onFailure == null ? "stopping the run" : switch (onFailure) {
      case ROLLBACK -> "rolling back";
      case PAUSE -> "pausing the run";
      case HALT -> "halting the run";
    };
    return action + " (" + count + ")";
  }

  private Notification note(Kind kind, String emoji, String what, Instant at, String host,
      String reason, String stage, String outcome) {
    return note(kind, kind.severity(), emoji, what, at, host, reason, stage, outcome);
  }

  private Notification note(Kind kind, Severity severity, String emoji, String what, Instant at,
      String host, String reason, String stage, String outcome) {
    String text = Visible.line(emoji + " rollout " + plan + " run " + runId + " — " + what);
    return new Notification(kind, text, runId, plan, host, reason, stage, at, outcome, severity);
  }

  private static String list(List<String> items) {
    return items.size() <= LISTED ? String.join(", ", items) : String.join(", ",
        items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
  }

  private static String words(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
