package dev.rollout.engine;

import dev.rollout.engine.Event.HostFailed;
import dev.rollout.engine.Event.HostStateChanged;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  private final Map<String, HostState> hosts = new LinkedHashMap<>();
  private final Map<String, String> lastReasons = new LinkedHashMap<>();
  private final int allowedFailures;
  private int acceptedFailures;
  private java.util.Set<String> canaries = java.util.Set.of();
  private volatile boolean leaving;
  private int connectTargets;
  private int answered;
  private int failures;
  private String stopReason;
  private JournalFailure journalLost;
  private String stage = "preflight";
  private final Map<String, String> preflightFailures = new LinkedHashMap<>();

  public RunState(Journal journal, List<RunListener> listeners, Clock clock, List<String> targets,
      int allowedFailures) {
    this.journal = journal;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
    this.allowedFailures = allowedFailures;
    targets.forEach(t -> hosts.put(t, HostState.PENDING));
  }

  /** Takes up the host states, failures and stop of a run folded from its journal. */
  public synchronized void restore(RunRecord r) {
    hosts.putAll(r.hosts());
    r.hosts().keySet().forEach(h -> lastReasons.put(h, r.hostReason(h)));
    failures = r.failures();
    acceptedFailures = r.acceptedFailures();
    stopReason = r.stopReason().orElse(null);
    stage = r.stageLabel();
  }

  /** The canary hosts: a failed canary stops the run whatever {@code maxFailures} allows. */
  public synchronized void canaries(java.util.Collection<String> hosts) {
    this.canaries = java.util.Set.copyOf(hosts);
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

  /** Appends {@code event} to the journal, then tells the listeners. */
  public synchronized void record(Event event) {
    append(event);
    publish(event);
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
      notifyAll();
      throw f;
    }
    if (event instanceof Event.StageStarted s) {
      stage = s.stage();
    } else if (event instanceof Event.Promoted && stopReason != null) {
      // promoted past a pause on failure: the failures so far are accepted, the run goes on
      acceptedFailures = failures;
      stopReason = null;
    }
  }

  /** Tells the listeners, once the event is journaled and memory agrees with it. */
  private void publish(Event event) {
    if (event instanceof Event.MetricMeasured) {
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
    return move(host, to, reason, from -> new HostStateChanged(clock.instant(), host, from, to,
        reason), () -> { });
  }

  /**
   * Records a failure of {@code host} and moves it to FAILED or UNREACHABLE. When the failures
   * exceed {@code maxFailures}, or the host is a canary, the run starts stopping.
   */
  public synchronized void fail(String host, FailureClass failure, String reason) {
    HostState to = failure == FailureClass.UNREACHABLE ? HostState.UNREACHABLE : HostState.FAILED;
    // One event carries both the move and the count, so no crash can split them.
    boolean moved = move(host, to, reason, from -> new HostFailed(clock.instant(), host, failure,
        reason, failures + 1), () -> failures++);
    if (!moved) {
      return;
    }
    stopIfOverLimit();
    if (canaries.contains(host)) {
      // within maxFailures too: the budget is for the waves, the canary is the gate
      stop("canary " + host + " failed: a failed canary stops the run whatever maxFailures "
          + "allows");
    }
  }

  /**
   * The one door of every host move: checks it against the transition table, appends its event
   * to the journal, and only then changes memory and tells the listeners. When the append fails,
   * nothing changed.
   */
  private boolean move(String host, HostState to, String reason,
      java.util.function.Function<HostState, Event> event, Runnable alsoInMemory) {
    HostState from = hosts.get(host);
    if (from == to) {
      return false;
    }
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException(host + ": illegal move " + from + " -> " + to);
    }
    Event e = event.apply(from);
    append(e);
    hosts.put(host, to);
    lastReasons.put(host, reason);
    alsoInMemory.run();
    publish(e);
    return true;
  }

  /**
   * Starts stopping when the failures exceed {@code maxFailures} and those an operator accepted
   * by a promote (also after a resume).
   */
  public synchronized void stopIfOverLimit() {
    if (failures > Math.max(allowedFailures, acceptedFailures)) {
      stop("more failures (" + failures + ") than maxFailures allows (" + allowedFailures + ")"
          + (acceptedFailures > allowedFailures ? " and the " + acceptedFailures + " accepted "
          + "by promote" : ""));
    }
  }

  /**
   * Stops starting new hosts; hosts in flight finish their current step. The journal first: when
   * the append fails the run is not stopping in memory either (it has lost its journal).
   */
  public synchronized void stop(String reason) {
    if (stopReason == null) {
      Event e = new Event.RunStopping(clock.instant(), reason);
      append(e);
      stopReason = reason;
      notifyAll();
      publish(e);
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

  public synchronized boolean stopping() {
    return stopReason != null || journalLost != null;
  }

  /** Why the journal could not be written, or null while it can. */
  public synchronized String journalLoss() {
    return journalLost == null ? null : journalLost.getMessage();
  }

  public synchronized String stopReason() {
    return stopReason;
  }

  public synchronized HostState state(String host) {
    return hosts.get(host);
  }

  /** Every host's state, in target order. */
  public synchronized Map<String, HostState> hosts() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
  }

  /** Hosts in {@code state}, in target order. */
  public synchronized List<String> in(HostState... states) {
    List<String> out = new ArrayList<>();
    List<HostState> wanted = List.of(states);
    hosts.forEach((h, s) -> {
      if (wanted.contains(s)) {
        out.add(h);
      }
    });
    return out;
  }

  /** The reason given with the host's last state change. */
  public synchronized String lastReason(String host) {
    return lastReasons.getOrDefault(host, "");
  }

  public synchronized int failures() {
    return failures;
  }

  public synchronized String stage() {
    return stage;
  }

  public Clock clock() {
    return clock;
  }
}
