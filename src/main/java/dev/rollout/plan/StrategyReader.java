package dev.rollout.plan;

import dev.rollout.plan.Strategy.Canary;
import dev.rollout.plan.Strategy.OnFailure;
import dev.rollout.plan.Strategy.RollbackScope;
import dev.rollout.source.Fields;
import dev.rollout.source.Node;
import dev.rollout.source.Node.ListNode;
import dev.rollout.source.Node.Scalar;
import dev.rollout.source.Node.ScalarType;
import dev.rollout.source.Problems;
import dev.rollout.source.Suggest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code strategy}. Defaults, for a plan that leaves a key out: one canary, no soak, one wave
 * of 100%, one host at a time, no failure tolerated, roll back every changed host.
 */
final class StrategyReader {

  private static final Set<String> KEYS = Set.of("canary", "soak", "waves", "waveSoak",
      "maxParallel", "maxFailures", "onFailure", "rollbackScope", "pauseAfterCanary", "spreadBy",
      "analysis",
      "rehearseRollback", "watch", "connections");
  private static final Pattern SIZE = Pattern.compile("(-?\\d+)(%?)");

  private final Problems problems;

  StrategyReader(Problems problems) {
    this.problems = problems;
  }

  Strategy read(Node n) {
    if (n == null) {
      return defaults();
    }
    Fields f = Fields.of(n, "strategy", KEYS, problems);
    if (f == null) {
      return defaults();
    }
    return new Strategy(
        canary(f.get("canary")),
        f.duration("soak").orElse(Duration.ZERO),
        waves(f.get("waves")),
        f.duration("waveSoak").orElse(Duration.ZERO),
        f.integer("maxParallel", 1, 10_000).orElse(1),
        threshold(f.get("maxFailures")),
        choice(f, "onFailure", OnFailure.class, OnFailure.ROLLBACK),
        choice(f, "rollbackScope", RollbackScope.class, RollbackScope.CHANGED),
        f.bool("pauseAfterCanary").orElse(false),
        f.string("spreadBy").orElse(null),
        f.bool("rehearseRollback").orElse(false),
        f.duration("watch").orElse(Duration.ZERO),
        new AnalysisReader(problems).read(f.get("analysis")),
        connections(f));
  }

  private Strategy.Connections connections(Fields f) {
    Optional<String> v = f.string("connections");
    if (v.isEmpty()) {
      return Strategy.Connections.DEFAULT;
    }
    List<String> keys = new ArrayList<>();
    for (Strategy.Connections c : Strategy.Connections.values()) {
      if (c.key().equals(v.get())) {
        return c;
      }
      keys.add(c.key());
    }
    String hint = Suggest.closest(v.get(), keys).map(s -> "did you mean \"" + s + "\"?")
        .orElse("one of: " + String.join(", ", keys));
    problems.add(f.get("connections"), "unknown connections \"" + v.get() + "\"", hint);
    return Strategy.Connections.DEFAULT;
  }

  static Strategy defaults() {
    return new Strategy(new Canary(1, List.of()), Duration.ZERO,
        List.of(new WaveSize(100, true)), Duration.ZERO, 1, new Threshold(0, false),
        OnFailure.ROLLBACK, RollbackScope.CHANGED, false, null, false, Duration.ZERO);
  }

  private Canary canary(Node n) {
    if (n == null) {
      return new Canary(1, List.of());
    }
    if (n instanceof Scalar s && s.type() == ScalarType.INTEGER) {
      int count = parse(s.text());
      if (count < 0) {
        problems.add(n, "canary count " + s.text() + " is negative", "use 0 or more");
        return new Canary(1, List.of());
      }
      if (count == Integer.MAX_VALUE) {
        problems.add(n, "canary count " + s.text() + " is far too large",
            "a canary is a few hosts: 1 is usual");
        return new Canary(1, List.of());
      }
      return new Canary(count, List.of());
    }
    if (n instanceof ListNode l) {
      List<String> hosts = new ArrayList<>();
      l.items().forEach(i -> {
        if (i instanceof Scalar s) {
          hosts.add(s.text());
        } else {
          problems.add(i, "expected a host name, found " + i.kindName());
        }
      });
      return new Canary(hosts.size(), hosts);
    }
    problems.add(n, "canary must be a count or a list of host names, found " + Fields.describe(n));
    return new Canary(1, List.of());
  }

  private List<WaveSize> waves(Node n) {
    if (n == null) {
      return List.of(new WaveSize(100, true));
    }
    if (!(n instanceof ListNode l)) {
      problems.add(n, "waves must be a list of sizes, found " + Fields.describe(n),
          "for example: [1, 25%, 100%]");
      return List.of(new WaveSize(100, true));
    }
    if (l.items().isEmpty()) {
      problems.add(n, "waves is empty", "for example: [1, 25%, 100%]");
    }
    List<WaveSize> out = new ArrayList<>();
    for (Node item : l.items()) {
      size(item, 1).ifPresent(out::add);
    }
    return out.isEmpty() ? List.of(new WaveSize(100, true)) : out;
  }

  private Threshold threshold(Node n) {
    if (n == null) {
      return new Threshold(0, false);
    }
    return size(n, 0).map(w -> new Threshold(w.value(), w.percent()))
        .orElse(new Threshold(0, false));
  }

  /** A count or a percentage, at least {@code min}; a percentage at most 100. */
  private Optional<WaveSize> size(Node n, int min) {
    Matcher m = n instanceof Scalar s ? SIZE.matcher(s.text().trim()) : null;
    if (m == null || !m.matches()) {
      problems.add(n, "expected a count or a percentage, found " + Fields.describe(n),
          "for example: 2 or 25%");
      return Optional.empty();
    }
    int v = parse(m.group(1));
    boolean percent = !m.group(2).isEmpty();
    if (v == Integer.MAX_VALUE) {
      problems.add(n, "size " + Fields.describe(n) + " is far too large",
          percent ? "100% means all that remain" : "write a percentage, such as 100%");
      return Optional.empty();
    }
    if (v < min) {
      problems.add(n, (v < 0 ? "negative size " : "size ") + Fields.describe(n)
          + (v < 0 ? "" : " is too small"), "use at least " + min + (percent ? "%" : ""));
      return Optional.empty();
    }
    if (percent && v > 100) {
      problems.add(n, "percentage " + Fields.describe(n) + " is over 100%",
          "100% means all that remain");
      return Optional.empty();
    }
    return Optional.of(new WaveSize(v, percent));
  }

  private static int parse(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private <E extends Enum<E>> E choice(Fields f, String key, Class<E> type, E fallback) {
    Optional<String> v = f.string(key);
    if (v.isEmpty()) {
      return fallback;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      String name = e.name().toLowerCase(Locale.ROOT);
      if (name.equals(v.get())) {
        return e;
      }
      names.add(name);
    }
    String hint = Suggest.closest(v.get(), names).map(s -> "did you mean \"" + s + "\"?")
        .orElse("one of: " + String.join(", ", names));
    problems.add(f.get(key), "unknown " + key + " \"" + v.get() + "\"", hint);
    return fallback;
  }
}
