package dev.rollout.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the control hosts of {@code strategy.analysis}: hosts held unchanged while a stage soaks.
 * Never a host of the stage or one already changed; taken from the latest waves first (they stay
 * unchanged the longest), spread across the {@code spreadBy} label's values in turn.
 */
public final class ControlHosts {

  private ControlHosts() {}

  /**
   * The controls of stage {@code index} of {@code waves}: {@code count} hosts (fewer when fewer
   * remain) of the stages after it. Empty for the last stage: it is compared with its own hosts'
   * pre-change window.
   */
  public static List<String> of(ResolvedPlan rp, int index, int count) {
    List<Wave> waves = rp.waves();
    List<String> later = new ArrayList<>();
    for (int i = waves.size() - 1; i > index; i--) {
      later.addAll(waves.get(i).hosts());
    }
    return spread(rp, later, count, Set.of());
  }

  /** The controls of the canary stage, as the preview shows them. */
  public static List<String> ofCanary(ResolvedPlan rp) {
    AnalysisSpec a = rp.plan().strategy().analysis();
    return a == null || rp.waves().isEmpty() ? List.of() : of(rp, 0, a.control());
  }

  private static List<String> spread(ResolvedPlan rp, List<String> hosts, int count,
      Collection<String> skip) {
    String by = rp.plan().strategy().spreadBy();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String h : hosts) {
      if (!skip.contains(h)) {
        String v = by == null ? "" : rp.host(h).labels().getOrDefault(by, "");
        groups.computeIfAbsent(v, k -> new ArrayList<>()).add(h);
      }
    }
    List<String> out = new ArrayList<>();
    for (int round = 0; out.size() < count; round++) {
      boolean any = false;
      for (List<String> g : groups.values()) {
        if (round < g.size() && out.size() < count) {
          out.add(g.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return out;
  }
}
