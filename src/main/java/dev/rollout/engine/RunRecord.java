package dev.rollout.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's state folded from its journal alone: what {@code status} shows and where {@code
 * resume} goes on. Built by {@link #fold}, a pure function of the events.
 */
public final class RunRecord {

  private String runId = "";
  private String plan = "";
  private Instant started;
  private Instant lastAt;
  private final HostStates hosts = new HostStates();
  private final Map<String, String> hostReasons = new LinkedHashMap<>();
  private final Map<String, StepCursor> cursors = new LinkedHashMap<>();
  private final Map<String, Map<String, Event.HealthChanged>> unhealthyProbes =
      new LinkedHashMap<>();
  private final List<String> failedSincePromote = new ArrayList<>();
  private final Set<String> rehearsalFailed = new LinkedHashSet<>();
  private final Set<String> stagesStarted = new LinkedHashSet<>();
  private final Set<String> stagesCompleted = new LinkedHashSet<>();
  private final Map<String, Instant> soakUntil = new LinkedHashMap<>();
  private int failures;
  private int allowedFailures;
  private boolean preflightPassed;
  private String stopReason;
  private boolean paused;
  private boolean promoted;
  private boolean gateAfterCanary;
  private boolean abortRequested;
  private boolean pausedOnFailure;
  private boolean gatePassed;
  private boolean promotedPastFailure;
  private boolean finalRollbackDone;
  private boolean rollbackIsFinal;
  private String abortedBy = "";
  private int acceptedFailures;
  private boolean touched;
  private final Map<String, Instant> soakStartedAt = new LinkedHashMap<>();
  private final Map<String, Duration> soakFor = new LinkedHashMap<>();
  private final Map<String, Instant> soakAlive = new LinkedHashMap<>();
  private String soaking;
  private final Set<String> inRollback = new LinkedHashSet<>();
  private final Set<String> rehearsing = new LinkedHashSet<>();
  private final Set<String> rehearsed = new LinkedHashSet<>();
  private Outcome outcome;
  private String summary = "";
  private String stage = "preflight";
  private final List<Event> events = new ArrayList<>();
  private boolean stopPauses;
  private final Set<String> soaksPassed = new LinkedHashSet<>();
  private final Map<String, Map<String, Event.AnalysisJudged>> judged = new LinkedHashMap<>();
  private final Set<String> judgementsAccepted = new LinkedHashSet<>();
  private final Set<String> inconclusiveAccepted = new LinkedHashSet<>();
  private final Set<String> failureAccepted = new LinkedHashSet<>();
  private long visits;
  private final Map<String, Map<String, Event.MetricMeasured>> lastMeasured =
      new LinkedHashMap<>();

  private RunRecord() {}

  /** Folds {@code events}, in journal order, into the run's state. */
  public static RunRecord fold(List<Event> events) {
    RunRecord r = new RunRecord();
    events.forEach(r::apply);
    return r;
  }

  /**
   * The record a run in progress keeps up to date event by event ({@link #apply}): {@code events}
   * folded, with {@code targets} pending when the run has not started yet.
   */
  static RunRecord live(List<Event> events, List<String> targets, int allowedFailures) {
    RunRecord r = fold(events);
    if (r.started == null) {
      targets.forEach(t -> r.hosts.putIfAbsent(t, HostState.PENDING));
      r.allowedFailures = allowedFailures;
    }
    return r;
  }

  /** Folds one more event, the next in journal order. */
  void apply(Event e) {
    visits++;
    events.add(e);
    lastAt = lastAt == null || e.at().isAfter(lastAt) ? e.at() : lastAt;
    aliveInSoak(e);
    touched |= e instanceof Event.HostStateChanged || e instanceof Event.HostFailed;
    if (e instanceof Event.RunStarted s) {
      runId = s.runId();
      plan = s.plan();
      started = s.at();
      allowedFailures = s.allowedFailures();
      gateAfterCanary = s.gateAfterCanary();
      visits += s.targets().size();
      s.targets().forEach(t -> hosts.put(t, HostState.PENDING));
    } else if (e instanceof Event.PreflightPassed) {
      preflightPassed = true;
    } else if (e instanceof Event.HostStateChanged c) {
      rehearsal(c);
      hosts.put(c.host(), c.to());
      hostReasons.put(c.host(), c.reason());
      cursors.put(c.host(), new StepCursor(c.to().name(), 0, 0));
      if (c.to() == HostState.ROLLED_BACK) {
        unhealthyProbes.remove(c.host()); // a host is rolled back only once probed healthy
        hosts.unhealthy(c.host(), false);
      }
    } else if (e instanceof Event.StepStarted st) {
      if (ownPhase(st.host(), st.phase())) {
        cursors.put(st.host(), cursor(st.host()).started(st.number()));
      }
    } else if (e instanceof Event.StepFinished f) {
      if (f.succeeded() && ownPhase(f.host(), f.phase())) {
        cursors.put(f.host(), cursor(f.host()).finished(f.number()));
      }
    } else if (e instanceof Event.HostFailed f) {
      rehearsing.remove(f.host());
      failures = f.failures();
      failedSincePromote.add(f.host());
      HostState to = f.failure() == FailureClass.UNREACHABLE ? HostState.UNREACHABLE
          : HostState.FAILED;
      hosts.put(f.host(), to);
      hostReasons.put(f.host(), f.reason());
      cursors.put(f.host(), new StepCursor(to.name(), 0, 0));
    } else if (e instanceof Event.MetricMeasured m) {
      lastMeasured.computeIfAbsent(m.host(), k -> new LinkedHashMap<>()).put(m.probe(), m);
    } else if (e instanceof Event.HealthChanged h) {
      Map<String, Event.HealthChanged> m = unhealthyProbes.computeIfAbsent(h.host(),
          k -> new LinkedHashMap<>());
      if (h.healthy()) {
        // accepted by a promote until healthy again: a new controller's probes find it anew
        inconclusiveAccepted.remove(h.host() + "\n" + h.probe());
        failureAccepted.remove(h.host() + "\n" + h.probe());
        m.remove(h.probe());
      } else {
        m.put(h.probe(), h);
      }
      hosts.unhealthy(h.host(), !m.isEmpty());
    } else {
      applyRunLevel(e);
    }
  }

  private void applyRunLevel(Event e) {
    if (e instanceof Event.StageStarted s) {
      stagesStarted.add(s.stage());
      stage = s.stage();
    } else if (e instanceof Event.SoakStarted s) {
      soakUntil.put(s.stage(), s.until());
      soakStartedAt.put(s.stage(), s.at());
      soakFor.put(s.stage(), s.duration());
      soakAlive.put(s.stage(), s.at());
      soaking = s.stage();
      stage = s.stage();
    } else if (e instanceof Event.StageCompleted s) {
      stagesCompleted.add(s.stage());
    } else if (e instanceof Event.SoakPassed s) {
      soaksPassed.add(s.stage());
    } else if (e instanceof Event.AnalysisJudged j) {
      judged.computeIfAbsent(j.stage(), k -> new LinkedHashMap<>()).put(j.metric(), j);
    } else if (e instanceof Event.RunStopping s) {
      stopReason = s.reason();
      stopPauses = s.pause();
      rollbackIsFinal = false;
    } else if (e instanceof Event.RunPaused) {
      paused = true;
      pausedOnFailure = stopReason != null;
    } else if (e instanceof Event.Promoted) {
      gatePassed |= paused && !pausedOnFailure;
      promotedPastFailure = pausedOnFailure && !stopPauses;
      stopPauses = false;
      judgementsAccepted.addAll(judged.keySet());
      unhealthyProbes.forEach((h, m) -> m.values().stream().filter(
          Event.HealthChanged::inconclusive).forEach(c -> inconclusiveAccepted.add(h + "\n"
          + c.probe())));
      unhealthyProbes.forEach((h, m) -> m.values().stream().filter(c -> !c.inconclusive())
          .forEach(c -> failureAccepted.add(h + "\n" + c.probe())));
      finalRollbackDone = false;
      rollbackIsFinal = false;
      paused = false;
      promoted = true;
      failedSincePromote.clear();
      rehearsalFailed.clear();
      if (pausedOnFailure) {
        acceptedFailures = failures;
        stopReason = null;
        pausedOnFailure = false;
      }
    } else if (e instanceof Event.AbortRequested a) {
      abortRequested = true;
      abortedBy = a.by();
      finalRollbackDone = false;
      rollbackIsFinal = false;
      paused = false;
    } else if (e instanceof Event.RollbackStarted rb) {
      stage = "rollback";
      visits += rb.hosts().size();
      inRollback.addAll(rb.hosts());
      rehearsing.removeAll(rb.hosts());
      // final only when the stop or abort it answers was recorded before it started; a stop,
      // abort or promote recorded while it runs (a tolerated rollback) calls for another
      rollbackIsFinal = stopReason != null || abortRequested;
    } else if (e instanceof Event.RollbackFinished) {
      inRollback.clear();
      finalRollbackDone |= rollbackIsFinal;
      rollbackIsFinal = false;
      promotedPastFailure = false;
    } else if (e instanceof Event.RunEnded end) {
      outcome = end.outcome();
      summary = end.summary();
    }
  }

  /**
   * Where a host stands within the steps of its current state: the last step started and the
   * last that finished well. {@code started > finished} means a step was running when the
   * controller died, so its outcome is unknown.
   */
  public record StepCursor(String state, int started, int finished) {
    StepCursor started(int n) {
      return new StepCursor(state, n, finished);
    }

    StepCursor finished(int n) {
      return new StepCursor(state, started, n);
    }

    public boolean stepInFlight() {
      return started > finished;
    }
  }

  /**
   * Whether a step of {@code phase} belongs to the host's current state: change steps while
   * CHANGING, verify while VERIFYING, rollback while ROLLING_BACK. Others (a verify run while
   * CHANGING, to tell whether a step caught in flight is in place) leave the cursor alone.
   */
  private boolean ownPhase(String host, String phase) {
    HostState state = hosts.get(host);
    return switch (state == null ? HostState.PENDING : state) {
      case CHANGING -> phase.equals("change");
      case VERIFYING -> phase.equals("verify");
      case ROLLING_BACK -> phase.equals("rollback");
      default -> true;
    };
  }

  public StepCursor cursor(String host) {
    return cursors.getOrDefault(host, new StepCursor(HostState.PENDING.name(), 0, 0));
  }

  public String runId() {
    return runId;
  }

  public String plan() {
    return plan;
  }

  public Optional<Instant> started() {
    return Optional.ofNullable(started);
  }

  /** When the run was last known to be alive: its newest event. */
  public Optional<Instant> lastAt() {
    return Optional.ofNullable(lastAt);
  }

  /** Every host's state, in target order (a read-only view). */
  public Map<String, HostState> hosts() {
    return hosts.view();
  }

  /** The hosts in any of {@code states}, in target order. */
  public List<String> in(HostState... states) {
    return hosts.in(states);
  }

  /**
   * The changed hosts with a probe whose last recorded health is unhealthy, inconclusive
   * included, in target order: those the decision may fail or pause for.
   */
  public List<String> changedWithUnhealthyProbes() {
    return hosts.unhealthyIn(HostState.CHANGED);
  }

  public String hostReason(String host) {
    return hostReasons.getOrDefault(host, "");
  }

  /** The probes of {@code host} whose last recorded health is unhealthy, with their reason. */
  public Map<String, String> unhealthyProbes(String host) {
    Map<String, String> out = new LinkedHashMap<>();
    unhealthyProbes.getOrDefault(host, Map.of()).forEach((p, h) -> out.put(p, h.reason()));
    return out;
  }

  /**
   * The first probe of {@code host} whose last recorded health is unhealthy, if any; a probe
   * unhealthy from inconclusive values alone is not ({@link #inconclusive}).
   */
  public Optional<Event.HealthChanged> unhealthy(String host) {
    return unhealthyProbes.getOrDefault(host, Map.of()).values().stream()
        .filter(c -> !c.inconclusive()).findFirst();
  }

  /**
   * Every probe of {@code host} whose last recorded health is unhealthy (not from inconclusive
   * values alone), in the order they became so.
   */
  public List<Event.HealthChanged> unhealthyAll(String host) {
    return unhealthyProbes.getOrDefault(host, Map.of()).values().stream()
        .filter(c -> !c.inconclusive()).toList();
  }

  /**
   * Whether a promote accepted the unhealthy health of {@code probe} on {@code host}: it was
   * unhealthy when the promote was journaled and has not been healthy since. Only the failures
   * an analysis held back can stand at a promote ({@link Analysis#heldBack}).
   */
  public boolean failureAccepted(String host, String probe) {
    return failureAccepted.contains(host + "\n" + probe);
  }

  /** Whether the soak of {@code stage} was ever started. */
  public boolean soakStarted(String stage) {
    return soakStartedAt.containsKey(stage);
  }

  /**
   * The first probe of {@code host} whose last recorded health is unhealthy from inconclusive
   * values ({@code onInconclusive: pause}) and that no promote accepted since.
   */
  public Optional<Event.HealthChanged> inconclusive(String host) {
    return unhealthyProbes.getOrDefault(host, Map.of()).values().stream()
        .filter(c -> c.inconclusive() && !inconclusiveAccepted.contains(host + "\n"
            + c.probe())).findFirst();
  }

  /** Whether the journaled stop pauses the run whatever {@code onFailure} says. */
  public boolean stopPauses() {
    return stopReason != null && stopPauses;
  }

  /** Whether the soak of {@code stage} passed (its {@link Event.SoakPassed} is journaled). */
  public boolean soakPassed(String stage) {
    return soaksPassed.contains(stage);
  }

  /** The analysis of {@code stage}, metric by metric, as journaled; empty before it. */
  public Map<String, Event.AnalysisJudged> judged(String stage) {
    return Collections.unmodifiableMap(judged.getOrDefault(stage, Map.of()));
  }

  /** Every stage's analysis, metric by metric, in journal order. */
  public List<Event.AnalysisJudged> judgements() {
    return judged.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /**
   * The last measurement of each metric probe on {@code host}, by probe name: its reason reads as
   * the value beside the condition ({@code restarts 4 >= 3: failed}).
   */
  public Map<String, Event.MetricMeasured> lastMeasured(String host) {
    return Collections.unmodifiableMap(lastMeasured.getOrDefault(host, Map.of()));
  }

  /** Whether a promote was recorded after the analysis of {@code stage} was journaled. */
  public boolean judgementAccepted(String stage) {
    return judgementsAccepted.contains(stage);
  }

  /** Hosts that failed since the run started or was last promoted, in the order they failed. */
  public List<String> failedSincePromote() {
    return Collections.unmodifiableList(failedSincePromote);
  }

  /** Canaries whose rehearsed rollback failed since the run started or was last promoted. */
  public Set<String> rehearsalFailed() {
    return Collections.unmodifiableSet(rehearsalFailed);
  }

  public boolean stageStarted(String stage) {
    return stagesStarted.contains(stage);
  }

  public boolean stageCompleted(String stage) {
    return stagesCompleted.contains(stage);
  }

  public Optional<Instant> soakUntil(String stage) {
    return Optional.ofNullable(soakUntil.get(stage));
  }

  public int failures() {
    return failures;
  }

  public int allowedFailures() {
    return allowedFailures;
  }

  public boolean preflightPassed() {
    return preflightPassed;
  }

  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  public boolean paused() {
    return paused && outcome == null;
  }

  /** Whether the run pauses after its canary until promoted. */
  public boolean gateAfterCanary() {
    return gateAfterCanary;
  }

  public boolean promoted() {
    return promoted;
  }

  public boolean abortRequested() {
    return abortRequested;
  }

  /** Who asked for the abort, empty when none was asked. */
  public String abortedBy() {
    return abortedBy;
  }

  /**
   * Whether the rollback that a stop or an abort calls for has finished since that intent was
   * recorded: a rollback counts only when it started after the stop or abort was in the journal
   * and no other intent (stop, abort, promote) was recorded while it ran. A tolerated failure's
   * rollback that a stop overtakes is not the final one.
   */
  public boolean finalRollbackDone() {
    return finalRollbackDone;
  }

  /** Whether the run was promoted past a pause on failure and its failed hosts not yet rolled back. */
  public boolean promotedPastFailure() {
    return promotedPastFailure;
  }

  /** Whether an operator promoted the run past its gate after the canary. */
  public boolean gatePassed() {
    return gatePassed;
  }

  /** Whether the run is paused because it stopped on a failure ({@code onFailure: pause}). */
  public boolean pausedOnFailure() {
    return paused() && pausedOnFailure;
  }

  /**
   * What the pause of a paused run is, in the one wording that resume, wait, status --watch and
   * the run's summary print: {@code paused: <why>} for a pause that needs a person's judgement
   * though nothing failed (the control hosts moved too, no data to judge by, an inconclusive
   * probe), {@code paused on a failure (<why>)} for {@code onFailure: pause}, {@code paused at a
   * gate} after the canary; empty when the run is not paused. The caller adds how to go on.
   */
  public String pauseWords() {
    if (!paused()) {
      return "";
    }
    if (!pausedOnFailure) {
      return "paused at a gate";
    }
    return stopPauses ? "paused: " + stopReason : "paused on a failure (" + stopReason + ")";
  }

  /**
   * Failures an operator accepted by promoting a run paused on failure: they still count, and
   * the run stops again only when failures go past them (or past {@code maxFailures}).
   */
  public int acceptedFailures() {
    return acceptedFailures;
  }

  /** Whether any host was ever touched: false for a run that ended or stopped in preflight. */
  public boolean touchedAnyHost() {
    return touched;
  }

  /**
   * The soak time left of {@code stage}: its last {@link Event.SoakStarted} duration less the time
   * that controller was seen alive in it (its last event before another controller took over).
   * The full {@code d} when the stage never started soaking.
   */
  public Duration soakLeft(String stage, Duration d) {
    Instant start = soakStartedAt.get(stage);
    if (start == null) {
      return d;
    }
    Duration left = soakFor.get(stage).minus(Duration.between(start, soakAlive.get(stage)));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * A move into ROLLING_BACK outside a rollback ({@link Event.RollbackStarted} did not name the
   * host) is the canary's rehearsal; any other move ends it.
   */
  private void rehearsal(Event.HostStateChanged c) {
    if (c.to() == HostState.ROLLBACK_FAILED && rehearsing.contains(c.host())) {
      rehearsalFailed.add(c.host());
    }
    if (c.from() == HostState.ROLLING_BACK && c.to() == HostState.CHANGING) {
      rehearsed.add(c.host());
    }
    if (c.to() == HostState.ROLLING_BACK && !inRollback.contains(c.host())) {
      rehearsing.add(c.host());
    } else {
      rehearsing.remove(c.host());
    }
  }

  /** Whether {@code host} came through its rehearsed rollback and was changed again since. */
  public boolean rehearsed(String host) {
    return rehearsed.contains(host);
  }

  /** Whether {@code host} is in its rehearsed rollback (rolled back to prove the way back). */
  public boolean rehearsing(String host) {
    return rehearsing.contains(host);
  }

  /**
   * Extends the current soak's time alive with {@code e}, while the controller that started the
   * soak still writes: an event of a new controller (resume, promote, abort) ends it.
   */
  private void aliveInSoak(Event e) {
    if (e instanceof Event.RunResumed || e instanceof Event.Promoted || e instanceof Event.SoakPassed
        || e instanceof Event.AbortRequested || e instanceof Event.StageCompleted) {
      soaking = null;
    } else if (soaking != null && e.at().isAfter(soakAlive.get(soaking))) {
      soakAlive.put(soaking, e.at());
    }
  }

  /** How the run ended; empty while it has not (running, paused or interrupted). */
  public Optional<Outcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  public String summary() {
    return summary;
  }

  /** Where the run stands as a whole. */
  public Phase phase() {
    return Phase.of(this);
  }

  /** The stage the run is in or was last in, as the operator reads it. */
  public String stage() {
    Phase p = phase();
    return switch (p) {
      case ENDED_BEFORE_ANY_CHANGE -> "ended before any change";
      case PAUSED_AT_GATE -> "paused after " + stage;
      case PAUSED_ON_FAILURE -> (stopPauses ? "paused for a judgement in " : "paused on failure in ")
          + stage;
      case ABORTING -> "aborting";
      default -> p.terminal() ? "ended" : stage;
    };
  }

  /** The stage the run is in or was last in (canary, a wave, watch, rollback), by its label. */
  public String stageLabel() {
    return stage;
  }

  public List<Event> events() {
    return Collections.unmodifiableList(events);
  }

  /**
   * How many events this record folded, plus the hosts of the events whose host lists it walks
   * (RunStarted, RollbackStarted), plus the hosts walked in its states since ({@link
   * HostStates#walked}): a test seam that shows the fold, and the decisions on the live record,
   * cost their events, with no copy or walk of anything host-sized per event.
   */
  long visits() {
    return visits + hosts.walked();
  }
}
