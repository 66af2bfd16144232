package dev.rollout.source;

import dev.rollout.source.Node.Entry;
import dev.rollout.source.Node.ListNode;
import dev.rollout.source.Node.MapNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Node.ScalarType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validating access to the keys of one YAML map. Every wrong value is reported to {@link
 * Problems} and read as absent, so loading goes on and finds every problem at once.
 */
public final class Fields {

  private final MapNode map;
  private final Problems problems;

  private Fields(MapNode map, Problems problems) {
    this.map = map;
    this.problems = problems;
  }

  /**
   * Fields of {@code node} when it is a map with only {@code allowed} keys; unknown keys are reported
   * with the closest allowed key. Returns null (reported) when {@code node} is not a map.
   */
  public static Fields of(Node node, String what, Set<String> allowed, Problems problems) {
    if (!(node instanceof MapNode m)) {
      problems.add(node, what + " must be a map of keys, found " + node.kindName());
      return null;
    }
    for (Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        String path = m.path().isEmpty() ? e.key() : m.path() + "." + e.key();
        problems.add(e.keyPosition(), path, unknownKey(e.key(), what), hint(e.key(), allowed));
      }
    }
    return new Fields(m, problems);
  }

  private static String unknownKey(String key, String what) {
    return "unknown key \"" + key + "\" in " + what;
  }

  private static String hint(String key, Set<String> allowed) {
    return Suggest.closest(key, allowed)
        .map(s -> "did you mean \"" + s + "\"?")
        .orElse("valid keys: " + String.join(", ", allowed.stream().sorted().toList()));
  }

  public MapNode node() {
    return map;
  }

  public Node get(String key) {
    return map.get(key);
  }

  public boolean has(String key) {
    return map.get(key) != null;
  }

  /** Reports a missing required key at the map's position. */
  public void require(String key, String what) {
    if (!has(key)) {
      problems.add(map, "missing required key \"" + key + "\"", what);
    }
  }

  public Optional<String> string(String key) {
    Node n = map.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (n instanceof Scalar s && s.type() != ScalarType.NULL) {
      return Optional.of(s.text());
    }
    problems.add(n, "expected text, found " + n.kindName());
    return Optional.empty();
  }

  public Optional<Boolean> bool(String key) {
    Node n = map.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (n instanceof Scalar s && s.type() == ScalarType.BOOLEAN) {
      return Optional.of(Boolean.parseBoolean(s.text()));
    }
    problems.add(n, "expected true or false, found " + describe(n));
    return Optional.empty();
  }

  /** An integer within [min, max]. */
  public Optional<Integer> integer(String key, int min, int max) {
    Node n = map.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (n instanceof Scalar s && s.type() == ScalarType.INTEGER) {
      try {
        int v = Integer.parseInt(s.text());
        if (v >= min && v <= max) {
          return Optional.of(v);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(n, "value " + s.text() + " is out of range", "allowed: " + min + " to " + max);
      return Optional.empty();
    }
    problems.add(n, "expected a whole number, found " + describe(n));
    return Optional.empty();
  }

  /**
   * A duration of at most {@link Durations#MAX}, the longest the engine can wait for; zero is
   * allowed, for the keys where it means "none" (a soak, a watch).
   */
  public Optional<Duration> duration(String key) {
    Node n = map.get(key);
    if (n == null) {
      return Optional.empty();
    }
    Optional<Duration> d = n instanceof Scalar s ? Durations.parse(s.text()) : Optional.empty();
    if (d.isEmpty()) {
      problems.add(n, n instanceof Scalar ? "malformed duration " + describe(n)
          : "expected a duration, found " + n.kindName(),
          "write a number and a unit: 90s, 30m, 72h, 2d");
      return d;
    }
    if (d.get().compareTo(Durations.MAX) > 0) {
      problems.add(n, "duration " + describe(n) + " is longer than "
          + Durations.format(Durations.MAX) + ", the longest Rollout can wait for",
          "write at most " + Durations.format(Durations.MAX));
      return Optional.empty();
    }
    return d;
  }

  /**
   * A duration of more than zero and at most {@link Durations#MAX}: for a timeout or an interval,
   * where zero cannot mean anything (every step would time out, probes would never rest).
   */
  public Optional<Duration> positiveDuration(String key, String what) {
    Optional<Duration> d = duration(key);
    if (d.isPresent() && d.get().isZero()) {
      problems.add(map.get(key), "the " + what + " must be more than zero",
          "for example: " + (what.contains("interval") ? "30s" : "5m"));
      return Optional.empty();
    }
    return d;
  }

  /** A list of strings; a single string is not accepted. */
  public Optional<List<String>> strings(String key) {
    Node n = map.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (!(n instanceof ListNode l)) {
      problems.add(n, "expected a list, found " + n.kindName());
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (Node item : l.items()) {
      if (item instanceof Scalar s && s.type() != ScalarType.NULL) {
        out.add(s.text());
      } else {
        problems.add(item, "expected text, found " + item.kindName());
      }
    }
    return Optional.of(out);
  }

  /** A map of string to string, such as labels. */
  public Optional<Map<String, String>> stringMap(String key) {
    Node n = map.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (!(n instanceof MapNode m)) {
      problems.add(n, "expected a map, found " + n.kindName());
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Entry e : m.entries().values()) {
      if (e.value() instanceof Scalar s && s.type() != ScalarType.NULL) {
        out.put(e.key(), s.text());
      } else {
        problems.add(e.value(), "expected text, found " + e.value().kindName());
      }
    }
    return Optional.of(out);
  }

  /** The value as an operator would recognise it in a message: quoted text or its kind. */
  public static String describe(Node n) {
    return n instanceof Scalar s && s.type() != ScalarType.NULL
        ? "\"" + s.text() + "\""
        : n.kindName();
  }
}
