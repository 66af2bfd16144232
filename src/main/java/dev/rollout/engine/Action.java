package dev.rollout.engine;

import dev.rollout.plan.Wave;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one next thing a run does, as {@link Decision#next} decides it from the plan and the
 * record. Each carries a typed reason and a sentence for the operator; the engine performs it and
 * journals what happened, then decides again.
 */
public sealed interface Action {

  /** A sentence for the operator: what is done next, and why. */
  String sentence();

  /** Preflight on every target: nothing has changed yet. */
  record Preflight(String sentence) implements Action {}

  /** Change these pending hosts of {@code wave}. */
  record Change(Wave wave, List<String> hosts, String sentence) implements Action {}

  /**
   * Soak {@code stage} (a wave's label, or watch) for {@code left}, until {@code until}, under
   * probes; {@code left} is the whole soak unless the journal shows it already under way.
   */
  record SoakUntil(String stage, Instant until, Duration left, String sentence)
      implements Action {}

  /**
   * Count these changed hosts as failed: what their probes observed (journaled by the probe
   * threads as {@link Event.HealthChanged}) made them unhealthy.
   */
  record FailHosts(List<HostFailure> hosts, String sentence) implements Action {}

  /** One host to fail, with its failure class and the reason the operator reads. */
  record HostFailure(String host, FailureClass failure, FailReason reason, String sentence) {}

  /**
   * Judge the metrics of {@code strategy.analysis} at the end of {@code stage}'s soak, or
   * {@code early}, before it ends, when a metric probe's failure was held back for it ({@link
   * HeldBack}): each judgement, made from the journaled measurements alone, is journaled as it
   * is.
   */
  record Judge(String stage, List<Event.AnalysisJudged> judgements, boolean early,
      String sentence) implements Action {}

  /** The stage's hosts are done, its soak passed (and its analysis, when it has one). */
  record CompleteStage(String stage, String sentence) implements Action {}

  /**
   * Start stopping: no new host is changed; the plan's onFailure says what follows, unless the
   * reason {@link StopReason#pauses} whatever it says.
   */
  record Stop(StopReason reason, String sentence) implements Action {}

  /** Stop and wait for promote or abort. */
  record Pause(PauseReason reason, String stage, String sentence) implements Action {}

  /** Roll these hosts back. */
  record RollBack(RollbackReason reason, List<String> hosts, String sentence)
      implements Action {}

  /** End the run with {@code outcome}; {@code sentence} is its summary. */
  record End(Outcome outcome, EndReason reason, String sentence) implements Action {}

  /** Why a changed host is failed by the decision. */
  enum FailReason {
    /** A probe failed {@code unhealthyAfter} times in a row on the host. */
    PROBE_UNHEALTHY,
    /** A probe could not reach the host {@code unhealthyAfter} times in a row. */
    PROBE_UNREACHABLE,
    /** The analysis found the stage's hosts degraded beyond the controls (or their baseline). */
    ANALYSIS_CANARY_WORSE
  }

  /** Why a run starts stopping. */
  enum StopReason {
    /** More hosts failed than {@code maxFailures} (and the failures a promote accepted) allow. */
    FAILURES_OVER_BUDGET,
    /** A canary failed: the canary is the gate, whatever {@code maxFailures} allows. */
    CANARY_FAILED,
    /** The canary's rehearsed rollback failed: the way back does not work. */
    REHEARSAL_FAILED,
    /** The control hosts moved as much as the canaries: a fleet-wide blip, not the change. */
    CONTROLS_MOVED_TOO,
    /** The analysis had no measurements to judge a metric by. */
    ANALYSIS_NO_DATA,
    /** A probe with {@code onInconclusive: pause} gave inconclusive values on a changed host. */
    PROBE_INCONCLUSIVE;

    /** True when nothing failed: the run pauses for a person, and no host is rolled back. */
    public boolean pauses() {
      return this == CONTROLS_MOVED_TOO || this == ANALYSIS_NO_DATA
          || this == PROBE_INCONCLUSIVE;
    }
  }

  /** Why a run pauses. */
  enum PauseReason {
    /** The gate after the canary: {@code pauseAfterCanary} or {@code --until canary}. */
    GATE_AFTER_CANARY,
    /** The run stopped on a failure and the plan says {@code onFailure: pause}. */
    ON_FAILURE,
    /**
     * Nothing failed, but what was seen needs a person ({@link StopReason#pauses}): paused as on a
     * failure, whatever {@code onFailure} says.
     */
    NEEDS_JUDGEMENT
  }

  /** Why hosts are rolled back. */
  enum RollbackReason {
    /** A failure within {@code maxFailures}, with {@code onFailure: rollback}. */
    TOLERATED_FAILURE,
    /** An operator promoted the run past a pause on failure: the failed hosts go back first. */
    PROMOTED_PAST_FAILURE,
    /** The run stopped on failures ({@code rollbackScope} says which hosts). */
    RUN_STOPPED,
    /** An operator aborted the run: every touched host. */
    ABORTED
  }

  /** Why a run ends. */
  enum EndReason {
    /** Every stage and the watch passed. */
    ALL_STAGES_PASSED,
    /** A rollback (of a tolerated failure, a stop or an abort) left a host that needs a person. */
    ROLLBACK_FAILED,
    /** The run stopped on failures and every host in scope was rolled back. */
    STOPPED_AND_ROLLED_BACK,
    /** The run stopped on failures and the plan says {@code onFailure: halt}. */
    HALTED,
    /** An operator aborted the run and every touched host was rolled back. */
    ABORTED,
    /** An operator aborted the run before it touched any host. */
    ABORTED_BEFORE_ANY_CHANGE
  }
}
