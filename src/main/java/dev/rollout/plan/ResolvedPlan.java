package dev.rollout.plan;

import dev.rollout.inventory.Host;
import dev.rollout.inventory.Inventory;
import java.time.Duration;
import java.util.List;

/**
 * A plan checked against an inventory: the targets in order and the stages they fall into.
 *
 * @param plan the plan
 * @param inventory the inventory
 * @param targets every target host, in target order
 * @param waves the canary stage (when there are canaries), then the waves
 */
public record ResolvedPlan(Plan plan, Inventory inventory, List<Host> targets, List<Wave> waves) {

  public ResolvedPlan {
    targets = List.copyOf(targets);
    waves = List.copyOf(waves);
  }

  public HostValues values(Host host, String runId) {
    return new HostValues(plan, inventory, host, runId);
  }

  /**
   * Secrets whose environment variable is not set, as {@code NAME (vars.KEY of host H)}: a run
   * cannot start without them; a preview shows them masked anyway.
   */
  public List<String> missingSecrets() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    plan.vars().forEach((k, v) -> {
      if (v.secret() && v.value() == null) {
        out.add(v.env() + " (vars." + k + " of the plan)");
      }
    });
    for (Host h : targets) {
      h.vars().forEach((k, v) -> {
        if (v.secret() && v.value() == null) {
          out.add(v.env() + " (vars." + k + " of host " + h.name() + ")");
        }
      });
    }
    return List.copyOf(out);
  }

  public Host host(String name) {
    return inventory.host(name).orElseThrow();
  }

  /**
   * The least time the run can take, counting only waiting: the canary's soak, each wave's soak
   * and the watch. Steps are counted as instant.
   */
  public Duration minimumDuration() {
    Strategy s = plan.strategy();
    Duration d = Duration.ZERO;
    for (Wave w : waves) {
      d = d.plus(w.canary() ? s.soak() : s.waveSoak());
    }
    return d.plus(s.watch());
  }
}
