package dev.rollout.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run records, one past-tense record per state change. A run's state is derived from its
 * events alone. Texts in events have secrets masked already.
 */
public sealed interface Event {

  /** When it happened. */
  Instant at();

  /** One line for the operator. */
  String describe();

  /**
   * The run began. {@code gateAfterCanary}: the run pauses after the canary's soak until promoted
   * ({@code pauseAfterCanary} or {@code --until canary}).
   */
  record RunStarted(Instant at, String runId, String plan, List<String> targets,
      int allowedFailures, boolean gateAfterCanary) implements Event {
    public String describe() {
      return "run " + runId + " of plan " + plan + " started on " + targets.size() + " target(s)";
    }
  }

  /** Preflight finished on one host. */
  record PreflightChecked(Instant at, String host, boolean passed, String reason) implements Event {
    public String describe() {
      return host + ": preflight " + (passed ? "passed" : "FAILED: " + reason);
    }
  }

  /** The way back is not proven on a host, and the operator allowed the run to go on anyway. */
  record RollbackUnproven(Instant at, String host, String reason) implements Event {
    public String describe() {
      return host + ": the way back is NOT proven (" + reason + "); going on because of "
          + "--allow-unproven-rollback";
    }
  }

  /** A stage (the canary or a wave) began. */
  record StageStarted(Instant at, String stage, List<String> hosts) implements Event {
    public String describe() {
      return stage + " started: " + String.join(", ", hosts);
    }
  }

  /** A step began on a host. {@code phase} is change, verify, rollback, preflight, ... */
  record StepStarted(Instant at, String host, String phase, int number, String name, String path)
      implements Event {
    public String describe() {
      return host + ": " + phase + " " + number + " \"" + name + "\" started"
          + (path.equals("ssh") ? "" : " via " + path);
    }
  }

  /** A step ended on a host, with its (cut, masked) output. exitCode -1 means no exit status. */
  record StepFinished(Instant at, String host, String phase, int number, String name, int exitCode,
      boolean timedOut, Duration duration, String stdout, String stderr, String error)
      implements Event {
    public boolean succeeded() {
      return exitCode == 0 && !timedOut && error == null;
    }

    public String describe() {
      String how = error != null ? "could not run: " + error : timedOut ? "timed out after "
          + duration.toSeconds() + "s" : "exit " + exitCode;
      return host + ": " + phase + " " + number + " \"" + name + "\" " + how + " ("
          + duration.toMillis() + " ms)";
    }
  }

  /** A host moved from one state to another. */
  record HostStateChanged(Instant at, String host, HostState from, HostState to, String reason)
      implements Event {
    public String describe() {
      return host + ": " + from.words() + " -> " + to.words()
          + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
  }

  /**
   * A host failed and counts against {@code maxFailures}; it is now FAILED, or UNREACHABLE for
   * that failure class. One event for both, so a crash cannot record one without the other.
   */
  record HostFailed(Instant at, String host, FailureClass failure, String reason, int failures)
      implements Event {
    public String describe() {
      return host + ": FAILED (" + failure.name().toLowerCase().replace('_', ' ') + "): " + reason
          + " [failures so far: " + failures + "]";
    }
  }

  /**
   * A probe's health changed on a host (never one event per check): an observation, which the
   * run's decision acts on. {@code failures} is the probe's failures in a row when it turned
   * unhealthy; {@code unreachable} says the host could not be reached, not that it answered badly;
   * {@code inconclusive} says the failures were inconclusive values of a probe with {@code
   * onInconclusive: pause}: the run pauses, the host is not failed.
   */
  record HealthChanged(Instant at, String host, String probe, boolean healthy, String reason,
      int failures, boolean unreachable, boolean inconclusive) implements Event {

    /** A change with no failure count and a host that answered. */
    public HealthChanged(Instant at, String host, String probe, boolean healthy, String reason) {
      this(at, host, probe, healthy, reason, healthy ? 0 : 1, false, false);
    }

    /** A change caused by a verdict, not by inconclusive values. */
    public HealthChanged(Instant at, String host, String probe, boolean healthy, String reason,
        int failures, boolean unreachable) {
      this(at, host, probe, healthy, reason, failures, unreachable, false);
    }

    public String describe() {
      return host + ": probe \"" + probe + "\" " + (healthy ? "healthy again" : inconclusive
          ? "INCONCLUSIVE: " + reason : "UNHEALTHY: " + reason);
    }
  }

  /** A soak (after the canary or a wave) or the watch began. */
  record SoakStarted(Instant at, String stage, Duration duration, Instant until) implements Event {
    public String describe() {
      return stage + ": soak of " + dev.rollout.source.Durations.format(duration) + " until "
          + dev.rollout.source.Timestamps.text(until);
    }
  }

  /** A soak ended with every changed host healthy. */
  record SoakPassed(Instant at, String stage) implements Event {
    public String describe() {
      return stage + ": soak passed, every changed host healthy";
    }
  }

  /** Commands for a host now go through its console because SSH to it failed. */
  record ConsoleUsed(Instant at, String host, String console, String reason) implements Event {
    public String describe() {
      return host + ": SSH failed (" + reason + "); using the console path " + console;
    }
  }

  /**
   * The run stops starting hosts: more failures than allowed, or a pause. {@code pause}: nothing
   * failed, but what was seen needs a person (the control hosts moved too, a probe was
   * inconclusive): the run pauses whatever {@code onFailure} says, and no host is rolled back.
   */
  record RunStopping(Instant at, String reason, boolean pause) implements Event {

    /** A stop on failures: {@code onFailure} says what follows. */
    public RunStopping(Instant at, String reason) {
      this(at, reason, false);
    }

    public String describe() {
      return "stopping: " + reason;
    }
  }

  /**
   * One metric of {@code strategy.analysis} judged at the end of a stage's soak: the stage's
   * hosts ({@code canaries}) against {@code controls} (empty: against their own pre-change
   * window), by {@code method} ({@code ratio} or {@code Mann-Whitney U}), from the journaled
   * measurements. The values are means (null without points); the points are counts during the
   * soak (of the controls, or without controls of the canaries before the change).
   */
  record AnalysisJudged(Instant at, String stage, String metric, String method,
      dev.rollout.probe.CanaryJudge.Verdict verdict, List<String> canaries,
      List<String> controls, int canaryPoints, int controlPoints, Double canaryBefore,
      Double canaryDuring, Double controlBefore, Double controlDuring, String sentence)
      implements Event {
    public String describe() {
      return stage + ": analysis by " + method + ": " + sentence;
    }

    /** What the canaries were compared with: the control hosts, or their own earlier values. */
    public String comparedWith() {
      return controls.isEmpty() ? "their own pre-change window (no controls left)"
          : "the control hosts " + String.join(", ", controls);
    }

    /** The values judged: each side's mean before the change and during the soak, and points. */
    public String values() {
      String canary = "canaries " + mean(canaryBefore) + " -> " + mean(canaryDuring);
      return controls.isEmpty() ? canary + " (" + controlPoints + " point(s) before, "
          + canaryPoints + " during)" : canary + " (" + canaryPoints + " point(s)), controls "
          + mean(controlBefore) + " -> " + mean(controlDuring) + " (" + controlPoints
          + " point(s))";
    }

    private static String mean(Double v) {
      return v == null ? "none" : dev.rollout.probe.Measurement.format(v);
    }
  }

  /** Rollback began on these hosts. */
  record RollbackStarted(Instant at, List<String> hosts, String reason) implements Event {
    public String describe() {
      return "rollback started on " + String.join(", ", hosts) + ": " + reason;
    }
  }

  /** Rollback ended; {@code failed} lists hosts that need attention. */
  record RollbackFinished(Instant at, List<String> rolledBack, List<String> failed)
      implements Event {
    public String describe() {
      return "rollback finished: " + rolledBack.size() + " rolled back"
          + (failed.isEmpty() ? "" : ", NEEDS ATTENTION: " + String.join(", ", failed));
    }
  }

  /** The run ended. */
  record RunEnded(Instant at, Outcome outcome, String summary) implements Event {
    public String describe() {
      return "run ended: " + outcome.name().toLowerCase().replace('_', ' ') + ": " + summary;
    }
  }

  /** Preflight passed on every target; from here on hosts may change. */
  record PreflightPassed(Instant at, int targets) implements Event {
    public String describe() {
      return "preflight passed on all " + targets + " target(s)";
    }
  }

  /** A stage's hosts are done and its soak (if any) passed. */
  record StageCompleted(Instant at, String stage) implements Event {
    public String describe() {
      return stage + " completed";
    }
  }

  /**
   * Probe checks since the last count, over all monitored hosts: the journal keeps these totals
   * instead of every check. Also marks the controller as alive at {@code at}.
   */
  record HealthCounted(Instant at, long checks, long failures, int hostsMonitored)
      implements Event {
    public String describe() {
      return "probes: " + checks + " check(s), " + failures + " failed, on " + hostsMonitored
          + " host(s)";
    }
  }

  /**
   * One check of a metric probe: the query as sent (values escaped), the value seen (null: no
   * data or an error), the sample's time, the condition and the verdict ({@code passed}, {@code
   * failed}, {@code inconclusive}, {@code no data}, {@code error}). Journaled, not shown as
   * progress.
   */
  record MetricMeasured(Instant at, String host, String probe, String query, Double value,
      Instant sampleAt, String condition, String verdict, String reason) implements Event {
    public String describe() {
      return host + ": " + reason;
    }
  }

  /**
   * A probe's results on a host changed class, or its first check since monitoring (re)started
   * ({@code previous} empty): one event per run of equal results, never one per check, which is
   * enough to draw health over time. {@code result} and {@code previous} are {@code healthy},
   * {@code unhealthy}, {@code unreachable}, {@code error} or {@code inconclusive}; {@code
   * previousChecks} is how many checks the run that ended had. {@code reason} (masked) and {@code
   * value} (a metric probe's, else null) are of the check that began the new run, at {@code at}.
   * A change away from healthy, or a first check that is not healthy, is the first failure of a
   * streak ({@link #firstFailure}). Journaled, not shown as progress.
   */
  record ProbeResultChanged(Instant at, String host, String probe, String result,
      String previous, long previousChecks, String reason, Double value) implements Event {

    /** Whether this check is the first failure of a streak of checks that were not healthy. */
    public boolean firstFailure() {
      return !healthy() && (previous.isEmpty() || previous.equals("healthy"));
    }

    public boolean healthy() {
      return result.equals("healthy");
    }

    public String describe() {
      String after = previous.isEmpty() ? " (first check)" : " after " + previousChecks + " "
          + previous + " check(s)";
      return host + ": probe \"" + probe + "\" " + (firstFailure() ? "first failure ("
          + result + ")" : result) + after + (healthy() ? "" : ": " + reason);
    }
  }

  /** The run stopped at a gate (after the canary) and waits for promote. */
  record RunPaused(Instant at, String stage, String reason) implements Event {
    public String describe() {
      return "paused after " + stage + ": " + reason + "; go on with: rollout promote";
    }
  }

  /** An operator passed the gate. */
  record Promoted(Instant at, String by) implements Event {
    public String describe() {
      return "promoted by " + by;
    }
  }

  /** An operator asked to roll back every changed host and end the run. */
  record AbortRequested(Instant at, String by) implements Event {
    public String describe() {
      return "abort requested by " + by + ": rolling back every changed host";
    }
  }

  /** A controller took the run up again from its journal. */
  record RunResumed(Instant at, String by, String note) implements Event {
    public String describe() {
      return "resumed by " + by + (note.isEmpty() ? "" : ": " + note);
    }
  }

  /**
   * A controller took the run over from another whose lease ran out (it died, froze, or lost the
   * state store): {@code token} is the new fencing token, and the old owner's writes are refused
   * from now on. A run the new owner takes from the queue is not adopted.
   */
  record RunAdopted(Instant at, String from, String to, long token) implements Event {
    public String describe() {
      return "adopted by " + to + " from " + from + " (its lease ran out; fencing token " + token
          + ")";
    }
  }

  /** The controller was interrupted (Ctrl-C); resume goes on. */
  record RunInterrupted(Instant at, String stage) implements Event {
    public String describe() {
      return "interrupted during " + stage + "; go on with: rollout resume";
    }
  }

  /** An operator forced the locks of another run open. */
  record LocksForced(Instant at, String fromRun, java.util.List<String> hosts, String by)
      implements Event {
    public String describe() {
      return "locks of run " + fromRun + " on " + String.join(", ", hosts) + " forced open by "
          + by;
    }
  }

  /** A notification could not be delivered (it never stops the run). */
  record NotificationFailed(Instant at, String channel, String reason) implements Event {
    public String describe() {
      return "notification via " + channel + " not delivered: " + reason;
    }
  }
}
