package dev.rollout.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks a journal's events against the rules every controller follows when it writes them, in
 * journal order, as {@link RunRecord#fold} would take them: the first event starts the run and
 * names its targets; every event about a host names a target; every host move starts from the
 * state the host is in and is one {@link HostState#canMoveTo} allows; failures count up by one. An
 * event that breaks a rule is a finding and is left out of the accepted events, so that a forced
 * fold of the rest never takes a forged claim as true.
 */
public final class JournalVerifier {

  /**
   * What is wrong with one line of a journal.
   *
   * @param line the line's number in the file, or the event's number in a database, from 1
   * @param what one sentence for the operator, with no value beyond host and state names
   */
  public record Finding(long line, String what) {}

  /** The events that keep to the rules, and a finding for each one that does not. */
  public record Verdict(List<Event> accepted, List<Finding> findings) {}

  private final Map<String, HostState> hosts = new LinkedHashMap<>();
  private final java.util.Set<String> inRollback = new java.util.HashSet<>();
  private boolean started;
  private int failures;

  private JournalVerifier() {}

  /**
   * Verifies {@code events}; {@code lines.get(i)} is where {@code events.get(i)} was read from.
   */
  public static Verdict verify(List<Event> events, List<Long> lines) {
    JournalVerifier v = new JournalVerifier();
    List<Event> accepted = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Optional<String> wrong = v.check(events.get(i));
      if (wrong.isPresent()) {
        findings.add(new Finding(lines.get(i), wrong.get()));
      } else {
        accepted.add(events.get(i));
      }
    }
    return new Verdict(List.copyOf(accepted), List.copyOf(findings));
  }

  /** Why {@code e} breaks a rule, or empty when it keeps to them (and is then taken in). */
  private Optional<String> check(Event e) {
    try {
      e.describe();
      return rules(e);
    } catch (NullPointerException missing) {
      return Optional.of(e.getClass().getSimpleName() + " lacks a field every such event has");
    }
  }

  private Optional<String> rules(Event e) {
    if (e.at() == null) {
      throw new NullPointerException();
    }
    if (e instanceof Event.RunStarted s) {
      return start(s);
    }
    if (!started && !(e instanceof Event.LocksForced || e instanceof Event.NotificationFailed)) {
      return Optional.of(e.getClass().getSimpleName() + " before RunStarted: the journal does "
          + "not begin with the run's start");
    }
    Optional<String> stranger = hostsNamed(e).filter(h -> !hosts.containsKey(h)).findFirst();
    if (stranger.isPresent()) {
      return Optional.of(e.getClass().getSimpleName() + " names " + shown(stranger.get())
          + ", which is not a target of this run");
    }
    if (e instanceof Event.HostStateChanged c) {
      return move(c.host(), c.from(), c.to());
    }
    if (e instanceof Event.HostFailed f) {
      return failed(f);
    }
    if (e instanceof Event.RollbackStarted r) {
      inRollback.addAll(r.hosts());
    } else if (e instanceof Event.RollbackFinished r) {
      return rollbackFinished(r);
    }
    return Optional.empty();
  }

  /**
   * A rollback ends only for hosts a rollback started on, and a host it calls rolled back is
   * rolled back by the moves before it: one forged line cannot declare the fleet restored.
   */
  private Optional<String> rollbackFinished(Event.RollbackFinished r) {
    Optional<String> stray = Stream.concat(r.rolledBack().stream(), r.failed().stream())
        .filter(h -> !inRollback.contains(h)).findFirst();
    if (stray.isPresent()) {
      return Optional.of("RollbackFinished names " + shown(stray.get()) + ", on which no "
          + "rollback had started");
    }
    Optional<String> notBack = r.rolledBack().stream()
        .filter(h -> hosts.get(h) != HostState.ROLLED_BACK).findFirst();
    if (notBack.isPresent()) {
      return Optional.of("RollbackFinished calls " + shown(notBack.get()) + " rolled back, but "
          + "it was " + hosts.get(notBack.get()).words());
    }
    r.rolledBack().forEach(inRollback::remove);
    r.failed().forEach(inRollback::remove);
    return Optional.empty();
  }

  private Optional<String> start(Event.RunStarted s) {
    if (started) {
      return Optional.of("a second RunStarted: the run had started already");
    }
    if (s.targets().isEmpty() || s.targets().stream().distinct().count() != s.targets().size()) {
      return Optional.of("RunStarted names no targets, or a target twice");
    }
    started = true;
    s.targets().forEach(t -> hosts.put(t, HostState.PENDING));
    return Optional.empty();
  }

  private Optional<String> move(String host, HostState from, HostState to) {
    HostState now = hosts.get(host);
    if (from != now) {
      return Optional.of(shown(host) + " moves " + from.words() + " -> " + to.words()
          + ", but it was " + now.words());
    }
    if (!from.canMoveTo(to)) {
      return Optional.of(shown(host) + " cannot move from " + from.words() + " to "
          + to.words());
    }
    hosts.put(host, to);
    return Optional.empty();
  }

  private Optional<String> failed(Event.HostFailed f) {
    HostState to = f.failure() == FailureClass.UNREACHABLE ? HostState.UNREACHABLE
        : HostState.FAILED;
    HostState now = hosts.get(f.host());
    if (!now.canMoveTo(to)) {
      return Optional.of(shown(f.host()) + " cannot fail while " + now.words());
    }
    if (f.failures() != failures + 1) {
      return Optional.of("HostFailed counts " + f.failures() + " failure(s) where " + (failures
          + 1) + " were due");
    }
    failures++;
    hosts.put(f.host(), to);
    return Optional.empty();
  }

  /**
   * A name from a line that may be forged, safe to print: control characters made visible
   * ({@code \x1b}), and cut at 64 characters.
   */
  private static String shown(String name) {
    if (name == null) {
      return "no host";
    }
    StringBuilder b = new StringBuilder();
    name.codePoints().limit(64).forEach(c -> b.append(Character.isISOControl(c)
        ? String.format("\\x%02x", c) : Character.toString(c)));
    return name.codePointCount(0, name.length()) > 64 ? b + "..." : b.toString();
  }

  /** Every host an event is about; hosts of another run's locks are not this run's to check. */
  private static Stream<String> hostsNamed(Event e) {
    if (e instanceof Event.PreflightChecked p) {
      return Stream.of(p.host());
    } else if (e instanceof Event.RollbackUnproven u) {
      return Stream.of(u.host());
    } else if (e instanceof Event.StageStarted s) {
      return s.hosts().stream();
    } else if (e instanceof Event.StepStarted s) {
      return Stream.of(s.host());
    } else if (e instanceof Event.StepFinished f) {
      return Stream.of(f.host());
    } else if (e instanceof Event.HostStateChanged c) {
      return Stream.of(c.host());
    } else if (e instanceof Event.HostFailed f) {
      return Stream.of(f.host());
    } else if (e instanceof Event.HealthChanged h) {
      return Stream.of(h.host());
    } else if (e instanceof Event.MetricMeasured m) {
      return Stream.of(m.host());
    } else if (e instanceof Event.ProbeResultChanged p) {
      return Stream.of(p.host());
    } else if (e instanceof Event.ConsoleUsed c) {
      return Stream.of(c.host());
    } else if (e instanceof Event.RollbackStarted r) {
      return r.hosts().stream();
    } else if (e instanceof Event.RollbackFinished r) {
      return Stream.concat(r.rolledBack().stream(), r.failed().stream());
    }
    return Stream.empty();
  }
}
