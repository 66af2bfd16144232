package dev.rollout.report;

import dev.rollout.engine.Event;
import dev.rollout.engine.HostState;
import dev.rollout.report.RunReport.Point;
import dev.rollout.report.RunReport.ProbeSpan;
import dev.rollout.report.RunReport.StateSpan;
import dev.rollout.report.RunReport.Streak;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each host's history over time, folded from the journal: its states, its probes' runs of equal
 * results ({@link Event.ProbeResultChanged}), its streaks of failed checks with their first
 * failure, and its metric values. A journal written before results were journaled has only
 * health changes: the streaks then begin when a probe was declared unhealthy, and runs of results
 * are drawn from the health changes.
 */
final class HealthHistory {

  private final boolean resultsJournaled;
  private final Map<String, List<StateSpan>> states = new LinkedHashMap<>();
  private final Map<String, List<ProbeSpan>> spans = new LinkedHashMap<>();
  private final Map<String, List<Streak>> streaks = new LinkedHashMap<>();
  private final Map<String, Map<String, List<Point>>> series = new LinkedHashMap<>();
  private final Keyed<ProbeSpan> openSpan = new Keyed<>();
  private final Keyed<Streak> openStreak = new Keyed<>();
  private final Map<String, Long> streakChecks = new LinkedHashMap<>();

  private HealthHistory(boolean resultsJournaled) {
    this.resultsJournaled = resultsJournaled;
  }

  static HealthHistory of(List<Event> events) {
    HealthHistory h = new HealthHistory(events.stream()
        .anyMatch(Event.ProbeResultChanged.class::isInstance));
    events.forEach(h::accept);
    return h;
  }

  List<StateSpan> states(String host) {
    return states.getOrDefault(host, List.of());
  }

  List<ProbeSpan> probes(String host) {
    List<ProbeSpan> out = new ArrayList<>(spans.getOrDefault(host, List.of()));
    out.addAll(openSpan.of(host));
    return out;
  }

  List<Streak> streaks(String host) {
    List<Streak> out = new ArrayList<>(streaks.getOrDefault(host, List.of()));
    out.addAll(openStreak.of(host));
    out.sort(java.util.Comparator.comparing(Streak::from));
    return out;
  }

  Map<String, List<Point>> series(String host) {
    return series.getOrDefault(host, Map.of());
  }

  /** Values by host and probe, keyed {@code host\nprobe}, listed host by host. */
  private static final class Keyed<T> {
    private final Map<String, Map<String, T>> byHost = new LinkedHashMap<>();

    T get(String key) {
      int i = key.indexOf('\n');
      return byHost.getOrDefault(key.substring(0, i), Map.of()).get(key.substring(i + 1));
    }

    void put(String key, T value) {
      int i = key.indexOf('\n');
      byHost.computeIfAbsent(key.substring(0, i), k -> new LinkedHashMap<>())
          .put(key.substring(i + 1), value);
    }

    T remove(String key) {
      int i = key.indexOf('\n');
      Map<String, T> m = byHost.get(key.substring(0, i));
      return m == null ? null : m.remove(key.substring(i + 1));
    }

    boolean containsKey(String key) {
      return get(key) != null;
    }

    List<T> of(String host) {
      return List.copyOf(byHost.getOrDefault(host, Map.of()).values());
    }

    /** Every key of {@code host}, or of every host when it is null. */
    List<String> keys(String host) {
      List<String> out = new ArrayList<>();
      byHost.forEach((h, m) -> {
        if (host == null || h.equals(host)) {
          m.keySet().forEach(p -> out.add(h + "\n" + p));
        }
      });
      return out;
    }
  }

  private void accept(Event e) {
    if (e instanceof Event.RunStarted s) {
      s.targets().forEach(t -> state(t, "pending", s.at()));
    } else if (e instanceof Event.HostStateChanged c) {
      state(c.host(), c.to().words(), c.at());
      if (c.to() == HostState.ROLLING_BACK) {
        closeAll(c.host(), c.at()); // monitoring stops for a rollback
      }
    } else if (e instanceof Event.HostFailed f) {
      state(f.host(), f.failure().name().equals("UNREACHABLE") ? "unreachable" : "failed",
          f.at());
    } else if (e instanceof Event.ProbeResultChanged p) {
      result(p);
    } else if (e instanceof Event.HealthChanged h) {
      health(h);
    } else if (e instanceof Event.MetricMeasured m && m.value() != null) {
      series.computeIfAbsent(m.host(), k -> new LinkedHashMap<>())
          .computeIfAbsent(m.probe(), k -> new ArrayList<>()).add(new Point(m.at(), m.value()));
    } else if (e instanceof Event.RunEnded || e instanceof Event.RunInterrupted) {
      closeAll(null, e.at());
    }
  }

  private void state(String host, String state, Instant at) {
    List<StateSpan> list = states.computeIfAbsent(host, k -> new ArrayList<>());
    if (!list.isEmpty()) {
      StateSpan last = list.remove(list.size() - 1);
      list.add(new StateSpan(last.state(), last.from(), at));
    }
    list.add(new StateSpan(state, at, null));
  }

  private void result(Event.ProbeResultChanged p) {
    String key = p.host() + "\n" + p.probe();
    ProbeSpan open = openSpan.remove(key);
    if (open != null) {
      close(key, open, p.at(), p.previous().isEmpty() ? null : p.previousChecks());
    }
    openSpan.put(key, new ProbeSpan(p.probe(), p.result(), p.at(), null, null, p.reason(),
        p.value()));
    if (p.firstFailure()) {
      endStreak(key, p.at(), null);
      openStreak.put(key, new Streak(p.probe(), p.result(), p.at(), null, null, p.reason(),
          p.value(), null));
      streakChecks.put(key, 0L);
    } else if (!p.healthy()) {
      streakChecks.merge(key, p.previousChecks(), Long::sum);
    } else if (openStreak.containsKey(key)) {
      endStreak(key, p.at(), streakChecks.getOrDefault(key, 0L) + p.previousChecks());
    }
  }

  /** A health change: when a probe was declared unhealthy; for an older journal, its results. */
  private void health(Event.HealthChanged h) {
    String key = h.host() + "\n" + h.probe();
    Streak s = openStreak.get(key);
    if (!h.healthy() && s != null && s.declaredAt() == null) {
      openStreak.put(key, new Streak(s.probe(), s.result(), s.from(), null, null, s.reason(),
          s.value(), h.at()));
    }
    if (resultsJournaled) {
      return;
    }
    String result = h.healthy() ? "healthy" : h.unreachable() ? "unreachable"
        : h.inconclusive() ? "inconclusive" : "unhealthy";
    ProbeSpan open = openSpan.remove(key);
    if (open != null) {
      close(key, open, h.at(), null);
    }
    openSpan.put(key, new ProbeSpan(h.probe(), result, h.at(), null, null, h.reason(), null));
    if (h.healthy()) {
      endStreak(key, h.at(), null);
    } else if (s == null) {
      openStreak.put(key, new Streak(h.probe(), result, h.at(), null, null, h.reason(), null,
          h.at()));
    }
  }

  private void close(String key, ProbeSpan s, Instant to, Long checks) {
    spans.computeIfAbsent(key.substring(0, key.indexOf('\n')), k -> new ArrayList<>())
        .add(new ProbeSpan(s.probe(), s.result(), s.from(), to, checks, s.reason(), s.value()));
  }

  private void endStreak(String key, Instant until, Long checks) {
    Streak s = openStreak.remove(key);
    if (s != null) {
      streaks.computeIfAbsent(key.substring(0, key.indexOf('\n')), k -> new ArrayList<>())
          .add(new Streak(s.probe(), s.result(), s.from(), until, checks, s.reason(), s.value(),
              s.declaredAt()));
    }
  }

  /** Monitoring stopped (a rollback, the run's end): the open runs end here, checks unknown. */
  private void closeAll(String host, Instant at) {
    for (String key : openSpan.keys(host)) {
      close(key, openSpan.remove(key), at, null);
      endStreak(key, at, null);
    }
  }
}
