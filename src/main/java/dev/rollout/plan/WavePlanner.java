package dev.rollout.plan;

import dev.rollout.inventory.Host;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Splits the targets into the canary stage and the waves. Every target lands in exactly one stage,
 * the canary stage first.
 *
 * <p>Canaries are the hosts {@code strategy.canary} names; or, with {@code spreadBy}, the first
 * hosts of a round-robin over the label's values (one per value before any value gets a second);
 * or else the first targets in order. With {@code spreadBy} the waves are drawn from the same
 * round-robin order, so every wave mixes the label's values. Wave sizes: see {@link WaveSize}.
 */
public final class WavePlanner {

  private WavePlanner() {}

  public static List<Wave> plan(Strategy strategy, List<Host> targets) {
    return plan(strategy, targets, new LongAdder());
  }

  /** @param visits counts each host placed or passed over (a test seam) */
  static List<Wave> plan(Strategy strategy, List<Host> targets, LongAdder visits) {
    List<Host> order = strategy.spreadBy() == null ? targets : spread(targets, strategy.spreadBy());
    visits.add(strategy.spreadBy() == null ? 0 : targets.size());
    List<Wave> waves = new ArrayList<>();
    List<Host> canaries = canaries(strategy, order);
    if (!canaries.isEmpty()) {
      List<String> reasons = canaries.stream().map(h -> reason(strategy, h)).toList();
      waves.add(new Wave(0, true, names(canaries), reasons, serves(canaries)));
    }
    Set<String> picked = new HashSet<>(names(canaries));
    List<Host> rest = order.stream().peek(h -> visits.increment())
        .filter(h -> !picked.contains(h.name())).toList();
    int total = targets.size();
    int i = 0;
    // a cursor over the rest, not a list cut from the front: waves of one host each (the last
    // size repeats) would otherwise shift the whole rest once per wave
    for (int from = 0; from < rest.size(); ) {
      List<WaveSize> sizes = strategy.waves();
      WaveSize size = sizes.get(Math.min(i, sizes.size() - 1));
      List<Host> wave = rest.subList(from, from + size.hosts(total, rest.size() - from));
      from += wave.size();
      visits.add(wave.size());
      waves.add(new Wave(++i, false, names(wave), List.of(), serves(wave)));
    }
    return waves;
  }

  private static List<Host> canaries(Strategy strategy, List<Host> order) {
    if (!strategy.canary().hosts().isEmpty()) {
      Set<String> named = Set.copyOf(strategy.canary().hosts());
      return order.stream().filter(h -> named.contains(h.name())).toList();
    }
    return order.subList(0, Math.min(strategy.canary().count(), order.size()));
  }

  private static String reason(Strategy s, Host h) {
    if (!s.canary().hosts().isEmpty()) {
      return "named in strategy.canary";
    }
    if (s.spreadBy() != null) {
      String v = h.labels().get(s.spreadBy());
      return v == null
          ? "spreadBy " + s.spreadBy() + ": has no " + s.spreadBy() + " label, picked after those"
              + " that have one"
          : "spreadBy " + s.spreadBy() + ": first target with " + s.spreadBy() + "=" + v;
    }
    return "first target in order";
  }

  /** Round-robin over the label's values, in order of first appearance; unlabelled hosts last. */
  static List<Host> spread(List<Host> targets, String label) {
    Map<String, List<Host>> byValue = new LinkedHashMap<>();
    List<Host> unlabelled = new ArrayList<>();
    for (Host h : targets) {
      String v = h.labels().get(label);
      if (v == null) {
        unlabelled.add(h);
      } else {
        byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(h);
      }
    }
    List<Host> out = new ArrayList<>(targets.size());
    // each round takes one host of every value that has hosts left; a value once exhausted is
    // dropped, so a round costs the values still in it, not every value
    List<Iterator<Host>> turns = new ArrayList<>();
    byValue.values().forEach(hosts -> turns.add(hosts.iterator()));
    while (!turns.isEmpty()) {
      List<Iterator<Host>> next = new ArrayList<>(turns.size());
      for (Iterator<Host> t : turns) {
        out.add(t.next());
        if (t.hasNext()) {
          next.add(t);
        }
      }
      turns.clear();
      turns.addAll(next);
    }
    out.addAll(unlabelled);
    return out;
  }

  private static List<String> names(List<Host> hosts) {
    return hosts.stream().map(Host::name).toList();
  }

  private static List<String> serves(List<Host> hosts) {
    LinkedHashSet<String> s = new LinkedHashSet<>();
    hosts.forEach(h -> s.addAll(h.serves()));
    return List.copyOf(s);
  }
}
