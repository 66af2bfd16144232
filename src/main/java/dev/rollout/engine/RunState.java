package dev.rollout.engine;

import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.Event.HostStateChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The state of a run in progress: every host's state, the failures counted so far, and whether the
 * run is stopping. Every change goes through {@link #record} so that it is in the journal before
 * anything acts on it. Thread-safe: hosts of a wave change in parallel, probes report from their
 * own threads.
 */
public final class RunState {

  private final Journal journal;
  private final List<RunListener> listeners;
  private final Clock clock;
  /** The run as its journal has it, kept up to date event by event: the one state holder. */
  private final RunRecord live;
  private Function<RunRecord, Optional<Action.Stop>> stopRule = r -> Optional.empty();
  private volatile boolean leaving;
  private long changes;
  private int connectTargets;
  private int answered;
  private JournalFailure journalLost;
  private final Map<String, String> preflightFailures = new LinkedHashMap<>();

  /**
   * @param journal the run's journal; what it holds already is folded into the state
   * @param targets the run's hosts, pending until the journal says otherwise
   */
  public RunState(Journal journal, List<RunListener> listeners, Clock clock, List<String> targets,
      int allowedFailures) {
    this.journal = journal;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
    this.live = RunRecord.live(journal.events(), targets, allowedFailures);
  }

  /**
   * The rule that says, from the record, when the run must start stopping ({@link
   * Decision#stopDue}): while it holds, {@link #stopping} is true even before the loop has
   * journaled the stop, so no new host starts and no host runs another step.
   */
  public synchronized void stopRule(Function<RunRecord, Optional<Action.Stop>> rule) {
    this.stopRule = rule;
  }

  /** Reads the live record under the state's lock; {@code query} must not keep it. */
  public synchronized <T> T read(Function<RunRecord, T> query) {
    return query.apply(live);
  }

  /** What cannot wait for the action in flight, from the live record ({@link Decision#urgent}). */
  public synchronized Optional<Action> urgent(dev.rollout.plan.ResolvedPlan plan) {
    return Decision.urgent(plan, live);
  }

  /** The next action of the run, decided from the live record ({@link Decision#next}). */
  public synchronized Action decide(dev.rollout.plan.ResolvedPlan plan, Instant now) {
    return Decision.next(plan, live, now);
  }

  /**
   * The controller is on its way out (Ctrl-C, SIGTERM): from now on only {@link
   * Event.RunInterrupted} is journaled. What host threads see next (connections closed under
   * them, probes failing) is the controller's own doing, never a host's failure: every other
   * event is refused with {@link ControllerLeaving}, so a step in flight stays in flight and
   * verify decides on resume.
   */
  public void leave() {
    leaving = true;
  }

  public boolean leaving() {
    return leaving;
  }

  /**
   * Appends {@code event} to the journal, then tells the listeners. An observation (a probe's
   * result or health) that arrives after the run ended is dropped: a probe whose check was in
   * flight when the run ended has nothing more to say about it, and the journal ends with its
   * end.
   */
  public synchronized void record(Event event) {
    if (observation(event) && live.outcome().isPresent()) {
      return;
    }
    append(event);
    publish(event);
  }

  private static boolean observation(Event e) {
    return e instanceof Event.ProbeResultChanged || e instanceof Event.HealthChanged
        || e instanceof Event.MetricMeasured;
  }

  /** The journal first: memory changes only once the event is durable. */
  private void append(Event event) {
    if (journalLost != null) {
      throw journalLost;
    }
    if (leaving && !(event instanceof Event.RunInterrupted)) {
      throw new ControllerLeaving();
    }
    try {
      journal.append(event);
    } catch (JournalFailure f) {
      journalLost = f;
      changed();
      throw f;
    }
    live.apply(event);
    changed();
  }

  /** Wakes whoever waits for the run's state to change ({@link #awaitChange}). */
  synchronized void changed() {
    changes++;
    notifyAll();
  }

  /** How many times the state changed so far; pass it to {@link #awaitChange}. */
  synchronized long changes() {
    return changes;
  }

  /** Waits until the state changed after {@code seen} ({@link #changes}). */
  synchronized void awaitChange(long seen) throws InterruptedException {
    while (changes == seen) {
      wait();
    }
  }

  /** Tells the listeners, once the event is journaled and memory agrees with it. */
  private void publish(Event event) {
    if (event instanceof Event.MetricMeasured || event instanceof Event.ProbeResultChanged) {
      return; // a measurement is no state change: journaled, never shown or sent as progress
    }
    for (RunListener l : listeners) {
      l.onEvent(event, this);
    }
  }

  /**
   * Moves a host to {@code to}. An illegal move is a bug in the engine, not an operator error.
   *
   * @return false when the host is already in {@code to}
   */
  public synchronized boolean transition(String host, HostState to, String reason) {
    return move(host, to, from -> new HostStateChanged(clock.instant(), host, from, to,
        reason));
  }

  /**
   * Records a failure of {@code host} and moves it to FAILED or UNREACHABLE, in one event that
   * carries the count too. Whether the run stops on it is the decision's ({@link
   * Decision#stopDue}); {@link #stopping} says so at once.
   */
  public synchronized void fail(String host, FailureClass failure, String reason) {
    HostState to = failure == FailureClass.UNREACHABLE ? HostState.UNREACHABLE : HostState.FAILED;
    move(host, to, from -> new HostFailed(clock.instant(), host, failure, reason,
        live.failures() + 1));
  }

  /**
   * The one door of every host move: checks it against the transition table, appends its event
   * to the journal, and only then changes memory and tells the listeners. When the append fails,
   * nothing changed.
   */
  private boolean move(String host, HostState to,
      java.util.function.Function<HostState, Event> event) {
    HostState from = live.hosts().get(host);
    if (from == to) {
      return false;
    }
    if (from == null || !from.canMoveTo(to)) {
      throw new IllegalStateException(host + ": illegal move " + from + " -> " + to);
    }
    Event e = event.apply(from);
    append(e);
    publish(e);
    return true;
  }

  /**
   * Journals that the run stops: no new host starts; hosts in flight finish their current step.
   * The journal first: when the append fails the run is not stopping in memory either (it has
   * lost its journal).
   */
  public synchronized void stop(String reason) {
    stop(reason, false);
  }

  /**
   * As {@link #stop(String)}; {@code pause}: nothing failed, the run pauses whatever {@code
   * onFailure} says ({@link Event.RunStopping#pause}).
   */
  public synchronized void stop(String reason, boolean pause) {
    // a failure overrides a stop that only pauses; an abort needs no stop of its own over it
    if (live.stopReason().isEmpty()
        || live.stopPauses() && !pause && !live.abortRequested()) {
      record(new Event.RunStopping(clock.instant(), reason, pause));
    }
  }

  /** Preflight begins to connect to {@code targets} hosts. */
  public synchronized void connecting(int targets) {
    connectTargets = targets;
    answered = 0;
    listeners.forEach(l -> l.onConnecting(targets, 0));
  }

  /** One more host answered preflight's connection. */
  public synchronized void answered() {
    answered++;
    listeners.forEach(l -> l.onConnecting(connectTargets, answered));
  }

  /** Notes that preflight refused {@code host}; the host is not touched. */
  public synchronized void preflightFailed(String host, String reason) {
    preflightFailures.put(host, reason);
  }

  public synchronized Map<String, String> preflightFailures() {
    return Map.copyOf(preflightFailures);
  }

  /**
   * Whether the run is stopping: its stop is journaled, or due by the record ({@link
   * #stopRule}), or an abort is recorded, or the journal is lost.
   */
  public synchronized boolean stopping() {
    return live.stopReason().isPresent() || live.abortRequested() || journalLost != null
        || stopRule.apply(live).isPresent();
  }

  /** Why the journal could not be written, or null while it can. */
  public synchronized String journalLoss() {
    return journalLost == null ? null : journalLost.getMessage();
  }

  /** Why the run stops, as journaled; null while it does not. */
  public synchronized String stopReason() {
    return live.stopReason().orElse(null);
  }

  public synchronized HostState state(String host) {
    return live.hosts().get(host);
  }

  /** Every host's state, in target order. */
  public synchronized Map<String, HostState> hosts() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(live.hosts()));
  }

  /** Hosts in {@code state}, in target order. */
  public synchronized List<String> in(HostState... states) {
    return live.in(states);
  }

  /** The reason given with the host's last state change. */
  public synchronized String lastReason(String host) {
    return live.hostReason(host);
  }

  public synchronized int failures() {
    return live.failures();
  }

  /** Whether the stage's {@link Event.StageStarted} is journaled. */
  public synchronized boolean stageStarted(String stage) {
    return live.stageStarted(stage);
  }

  public synchronized String stage() {
    return live.stageLabel();
  }

  public Clock clock() {
    return clock;
  }
}
