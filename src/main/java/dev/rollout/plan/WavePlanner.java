package dev.rollout.plan;

import dev.rollout.inventory.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
    List<Host> order = strategy.spreadBy() == null ? targets : spread(targets, strategy.spreadBy());
    List<Wave> waves = new ArrayList<>();
    List<Host> canaries = canaries(strategy, order);
    if (!canaries.isEmpty()) {
      List<String> reasons = canaries.stream().map(h -> reason(strategy, h)).toList();
      waves.add(new Wave(0, true, names(canaries), reasons, serves(canaries)));
    }
    List<Host> rest = new ArrayList<>(order);
    rest.removeAll(canaries);
    int total = targets.size();
    int i = 0;
    while (!rest.isEmpty()) {
      List<WaveSize> sizes = strategy.waves();
      WaveSize size = sizes.get(Math.min(i, sizes.size() - 1));
      List<Host> wave = new ArrayList<>(rest.subList(0, size.hosts(total, rest.size())));
      rest.subList(0, wave.size()).clear();
      waves.add(new Wave(++i, false, names(wave), List.of(), serves(wave)));
    }
    return waves;
  }

  private static List<Host> canaries(Strategy strategy, List<Host> order) {
    if (!strategy.canary().hosts().isEmpty()) {
      return order.stream().filter(h -> strategy.canary().hosts().contains(h.name())).toList();
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
    for (int round = 0; out.size() + unlabelled.size() < targets.size(); round++) {
      for (List<Host> hosts : byValue.values()) {
        if (round < hosts.size()) {
          out.add(hosts.get(round));
        }
      }
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
